"""Bench 7: the history (issue 15): what the samples add to a poll, how long a month's chart
takes, and how big 1,000 cars x 180 days of samples get.

1. Poll cost with and without the sample write, side by side in one process: the real
   `Poller` over CARS cars on SQLite, fed by an in-process status reader (no network, so the
   figure is the bot's own work per poll, the part the samples add to). Every poll brings a
   fresh status (the worst case: a sample per poll). "without" swaps the poller's sample
   buffer for one that keeps nothing; runs alternate, best of ROUNDS.
2. A month's chart of one car (30 days, a sample every 5 minutes: 8,640 samples) read from
   a database that holds MONTH_CARS cars' months, then drawn (`render_soc_power`).
3. Size: SIZE_CARS cars x SIZE_DAYS days of 5-minute samples written through the
   repository; bytes per sample measured on SQLite (and PostgreSQL when
   `BENCH_POSTGRES_URL` names an empty database the bench may fill), projected to
   1,000 cars x 180 days.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.common import Table, cpu_seconds
from bot.config import Settings
from bot.poller.samples import SampleBuffer
from bot.poller.tick import Poller
from bot.smart.const import Region
from bot.smart.models import CarModel, Tokens, Vehicle, VehicleStatus
from bot.storage import repo_history
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head
from bot.storage.repo_accounts import save_account
from bot.storage.repo_history import CHARGING, PLUGGED, Sample
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import sync_vehicles

TITLE = "7. History: sample writes beside the poll, a month's chart, 180 days of samples"
CARS = 200
CYCLES = 5
ROUNDS = 3
MONTH_CARS = 20
SIZE_CARS = 20
SIZE_DAYS = 10
PER_DAY = 288  # a sample every 5 minutes: every idle poll fresh (an upper bound)
TOKEN = "123456789:AAE" + "h" * 32
# Bench 2's steady CPU per poll (BENCHMARKS.md, 2026-11-27): the whole poll, cloud client included.
BENCH2_MS_PER_POLL = 4.0
T0 = datetime(2026, 11, 1, tzinfo=UTC)


class _Reader:
    """A status reader whose every answer is new (battery and time move)."""

    def __init__(self, clock: list[datetime]) -> None:
        self._clock = clock
        self._n = 0

    async def get_status(self, vin: str, *, with_charge_target: bool = False) -> VehicleStatus:  # noqa: ARG002
        self._n += 1
        return VehicleStatus(
            updated_at=self._clock[0],
            battery_percent=50 + self._n % 30,
            range_km=250,
            is_charging=False,
            plugged_in=False,
            locked=True,
            doors_open=frozenset(),
            windows_open=frozenset(),
            odometer_km=10_000.0,
            latitude=48.137,
            longitude=11.575,
            engine_running=False,
            speed_kmh=0.0,
            interior_temp_c=18.0,
            exterior_temp_c=9.0,
        )

    async def get_charge_target(self, vin: str) -> int | None:  # noqa: ARG002
        return 80

    async def get_firmware(self, vin: str) -> None:  # noqa: ARG002
        return None

    async def for_account(self, account_id: int) -> _Reader:  # noqa: ARG002
        return self


class _NoSamples(SampleBuffer):
    def add(self, *args: Any, **kwargs: Any) -> None:  # noqa: ARG002
        return None


async def _seed(db: Database, cars: int, key: str) -> list[int]:
    await allow_user(db, user_id=1, display_name="bench")
    tokens = Tokens(
        region=Region.EU,
        device_id="bench",
        user_id="bench",
        access_token="a-" + "x" * 20,
        refresh_token="r-" + "x" * 20,
    )
    account = await save_account(
        db,
        cipher=CredentialCipher([SecretStr(key)]),
        user_id=1,
        region=str(Region.EU),
        email="bench@example.com",
        password="bench-password",  # noqa: S106
        tokens=tokens,
        device_id="bench",
    )
    vehicles = [
        Vehicle(vin=f"HESXR1C4XPS{n:06d}", model=CarModel.SMART_1, default=n == 0)
        for n in range(cars)
    ]
    stored = await sync_vehicles(db, account_id=account.id, vehicles=vehicles)
    return [car.id for car in stored]


async def _poll_cost(url: str, key: str) -> Table:
    if True:
        db = Database(url)
        await _seed(db, CARS, key)
        clock = [datetime.now(UTC)]
        settings = Settings(
            _env_file=None, telegram_bot_token=TOKEN, fernet_keys=key, database_url=url
        )
        reader = _Reader(clock)
        figures: dict[str, list[float]] = {"with samples": [], "without": []}
        for _ in range(ROUNDS):
            for label, values in figures.items():
                poller = Poller(db=db, clients=reader, settings=settings, clock=lambda: clock[0])
                if label == "without":
                    poller._samples = _NoSamples()
                polled, cpu = 0, cpu_seconds()
                for _ in range(CYCLES):
                    clock[0] += timedelta(seconds=301)
                    while (report := await poller.tick()).claimed:
                        polled += report.polled
                values.append((cpu_seconds() - cpu) / max(polled, 1) * 1000)
        await db.dispose()
    table = Table(
        f"7a. Bot CPU per poll, {CARS} cars x {CYCLES} cycles, SQLite, no network",
        ["variant", "CPU ms / poll (best)", "median", "runs"],
    )
    for label, values in figures.items():
        table.add(label, min(values), statistics.median(values), len(values))
    best_with, best_without = min(figures["with samples"]), min(figures["without"])
    added = best_with - best_without
    table.notes.append(
        f"The samples add {added:.2f} ms ({added / best_without:.0%}) to the bot's own work "
        f"per poll without network (best of {ROUNDS} alternating runs). Against the whole "
        f"poll of bench 2 ({BENCH2_MS_PER_POLL} CPU ms per poll steady at 2,000 cars, with "
        f"the cloud client's work) that is {added / BENCH2_MS_PER_POLL:.0%}."
    )
    return table


def _month(vehicle_id: int) -> list[tuple[int, Sample]]:
    rows = []
    for step in range(30 * PER_DAY):
        at = T0 + timedelta(minutes=5 * step)
        minute_of_day = step % PER_DAY
        charging = 12 * 20 <= minute_of_day < 12 * 24  # 20:00-24:00 every evening
        rows.append(
            (
                vehicle_id,
                Sample(
                    at=at,
                    soc=40 + (minute_of_day - 240) // 2 if charging else 60,
                    range_km=250,
                    flags=CHARGING | PLUGGED if charging else 0,
                    power_kw=11.0 if charging else None,
                    odometer_km=10_000.0 + step / 10,
                    lat=48.137,
                    lon=11.575,
                    speed_kmh=0.0,
                    inside_c=18.0,
                    outside_c=9.0,
                ),
            )
        )
    return rows


async def _write(db: Database, rows: list[tuple[int, Sample]]) -> None:
    for start in range(0, len(rows), 2_000):
        await repo_history.add_samples(db, rows[start : start + 2_000])


async def _chart(url: str, key: str) -> Table:
    from zoneinfo import ZoneInfo

    from bot.tg.charts import ChartLabels, render_soc_power

    if True:
        db = Database(url)
        ids = await _seed(db, MONTH_CARS, key)
        for vehicle_id in ids:
            await _write(db, _month(vehicle_id))
        reads, draws = [], []
        labels = ChartLabels("Blue #1 · November", "Battery %", "Power kW")
        for _ in range(5):
            began = time.perf_counter()
            samples = await repo_history.samples_between(
                db, vehicle_id=ids[MONTH_CARS // 2], start=T0, end=T0 + timedelta(days=30)
            )
            reads.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            png = render_soc_power(samples, labels, ZoneInfo("Europe/Berlin"))
            draws.append((time.perf_counter() - began) * 1000)
        await db.dispose()
    table = Table(
        f"7b. A month's chart of one car ({len(samples)} samples; {MONTH_CARS} cars' months "
        "in the database, SQLite)",
        ["step", "best ms", "median ms"],
    )
    table.add("read the month (index on car, time)", min(reads), statistics.median(reads))
    table.add("draw the PNG (matplotlib Agg)", min(draws), statistics.median(draws))
    total = [r + d for r, d in zip(reads, draws, strict=True)]
    table.add("together", min(total), statistics.median(total))
    table.notes.append(f"PNG {len(png) / 1024:.0f} KiB, 1200 x 675 px. Target < 300 ms.")
    return table


async def _fill(url: str, key: str) -> int:
    db = Database(url)
    ids = await _seed(db, SIZE_CARS, key)
    rows = [row for vid in ids for row in _month(vid)[: SIZE_DAYS * PER_DAY]]
    await _write(db, rows)
    await db.dispose()
    return len(rows)


def _sqlite_bytes_per_sample(path: Path, key: str) -> float:
    """Bytes the samples take in the file: vacuumed with them, then without them."""
    import sqlite3

    count = asyncio.run(_fill(f"sqlite+aiosqlite:///{path}", key))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("VACUUM")
    with_samples = path.stat().st_size
    conn.execute("DELETE FROM vehicle_samples")
    conn.execute("VACUUM")
    conn.close()
    return (with_samples - path.stat().st_size) / count


async def _postgres_bytes_per_sample(url: str, key: str) -> float:
    from sqlalchemy import text

    count = await _fill(url, key)
    db = Database(url)
    async with db.engine.connect() as conn:
        used = (
            await conn.execute(text("SELECT pg_total_relation_size('vehicle_samples')"))
        ).scalar_one()
    await db.dispose()
    return float(used) / count


def _size(key: str) -> Table:
    table = Table(
        f"7c. Size of the samples ({SIZE_CARS} cars x {SIZE_DAYS} days x {PER_DAY} a day "
        "measured), projected to 1,000 cars x 180 days",
        ["database", "bytes / sample (table + indexes)", "1,000 cars x 180 days at 288/day"],
    )
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        _migrated(tmp)
        per = _sqlite_bytes_per_sample(Path(tmp) / "bot.db", key)
        table.add("SQLite", per, f"{per * 1000 * 180 * PER_DAY / 1024**3:.1f} GiB")
    pg = os.environ.get("BENCH_POSTGRES_URL")
    if pg:
        upgrade_to_head(pg)
        per = asyncio.run(_postgres_bytes_per_sample(pg, key))
        table.add("PostgreSQL", per, f"{per * 1000 * 180 * PER_DAY / 1024**3:.1f} GiB")
    table.notes.append(
        "288 samples a day is the upper bound (every 5-minute poll brings a new status); a "
        "car asleep most of the day uploads far less, and only new statuses are sampled."
    )
    return table


def run() -> list[Table]:
    import logging

    from cryptography.fernet import Fernet

    logging.disable(logging.WARNING)
    key = Fernet.generate_key().decode()
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        cost = asyncio.run(_poll_cost(_migrated(tmp, "poll.db"), key))
        chart = asyncio.run(_chart(_migrated(tmp, "chart.db"), key))
    return [cost, chart, _size(key)]


def _migrated(directory: str, name: str = "bot.db") -> str:
    url = f"sqlite+aiosqlite:///{Path(directory) / name}"
    upgrade_to_head(url)
    return url
