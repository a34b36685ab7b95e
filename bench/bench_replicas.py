"""Bench 8: several poller replicas on one PostgreSQL, each its own process, at 200 ms cloud
latency: per-replica CPU, memory and database connections; every car polled once per
interval, none twice; the leases of a killed replica taken over.

The simulator runs in a process of its own (`bench.simproc`). The database is a throw-away
PostgreSQL database named after this branch and process. The replicas run the real `Poller`
on the wall clock, with a short idle interval and lease so that the run stays bounded
(`BENCH_REPLICA_*` below); at most one tick per second (the bench's own loop;
`PollerRuntime` ticks again at once after a full batch). Every status read is recorded
(car, time, replica) by a thin wrapper around the client pool. After the first (cold)
cycle, replica 0 is killed with SIGKILL mid-run; the others must take its cars over once
its leases run out. Skipped when PostgreSQL is not reachable.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    CpuWatch,
    Table,
    child_env,
    cpu_seconds,
    current_rss_mb,
    emit_child_result,
    percentile,
)

TITLE = "8. Replicas on one PostgreSQL: 200 ms cloud latency, leases, take-over"
CARS = int(os.environ.get("BENCH_REPLICA_CARS", "2000"))
REPLICAS = int(os.environ.get("BENCH_REPLICAS", "3"))
INTERVAL_S = int(os.environ.get("BENCH_REPLICA_INTERVAL", "60"))
LEASE_S = int(os.environ.get("BENCH_REPLICA_LEASE", "30"))
RUN_S = int(os.environ.get("BENCH_REPLICA_SECONDS", "240"))
KILL_AT_S = RUN_S * 0.5
LATENCY_S = 0.2
TICK_S = 1.0
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


# ------------------------------------------------------------------------- one replica


class _Recording:
    """The client pool, recording every status read as a line `vin wall-time` in a file that
    outlives a killed replica."""

    def __init__(self, pool: Any, log: Any) -> None:
        self._pool, self._log = pool, log

    async def for_account(self, account_id: int) -> Any:
        client = await self._pool.for_account(account_id)
        log = self._log

        class _Reader:
            async def get_status(self, vin: str, *, with_charge_target: bool = False) -> Any:
                status = await client.get_status(vin, with_charge_target=with_charge_target)
                log.write(f"{vin} {time.time():.3f}\n")
                log.flush()
                return status

            async def get_charge_target(self, vin: str) -> Any:
                return await client.get_charge_target(vin)

            async def get_firmware(self, vin: str) -> Any:
                return await client.get_firmware(vin)

        return _Reader()


async def _replica(
    db_url: str, key: str, sim_url: str, seconds: float, log_path: str
) -> dict[str, Any]:

    from bench.bench_poller_capacity import _settings
    from bot.commands.clients import ClientPool
    from bot.poller.tick import Poller
    from bot.services import COMMAND_CONNECTIONS
    from bot.smart.endpoints import Endpoints
    from bot.smart.http_pool import cloud_http_client
    from bot.storage.crypto import CredentialCipher
    from bot.storage.db import Database

    settings = _settings(db_url, key, sim_url).model_copy(update={"poll_interval_idle": INTERVAL_S})
    db = Database(db_url)
    http = cloud_http_client(  # the bot's connections, as `BotServices` builds them
        connections=settings.poller_concurrency + COMMAND_CONNECTIONS, timeout=30
    )
    pool = ClientPool(
        db=db,
        cipher=CredentialCipher(settings.fernet_keys),
        http=http,
        endpoints=Endpoints.local(sim_url),
    )
    log = Path(log_path).open("a", buffering=1)  # noqa: SIM115, ASYNC230 (a line per poll)
    polls = 0
    poller = Poller(
        db=db, clients=_Recording(pool, log), settings=settings, lease=timedelta(seconds=LEASE_S)
    )
    started, cpu = time.monotonic(), cpu_seconds()
    in_use = [0]

    async def sample() -> None:  # connections checked out of this replica's pool
        while True:
            in_use[0] = max(in_use[0], db.engine.pool.checkedout())  # type: ignore[attr-defined]
            await asyncio.sleep(0.01)

    sampler = asyncio.create_task(sample())
    while time.monotonic() - started < seconds:
        began = time.monotonic()
        polls += (await poller.tick()).polled
        await asyncio.sleep(max(0.0, TICK_S - (time.monotonic() - began)))
    sampler.cancel()
    max_connections = in_use[0]
    result = {
        "polls": polls,
        "cpu_s": cpu_seconds() - cpu,
        "rss_mb": current_rss_mb(),
        "max_connections": max_connections,
        "pool_size": db.engine.pool.size(),  # type: ignore[attr-defined]
    }
    await pool.close()
    await http.aclose()
    await db.dispose()
    log.close()
    return result


def child_main(argv: list[str]) -> None:
    import logging

    logging.disable(logging.WARNING)
    db_url, key, sim_url, seconds, log_path = argv
    emit_child_result(asyncio.run(_replica(db_url, key, sim_url, float(seconds), log_path)))


# ---------------------------------------------------------------------------- the runner


async def _admin(sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(POSTGRES_ADMIN, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _connections(name: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_ADMIN, timeout=5)
    try:
        return int(
            await conn.fetchval("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", name)
        )
    finally:
        await conn.close()


def _start(db_url: str, key: str, sim_url: str, log: Path) -> subprocess.Popen[bytes]:
    args = [db_url, key, sim_url, str(RUN_S), str(log)]
    return subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.bench_replicas", "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(),
    )


def _run_replicas(
    db_url: str, name: str, key: str, sim_url: str, workdir: Path, *, sim_pid: int
) -> dict[str, Any]:
    import json

    logs = [workdir / f"replica-{index}.log" for index in range(REPLICAS)]
    procs = [_start(db_url, key, sim_url, log) for log in logs]
    began, watch = time.monotonic(), CpuWatch(sim_pid)
    peak_connections = 0
    killed_at = None
    while any(proc.poll() is None for proc in procs):
        time.sleep(2)
        watch.sample()
        peak_connections = max(peak_connections, asyncio.run(_connections(name)))
        if killed_at is None and time.monotonic() - began >= KILL_AT_S:
            procs[0].send_signal(signal.SIGKILL)
            killed_at = time.time()
    others, wall = watch.spent(), time.monotonic() - began
    results = []
    for index, proc in enumerate(procs):
        out = proc.stdout.read().decode() if proc.stdout else ""
        proc.wait()
        lines = [line for line in out.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines and index else {"killed": True}
        result["log"] = [
            (vin, float(at))
            for vin, at in (line.split() for line in logs[index].read_text().splitlines())
        ]
        results.append(result)
    return {
        "replicas": results,
        "killed_at": killed_at,
        "peak_connections": peak_connections,
        "others_cpu_s": others,
        "wall_s": wall,
    }


def _measure() -> dict[str, Any] | None:
    from cryptography.fernet import Fernet

    from bench import simproc
    from bench.fleet import seed_fleet
    from bot.storage.migrations import upgrade_to_head

    name = f"i19_bench_replicas_{os.getpid()}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except Exception:  # no PostgreSQL: skipped
        return None
    db_url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    key = Fernet.generate_key().decode()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp:
            sim = simproc.start(CARS, LATENCY_S, Path(tmp))
            try:
                upgrade_to_head(db_url)
                asyncio.run(seed_fleet(db_url, key, sim.accounts, 0))
                result = _run_replicas(
                    db_url, name, key, sim.base_url, Path(tmp), sim_pid=sim.proc.pid
                )
                result["vins"] = [entry["vin"] for entry in sim.accounts]
                return result
            finally:
                sim.stop()
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run() -> list[Table]:
    measured = _measure()
    if measured is None:
        table = Table("PostgreSQL not reachable", ["status"])
        table.add("skipped: needs PostgreSQL at 127.0.0.1:5432")
        return [table]
    replicas = measured["replicas"]
    killed_at = measured["killed_at"] or 0.0
    per = Table(
        f"{REPLICAS} replicas, {CARS:,} cars, idle interval {INTERVAL_S} s, lease {LEASE_S} s, "
        f"{RUN_S} s run, replica 0 killed at {KILL_AT_S:.0f} s",
        [
            "replica",
            "polls",
            "CPU s",
            "CPU % of a core",
            "CPU ms / poll",
            "RSS (MiB)",
            "DB connections (max used)",
        ],
    )
    polls: dict[str, list[tuple[float, int]]] = {vin: [] for vin in measured["vins"]}
    for index, result in enumerate(replicas):
        for vin, at in result["log"]:
            polls[vin].append((at, index))
        count = len(result["log"])
        if result.get("killed"):
            per.add(index, f"{count:,} until killed", "-", "-", "-", "-", "-")
            continue
        per.add(
            index,
            count,
            result["cpu_s"],
            f"{result['cpu_s'] / RUN_S * 100:.0f}",
            result["cpu_s"] / max(count, 1) * 1000,
            result["rss_mb"],
            f"{result['max_connections']} (pool {result['pool_size']})",
        )
    per.notes.append(
        f"PostgreSQL connections of the database, peak over the run (all replicas and the "
        f"seeding): {measured['peak_connections']}."
    )
    return [
        per,
        _machine(measured),
        _checks(polls, killed_at, sum(len(result["log"]) for result in replicas)),
    ]


def _machine(measured: dict[str, Any]) -> Table:
    """Where the machine's cores went while the replicas ran: the next limit."""
    others, wall = measured["others_cpu_s"], measured["wall_s"]
    cores = os.cpu_count() or 1
    table = Table(
        f"The machine's CPU over the replicas' run ({wall:.0f} s, {cores} cores)",
        ["process", "CPU s", "% of one core"],
    )
    replicas = sum(r.get("cpu_s", 0.0) for r in measured["replicas"])
    rows = [
        ("replicas (the two that ran to the end)", replicas),
        ("simulator (one process, every replica's cloud)", others["simulator"]),
        ("PostgreSQL (all its processes)", others["postgres"]),
        ("the whole machine (busy)", others["machine_busy"]),
    ]
    for label, seconds in rows:
        if seconds is None:
            table.add(label, "-", "-")
        else:
            table.add(label, seconds, f"{seconds / wall * 100:.0f}")
    if others["machine_all"]:
        busy = (others["machine_busy"] or 0.0) / others["machine_all"] * 100
        table.notes.append(f"The machine's cores were {busy:.0f} % busy over the run.")
    return table


def _checks(polls: dict[str, list[tuple[float, int]]], killed_at: float, total: int) -> Table:
    """Once per interval, none twice, none starved, the killed replica's cars taken over."""
    firsts = [min(at for at, _ in times) for times in polls.values() if times]
    cold_done = max(firsts) if firsts else killed_at
    twice = lost = starved = starved_kill = starved_moved = 0
    steady_gaps: list[float] = []
    orphan_waits: list[float] = []
    takeovers: list[float] = []
    for times in polls.values():
        ordered = sorted(times)
        gaps = list(itertools.pairwise(ordered))
        for a, b in gaps:
            if b[0] - a[0] >= INTERVAL_S * 0.9:
                continue
            if a[1] == 0 and a[0] < killed_at <= b[0] and b[0] - killed_at <= LEASE_S + 5:
                lost += 1  # read by the killed replica, its result never written: read again
            else:
                twice += 1
        for a, b in gaps:
            if a[0] < cold_done:
                continue  # the cold cycle is capacity, not scheduling
            across_kill = a[0] < killed_at <= b[0] and a[1] == 0
            limit = INTERVAL_S + TICK_S + (LEASE_S if across_kill else 0) + 2
            steady_gaps.append(b[0] - a[0])
            if b[0] - a[0] > limit:
                starved += 1
                starved_kill += across_kill
                starved_moved += a[1] != b[1]  # read by another replica than the time before
        by_killed = [at for at, who in ordered if who == 0]
        if by_killed:  # the killed replica's car: how long until a survivor read it again
            later = [at for at, _ in ordered if at > by_killed[-1]]
            orphan_waits.append(later[0] - by_killed[-1] if later else math.inf)
            if later and killed_at:  # ... counted from when it was due again (or the kill)
                # A read again sooner than the interval: the kill lost the last read's result
                # (due at the kill, its lease to run out first).
                due = by_killed[-1] + INTERVAL_S
                if later[0] - by_killed[-1] < INTERVAL_S * 0.9:
                    due = killed_at
                takeovers.append(later[0] - max(due, killed_at))
    checks = Table("Every car (all replicas' records)", ["check", "measured"])
    checks.add("cars", f"{len(polls):,}")
    checks.add("cars never polled", sum(1 for times in polls.values() if not times))
    checks.add("first (cold) cycle over all cars done after, s", cold_done - min(firsts))
    checks.add("polls of one car less than 0.9 x the interval apart", twice)
    checks.add(
        "reads of the killed replica whose result it never wrote, read again within the lease",
        lost,
    )
    checks.add(
        f"steady gaps over interval + tick ({INTERVAL_S + TICK_S:.0f} s; + lease "
        f"{LEASE_S} s across the kill)",
        f"{starved} ({starved_kill} across the kill; {starved_moved} moved to another replica)",
    )
    steady_gaps.sort()
    if steady_gaps:
        checks.add(
            "steady gaps between two polls of a car: p50 / p99 / max, s",
            f"{percentile(steady_gaps, 50):.1f} / {percentile(steady_gaps, 99):.1f} / "
            f"{steady_gaps[-1]:.1f}",
        )
    kill_gaps = [gap for gap in orphan_waits if gap != math.inf]
    checks.add(
        "killed replica's cars: from its last poll to a survivor's, max s",
        f"{max(kill_gaps):.1f} (n={len(kill_gaps):,}; not again before the end: "
        f"{len(orphan_waits) - len(kill_gaps)})"
        if kill_gaps
        else "n/a",
    )
    checks.add(
        f"killed replica's cars: taken over after due (or the kill), p99 / max s "
        f"(lease {LEASE_S} s + tick {TICK_S:.0f} s)",
        f"{percentile(sorted(takeovers), 99):.1f} / {max(takeovers):.1f}" if takeovers else "n/a",
    )
    checks.add(
        "polls per second over the run (cars / interval)",
        f"{total / RUN_S:.1f} ({len(polls) / INTERVAL_S:.1f})",
    )
    return checks


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    child_main(sys.argv[2:])
