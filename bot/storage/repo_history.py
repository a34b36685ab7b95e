"""The history of each car's state: compact samples written by the poller, read back for
charging sessions, drives and charts, and pruned after the retention period.

A sample is keyed by the car and the car's own status time, so the same cached status read
twice is stored once (the later read wins). The key is also the index of the one query
that matters at scale: one car over a range of time (a month's chart).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, delete, select

from bot.smart.models import VehicleStatus
from bot.storage.db import Database
from bot.storage.tables import SampleRow, VehicleRow
from bot.storage.upsert import upsert_car_rows

CHARGING = 1
PLUGGED = 2
DC = 4
IGNITION = 8
_SMALLINT = 32_767


def _small(value: int | None) -> int | None:
    """An int that fits a SMALLINT column, else None (a bad reading is not history)."""
    if value is None or not -_SMALLINT <= value <= _SMALLINT:
        return None
    return value


@dataclass(frozen=True, slots=True)
class Sample:
    """One moment of a car's state, as the history keeps it."""

    at: datetime
    soc: int | None = None
    range_km: int | None = None
    flags: int = 0
    power_kw: float | None = None
    odometer_km: float | None = None
    lat: float | None = None
    lon: float | None = None
    speed_kmh: float | None = None
    inside_c: float | None = None
    outside_c: float | None = None

    @property
    def charging(self) -> bool:
        """The car was charging."""
        return bool(self.flags & CHARGING)

    @property
    def plugged(self) -> bool:
        """A cable was connected."""
        return bool(self.flags & PLUGGED)

    @property
    def dc(self) -> bool:
        """The car was on a DC (fast) charger."""
        return bool(self.flags & DC)

    @property
    def ignition(self) -> bool:
        """The car was switched on (or moving)."""
        return bool(self.flags & IGNITION)

    @classmethod
    def from_status(cls, status: VehicleStatus, *, at: datetime) -> Sample:
        """The sample of a status; `at` is used when the car sent no time of its own."""
        flags = (
            (CHARGING if status.is_charging else 0)
            | (PLUGGED if status.plugged_in or status.is_charging else 0)
            | (DC if status.dc_charging else 0)
            | (IGNITION if status.engine_running or (status.speed_kmh or 0) > 0 else 0)
        )
        return cls(
            at=status.updated_at or at,
            soc=_small(status.battery_percent),
            range_km=_small(status.range_km),
            flags=flags,
            power_kw=status.charge_power_kw,
            odometer_km=status.odometer_km,
            lat=status.latitude,
            lon=status.longitude,
            speed_kmh=status.speed_kmh,
            inside_c=status.interior_temp_c,
            outside_c=status.exterior_temp_c,
        )


_READINGS = (
    "soc",
    "range_km",
    "flags",
    "power_kw",
    "odometer_km",
    "lat",
    "lon",
    "speed_kmh",
    "inside_c",
    "outside_c",
)


def _row(vehicle_id: int, sample: Sample) -> dict[str, object]:
    return {
        "vehicle_id": vehicle_id,
        "at": sample.at,
        "soc": sample.soc,
        "range_km": sample.range_km,
        "flags": sample.flags,
        "power_kw": sample.power_kw,
        "odometer_km": sample.odometer_km,
        "lat": sample.lat,
        "lon": sample.lon,
        "speed_kmh": sample.speed_kmh,
        "inside_c": sample.inside_c,
        "outside_c": sample.outside_c,
    }


async def add_samples(db: Database, samples: Sequence[tuple[int, Sample]]) -> None:
    """Store (car id, sample) pairs in one statement. A sample for a car and time already
    stored replaces it: a car that stamps only part of its upload sends more under the same
    time. A car deleted meanwhile is skipped, not an error."""
    await upsert_car_rows(
        db,
        SampleRow,
        (_row(vehicle_id, sample) for vehicle_id, sample in samples),
        key=("vehicle_id", "at"),
        update=_READINGS,
    )


async def samples_between(
    db: Database, *, vehicle_id: int, start: datetime, end: datetime
) -> list[Sample]:
    """The car's samples with `start <= at < end`, oldest first."""
    table = SampleRow.__table__  # type: ignore[attr-defined]
    query = (
        select(*(table.c[name] for name in ("at", *_READINGS)))
        .where(table.c.vehicle_id == vehicle_id)
        .where(table.c.at >= start)
        .where(table.c.at < end)
        .order_by(table.c.at)
    )
    # Plain rows, not ORM objects: a month of one car is thousands of samples.
    async with db.session() as session:
        rows = (await session.execute(query)).all()
    return [Sample(*row) for row in rows]


async def all_vehicle_ids(db: Database) -> list[int]:
    """Every stored car's id (the cars a weekly digest may speak of)."""
    async with db.session() as session:
        return sorted((await session.execute(select(VehicleRow.id))).scalars().all())


async def prune_samples(db: Database, *, before: datetime) -> int:
    """Delete every car's samples older than `before`; returns how many went."""
    async with db.session() as session:
        result = await session.execute(delete(SampleRow).where(col(SampleRow.at) < before))
    return int(getattr(result, "rowcount", 0) or 0)
