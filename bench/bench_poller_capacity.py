"""Bench 2: poller capacity with 200 ms cloud latency: one full poll cycle over N cars, CPU
seconds per 1,000 polls, and the peak memory of the bot process, for 100, 2,000 and 10,000
cars.

The simulator runs in a process of its own (`bench.simproc`, one account with one car per
user, 200 ms added to every answer). The bot's database (SQLite) is seeded (`bench.fleet`),
snapshotted at each fleet size, and each size is polled by a fresh child process that holds
what the bot holds for polling: the database engine, the client pool (one `SmartClient` per
account) and the real `Poller`. A cycle is `Poller.tick()` called back to back until no car
is due; the poller's clock is a manual one, moved past the idle interval between cycles.

Cycle 1 is a cold start (every client fetches its vehicle list, selects the car and asks the
OTA service), cycle 2 the steady state. Inside the ten-minute budget of `make bench`, the
10,000-car point polls the first 1,000 cars of its cold cycle and projects the cycle from
that rate; `BENCH_FULL=1` polls all 10,000 (about 8 minutes on 2 cores).
`BENCH_COMPARE_POOLS=1` polls each size twice, right after each other: with the bot's HTTP
connections (`bot.smart.http_pool`) and with httpx's default pool, counting the connections
each opens.
"""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import Table, cpu_seconds, current_rss_mb, emit_child_result, run_child, verdict

TITLE = "2. Poller capacity: 200 ms cloud latency, one poll cycle, CPU and memory"
# (cars, cycles, polls to stop after; None = the whole cycle)
SIZES = ((100, 2, None), (2_000, 2, None), (10_000, 1, 1_000))
FULL_SIZES = ((100, 2, None), (2_000, 2, None), (10_000, 1, None))
# `BENCH_SCALE=1000,5000,10000`: cost growth, a cold and a steady cycle at each size.
SCALE = tuple((int(cars), 2, None) for cars in os.environ.get("BENCH_SCALE", "").split(",") if cars)
LATENCY_S = 0.2
TOKEN = "123456789:AAE" + "d" * 32
IDLE_INTERVAL_S = 300


def _settings(db_url: str, key: str, sim_url: str) -> Any:
    from bot.config import Settings

    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        fernet_keys=key,
        admin_user_ids="1",
        database_url=db_url,
        smart_cloud_url=sim_url,
    )


# ------------------------------------------------------------------------- the bot process


def _looks_like_vin(part: str) -> bool:
    return len(part) == 17 and part.isalnum() and part.isupper()


# The bot's HTTP connections (`bot.smart.http_pool`, as `BotServices` builds them) and, for
# `BENCH_COMPARE_POOLS=1`, httpx's default pool beside them (the bot's before 2026-12-01).
POOLS = ("balanced", "httpx default") if os.environ.get("BENCH_COMPARE_POOLS") else ("balanced",)


def _count_connections() -> list[int]:
    """Patches httpcore's network backend (this child process only) to count TCP connects."""
    import httpcore

    opened = [0]
    connect = httpcore.AnyIOBackend.connect_tcp

    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        opened[0] += 1
        return await connect(self, *args, **kwargs)

    httpcore.AnyIOBackend.connect_tcp = counted  # type: ignore[method-assign]
    return opened


class _CountingTransport:
    """Counts requests per cloud path family on their way out."""

    def __init__(self, pool: str, connections: int) -> None:
        import httpx

        from bot.smart.http_pool import BalancedTransport

        self.inner: httpx.AsyncBaseTransport = (
            BalancedTransport(connections=connections)
            if pool == "balanced"
            else httpx.AsyncHTTPTransport()
        )
        self.counts: collections.Counter[str] = collections.Counter()

    async def handle_async_request(self, request: Any) -> Any:
        parts = [p for p in request.url.path.split("/") if p]
        self.counts["/".join(p for p in parts[1:4] if not _looks_like_vin(p))] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _child(
    db_url: str, key: str, sim_url: str, cycles: int, limit: int | None, *, pool: str
) -> dict[str, Any]:

    from bot.commands.clients import ClientPool
    from bot.poller.tick import Poller
    from bot.smart.endpoints import Endpoints
    from bot.storage.crypto import CredentialCipher
    from bot.storage.db import Database

    settings = _settings(db_url, key, sim_url)
    db = Database(db_url)
    from bot.services import COMMAND_CONNECTIONS
    from bot.smart.http_pool import CloudHTTPClient

    opened = _count_connections()
    transport = _CountingTransport(pool, settings.poller_concurrency + COMMAND_CONNECTIONS)
    # The bot's client (no cookie jar) over either pool.
    http = CloudHTTPClient(transport=transport, timeout=30)  # type: ignore[arg-type]
    pool = ClientPool(
        db=db,
        cipher=CredentialCipher(settings.fernet_keys),
        http=http,
        endpoints=Endpoints.local(sim_url),
    )
    now = [datetime.now(UTC)]
    poller = Poller(db=db, clients=pool, settings=settings, clock=lambda: now[0])
    results = []
    profiler = None
    for number in range(cycles):
        if number == 1 and os.environ.get("BENCH_PROFILE"):
            # Steady state only: `BENCH_PROFILE=out.txt`, pyinstrument added with `uv --with`.
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        transport.counts.clear()
        opened[0] = 0
        started, cpu = time.perf_counter(), cpu_seconds()
        polled = failed = ticks = 0
        while True:
            report = await poller.tick()
            if not report.claimed:
                break
            ticks += 1
            polled, failed = polled + report.polled, failed + report.failed
            if limit is not None and polled + failed >= limit:
                break
        results.append(
            {
                "wall_s": time.perf_counter() - started,
                "cpu_s": cpu_seconds() - cpu,
                "polled": polled,
                "failed": failed,
                "ticks": ticks,
                "requests": dict(transport.counts),
                "connections": opened[0],
                "rss_mb": current_rss_mb(),
            }
        )
        now[0] += timedelta(seconds=IDLE_INTERVAL_S + 1)
    profile = ""
    if profiler is not None:
        profiler.stop()
        profile = profiler.output_text(
            show_all=True, flat=os.environ.get("BENCH_PROFILE_FLAT") == "1"
        )
    await pool.close()
    await http.aclose()
    await db.dispose()
    return {"cycles": results, "concurrency": settings.poller_concurrency, "profile": profile}


def child_main(argv: list[str]) -> None:
    import logging

    logging.disable(logging.WARNING)  # per-car INFO/WARNING lines are not what we measure
    db_url, key, sim_url, cycles, limit, pool = argv
    result = asyncio.run(
        _child(db_url, key, sim_url, int(cycles), int(limit) if limit != "all" else None, pool=pool)
    )
    if result["profile"]:
        Path(os.environ["BENCH_PROFILE"]).write_text(result["profile"])
    del result["profile"]
    emit_child_result(result)


# ---------------------------------------------------------------------------- the runner


@dataclass
class _Point:
    cars: int
    cycles: list[dict[str, Any]]
    peak_rss_mb: float
    concurrency: int
    partial: bool
    pool: str = "balanced"


def _measure() -> list[_Point]:
    from cryptography.fernet import Fernet

    from bench import simproc
    from bench.fleet import seed_fleet
    from bot.storage.migrations import upgrade_to_head

    key = Fernet.generate_key().decode()
    sizes = SCALE or (FULL_SIZES if os.environ.get("BENCH_FULL") else SIZES)
    largest = max(cars for cars, _, _ in sizes)
    points = []
    with tempfile.TemporaryDirectory(prefix="bench-poller-") as tmp:
        workdir = Path(tmp)
        sim = simproc.start(largest, LATENCY_S, workdir)
        try:
            master = workdir / "seed.db"
            master_url = f"sqlite+aiosqlite:///{master}"
            upgrade_to_head(master_url)
            seeded = 0
            for cars, cycles, limit in sizes:
                asyncio.run(seed_fleet(master_url, key, sim.accounts[:cars], seeded))
                seeded = cars
                for pool in POOLS:  # one right after the other, each on its own copy
                    copy = workdir / f"bot-{cars}-{len(points)}.db"
                    shutil.copyfile(master, copy)
                    result = run_child(
                        "bench_poller_capacity",
                        f"sqlite+aiosqlite:///{copy}",
                        key,
                        sim.base_url,
                        str(cycles),
                        str(limit or "all"),
                        pool,
                        timeout=900,
                    )
                    points.append(
                        _Point(
                            cars,
                            result["cycles"],
                            result["peak_rss_mb"],
                            result["concurrency"],
                            partial=limit is not None,
                            pool=pool,
                        )
                    )
        finally:
            sim.stop()
    return points


def _growth(points: list[_Point]) -> Table:
    """Cold and steady cycle per fleet size; a partial cold cycle is projected to the fleet."""
    table = Table(
        "How it grows (cycle time; peak RSS of the bot process)",
        [
            "cars",
            "cold cycle s",
            "steady cycle s",
            "steady CPU s",
            "CPU ms / poll",
            "peak RSS (MiB)",
        ],
    )
    full = [p for p in points if not p.partial]
    per_car_mib = (
        (full[-1].peak_rss_mb - full[0].peak_rss_mb) / (full[-1].cars - full[0].cars)
        if len(full) > 1
        else 0.0
    )
    for point in points:
        cold = point.cycles[0]
        steady = point.cycles[1]["wall_s"] if len(point.cycles) > 1 else None
        if point.partial:
            done = cold["polled"] + cold["failed"]
            projected = cold["wall_s"] * point.cars / max(done, 1)
            memory = point.peak_rss_mb + per_car_mib * (point.cars - done)
            table.add(
                point.cars,
                f"~{projected:.0f} (projected from {done:,} polls)",
                "not run",
                "-",
                "-",
                f"~{memory:.0f} (projected)",
            )
        else:
            table.add(
                point.cars,
                cold["wall_s"],
                "not run" if steady is None else steady,
                point.cycles[-1]["cpu_s"] if steady is not None else "-",
                point.cycles[-1]["cpu_s"] / max(point.cycles[-1]["polled"], 1) * 1000
                if steady is not None
                else "-",
                point.peak_rss_mb,
            )
    table.notes.append(
        f"Memory grows by about {per_car_mib * 1024:.0f} KiB per car "
        f"({full[0].cars:,} -> {full[-1].cars:,} cars). "
        "Projections assume the rate and growth measured on the polls that ran."
    )
    return table


def _pools(points: list[_Point]) -> Table:
    """The bot's connections beside httpx's default pool, per fleet size, steady cycle."""
    table = Table(
        "HTTP connections: the bot's (`BalancedTransport`) beside httpx's default pool, "
        "one right after the other",
        ["cars", "pool", "cycle", "wall s", "CPU ms / poll", "connections opened", "per poll"],
    )
    for point in points:
        number = len(point.cycles)
        cycle = point.cycles[-1]
        polls = max(cycle["polled"] + cycle["failed"], 1)
        table.add(
            point.cars,
            point.pool,
            "steady" if number > 1 else "cold",
            cycle["wall_s"],
            cycle["cpu_s"] / polls * 1000,
            cycle["connections"],
            cycle["connections"] / polls,
        )
    table.notes.append(
        "httpx's default pool (at most 20 kept alive, counted over the busy connections too: "
        "encode/httpcore#1035) closes most connections when POLLER_CONCURRENCY polls are in "
        "flight, so the next poll connects again: against the real cloud a TCP and TLS "
        "handshake. Raising its keep-alive limit instead makes each request scan the pool "
        "quadratically."
    )
    return table


def run() -> list[Table]:
    everything = _measure()
    points = [point for point in everything if point.pool == "balanced"]
    table = Table(
        "Poll cycles (ticks back to back), SQLite, 200 ms per cloud request",
        [
            "cars",
            "cycle",
            "wall s",
            "polls",
            "failed",
            "requests",
            "CPU s",
            "CPU s / 1k polls",
            "RSS after (MiB)",
            "peak RSS (MiB)",
        ],
    )
    by_cars = {}
    for point in points:
        for number, cycle in enumerate(point.cycles, start=1):
            label = f"{number} (partial)" if point.partial else f"{number}"
            table.add(
                point.cars,
                label,
                cycle["wall_s"],
                cycle["polled"],
                cycle["failed"],
                sum(cycle["requests"].values()),
                cycle["cpu_s"],
                cycle["cpu_s"] / max(cycle["polled"], 1) * 1000,
                cycle["rss_mb"],
                point.peak_rss_mb,
            )
        by_cars[point.cars] = point
    compared = [_pools(everything)] if len(POOLS) > 1 else []
    if 2_000 not in by_cars:
        return [table, _growth(points), *compared]
    table.notes.append(
        f"POLLER_CONCURRENCY={points[0].concurrency}. Cycle 1 is cold: per car it also fetches "
        "the vehicle list, selects the car and asks the OTA service (daily). Requests of the "
        "cold 2,000-car cycle by path: "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_cars[2_000].cycles[0]["requests"].items()))
    )
    two_k = by_cars[2_000]
    steady = two_k.cycles[-1]
    per_k = steady["cpu_s"] / max(steady["polled"], 1) * 1000
    targets = Table("Targets (2,000 cars, steady cycle)", ["target", "measured", "verdict"])
    targets.add("cycle < 15 s", f"{steady['wall_s']:.1f} s", verdict(steady["wall_s"] < 15))
    targets.add("< 0.5 CPU s per 1,000 polls", f"{per_k:.2f} s", verdict(per_k < 0.5))
    targets.add("< 250 MB peak", f"{two_k.peak_rss_mb:.0f} MiB", verdict(two_k.peak_rss_mb < 250))
    return [table, _growth(points), *compared, targets]


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    child_main(sys.argv[2:])
