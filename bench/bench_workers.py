"""Bench 9: cost growth with POLLER_WORKERS: the poll cycle, CPU and memory of one replica
at 1,000 / 5,000 (/ 10,000) cars with 1 and with 2 poller worker processes, side by side.

The product's own `bot.workers.WorkerSupervisor` starts the real worker processes
(`python -m bot.worker_main`) against the simulated cloud in a process of its own
(`bench.simproc`, 200 ms latency) and a throw-away PostgreSQL database (`wt33_bench_workers_
<pid>`, dropped afterwards). Per fleet size: the cold cycle (first read of every car) once,
in the first round; rounds alternate 1, 2, 1, 2 workers (`BENCH_WORKERS_ROUNDS`). A round
starts its workers while no car is due, then makes every car due at once, `BENCH_WORKERS_
CYCLES` times (2): the first cycle of fresh processes builds every account's client, the
later ones are steady (with two workers, a worker meets accounts it has no client for yet in
the first steady cycles too). A cycle ends when the database shows every car read again.
CPU and peak RSS are read from /proc for each worker, the simulator and PostgreSQL, with
how busy the whole machine was. `BENCH_WORKERS_CONCURRENCY` (50) is each worker's
`POLLER_CONCURRENCY`. The Telegram process is
left out: the workers are the pollers, one worker the same poller loop as the Telegram
process's. Each cycle's figures also go to stderr as they come (a long run stays useful).
"""

from __future__ import annotations

import asyncio
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import CpuWatch, Table, proc_cpu_seconds

TITLE = "9. Cost growth with poller worker processes (POLLER_WORKERS), 1 vs 2, PostgreSQL"
SCALES = [int(n) for n in os.environ.get("BENCH_WORKERS_SCALE", "1000,5000").split(",")]
ROUNDS = [int(n) for n in os.environ.get("BENCH_WORKERS_ROUNDS", "1,2,1,2").split(",")]
# Cycles per round: the first of fresh processes, then steady ones. With two workers a car
# goes to either, so a worker still builds the clients of the accounts it meets for the
# first time in the second cycle (about half of them), a quarter in the third, ...
CYCLES = int(os.environ.get("BENCH_WORKERS_CYCLES", "2"))
CONCURRENCY = int(os.environ.get("BENCH_WORKERS_CONCURRENCY", "50"))  # per worker
LATENCY_S = 0.2
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _cpu_s(pid: int) -> float:
    return proc_cpu_seconds(pid=pid) or 0.0


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _sql(db_url: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(db_url.replace("+asyncpg", ""), timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _wait(check: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def _cycle_done(
    db_url: str, cars: int, seconds: float, watch: CpuWatch, failed: Any = lambda: 0
) -> tuple[bool, int, float]:
    """Wait until every car was polled since it was made due: its next poll is then an idle
    interval (an hour) away. Read from the database every 0.1 s, not from the heartbeats,
    which come once per tick (a tick claims on for up to 10 s); a failed poll (`failed()`,
    from the heartbeats) counts as done; `watch` samples PostgreSQL's backends every second.
    (done, cars polled, when the first car was seen polled: a worker notices that cars are
    due at its next tick, up to POLL_INTERVAL_AFTER_COMMAND (5 s) after they became due)."""
    import asyncpg

    conn = await asyncpg.connect(db_url.replace("+asyncpg", ""), timeout=5)
    deadline = time.monotonic() + seconds
    turn, first_at = 0, float("nan")
    try:
        while True:
            if turn % 10 == 0:
                watch.sample()
            turn += 1
            polled = int(
                await conn.fetchval(
                    "SELECT count(*) FROM vehicle_state "
                    "WHERE next_poll_at > now() + interval '30 minutes'"
                )
            )
            if polled and math.isnan(first_at):
                first_at = time.monotonic()
            if polled + failed() >= cars or time.monotonic() > deadline:
                return polled + failed() >= cars, polled, first_at
            await asyncio.sleep(0.1)
    finally:
        await conn.close()


async def _round(settings: Any, workers: int, cars: int, *, sim_pid: int) -> list[dict[str, Any]]:
    """Start `workers` processes while no car is due, then `CYCLES` cycles: every car made
    due at once, timed until every car was read once more. The first cycle of fresh
    processes builds each account's client (and, in the first round, reads every car for the
    first time); the later ones are steady (see `CYCLES` for two workers)."""
    from bot.workers import WorkerSupervisor

    db_url = settings.database_url
    await _sql(db_url, "UPDATE vehicle_state SET next_poll_at = now() + interval '1 day'")
    supervisor = WorkerSupervisor(settings, count=workers)
    supervisor.start()
    results = []
    try:
        states = supervisor.states
        await _wait(lambda: all(state.ticks > 0 for state in states), 60)
        pids = [state.pid for state in states if state.pid is not None]
        for cycle in range(CYCLES):
            cpu0 = [_cpu_s(pid) for pid in pids]
            sim0 = _cpu_s(sim_pid)
            watch = CpuWatch(sim_pid)
            failed0 = sum(state.failed for state in states)
            began = time.monotonic()
            await _sql(db_url, "UPDATE vehicle_state SET next_poll_at = now()")
            done, polled, first_at = await _cycle_done(
                db_url,
                cars,
                1800,
                watch,
                lambda: sum(state.failed for state in states) - failed0,  # noqa: B023
            )
            ended = time.monotonic()
            seconds = ended - began
            spent = watch.spent()
            results.append(
                {
                    "workers": workers,
                    "cycle": cycle,
                    "seconds": seconds,
                    "polling_s": ended - first_at,
                    "done": done,
                    "polled": polled,
                    "failed": sum(state.failed for state in states) - failed0,
                    "cpu": [_cpu_s(pid) - c for pid, c in zip(pids, cpu0, strict=True)],
                    "sim_cpu": _cpu_s(sim_pid) - sim0,
                    "pg_cpu": spent["postgres"] or 0.0,
                    "machine_busy": (spent["machine_busy"] or 0.0)
                    / max(spent["machine_all"] or 0.0, 1e-9),
                    "rss": [_peak_rss_mb(pid) for pid in pids],
                    "restarts": sum(state.restarts for state in states),
                }
            )
            print(
                f"bench workers: {cars} cars, {workers} worker(s): {results[-1]}",
                file=sys.stderr,
                flush=True,
            )
            await _sql(db_url, "UPDATE vehicle_state SET next_poll_at = now() + interval '1 day'")
    finally:
        await supervisor.stop()
    return results


async def _scale(cars: int, workdir: Path) -> list[dict[str, Any]]:
    from cryptography.fernet import Fernet

    from bench import simproc
    from bench.bench_poller_capacity import _settings
    from bench.fleet import seed_fleet
    from bot.storage.migrations import upgrade_to_head

    name = f"wt33_bench_workers_{os.getpid()}_{cars}"
    await _sql(POSTGRES_ADMIN, f'CREATE DATABASE "{name}"')
    db_url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    key = Fernet.generate_key().decode()
    try:
        sim = simproc.start(cars, LATENCY_S, workdir)
        try:
            await asyncio.to_thread(upgrade_to_head, db_url)
            await seed_fleet(db_url, key, sim.accounts, 0)
            # An hour's idle interval: no car comes due twice within one (long) cold cycle.
            settings = _settings(db_url, key, sim.base_url).model_copy(
                update={
                    "log_level": "WARNING",
                    "poll_interval_idle": 3600,
                    "poller_concurrency": CONCURRENCY,
                }
            )
            results = []
            for workers in ROUNDS:
                results += await _round(settings, workers, cars, sim_pid=sim.proc.pid)
            return results
        finally:
            sim.stop()
    finally:
        await _sql(POSTGRES_ADMIN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run() -> list[Table]:
    try:
        asyncio.run(_sql(POSTGRES_ADMIN, "SELECT 1"))
    except Exception:  # no PostgreSQL: skipped
        table = Table("PostgreSQL not reachable", ["status"])
        table.add("skipped: needs PostgreSQL at 127.0.0.1:5432")
        return [table]
    table = Table(
        f"One replica's pollers, 200 ms cloud latency, POLLER_CONCURRENCY={CONCURRENCY} "
        f"per worker, {os.cpu_count()} cores shared with the simulator (and whatever else runs)",
        [
            "cars",
            "cycle",
            "workers",
            "cycle s",
            "polls / s",
            "polls / s after the first",
            "workers' CPU s",
            "CPU ms / poll",
            "CPU % of a core, per worker",
            "simulator CPU s",
            "PostgreSQL CPU s",
            "machine busy %",
            "peak RSS per worker (MiB)",
        ],
    )
    for cars in SCALES:
        with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
            results = asyncio.run(_scale(cars, Path(tmp)))
        for index, result in enumerate(results):
            seconds = result["seconds"]
            cpu = sum(result["cpu"])
            first = "cold" if index == 0 else "fresh processes"
            table.add(
                f"{cars:,}",
                first if result["cycle"] == 0 else f"steady {result['cycle']}",
                result["workers"],
                f"{seconds:.1f}" + ("" if result["done"] else " (timed out)"),
                f"{result['polled'] / seconds:.0f}",
                f"{result['polled'] / max(result['polling_s'], 1e-9):.0f}",
                f"{cpu:.1f}",
                f"{cpu / max(result['polled'], 1) * 1000:.2f}",
                " / ".join(f"{c / seconds * 100:.0f}" for c in result["cpu"]),
                f"{result['sim_cpu']:.1f}",
                f"{result['pg_cpu']:.1f}",
                f"{result['machine_busy'] * 100:.0f}",
                " / ".join(f"{r:.0f}" for r in result["rss"]),
            )
            if result["restarts"] or result["failed"]:
                table.notes.append(
                    f"{cars} cars, cycle {index}: {result['restarts']} worker restart(s), "
                    f"{result['failed']} failed poll(s)"
                )
    table.notes.append(
        "Steady cycles alternate 1 and 2 workers in one run, so the load of the shared machine "
        "is spread over both; compare the rows of one fleet size with each other."
    )
    table.notes.append(
        "polls / s after the first: from the first car seen polled to the last; a worker "
        "sees that cars are due at its next tick, up to 5 s after the cycle began."
    )
    table.notes.append(
        "machine busy %: the share of all cores busy during the cycle (/proc/stat), whatever "
        "ran; at 100 the machine, not the bot, sets the pace."
    )
    return [table]
