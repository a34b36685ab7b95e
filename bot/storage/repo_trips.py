"""The trip journal's drives as the poller stored them (`tables_trips`): written when a
journal page is read, read back for summaries, `/trips` and a period's figures, pruned
with the samples.

A trip is keyed by car and the cloud's trip id: the same trip read again replaces its
figures (the cloud may still be completing them), never adds a second drive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import col, delete, select

from bot.smart.journal import JournalTrip
from bot.storage.db import Database
from bot.storage.tables_trips import TripRow
from bot.storage.upsert import upsert_car_rows

_FIGURES = (
    "start_at",
    "end_at",
    "distance_km",
    "average_kmh",
    "kwh_per_100km",
    "start_odometer_km",
    "end_odometer_km",
    "start_lat",
    "start_lon",
    "end_lat",
    "end_lon",
    "regenerated_kwh",
)
_BIGINT = 2**63 - 1


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _row(vehicle_id: int, trip: JournalTrip) -> dict[str, object]:
    start, end = trip.start_place or (None, None), trip.end_place or (None, None)
    return {
        "vehicle_id": vehicle_id,
        "trip_id": trip.trip_id,
        "start_at": _at(trip.start_at),
        "end_at": _at(trip.end_at),
        "distance_km": trip.distance_km,
        "average_kmh": trip.average_kmh,
        "kwh_per_100km": trip.kwh_per_100km,
        "start_odometer_km": trip.start_odometer_km,
        "end_odometer_km": trip.end_odometer_km,
        "start_lat": start[0],
        "start_lon": start[1],
        "end_lat": end[0],
        "end_lon": end[1],
        "regenerated_kwh": trip.regenerated_kwh,
    }


def _place(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    return None if lat is None or lon is None else (lat, lon)


def _trip(row: TripRow) -> JournalTrip:
    return JournalTrip(
        trip_id=row.trip_id,
        start_at=row.start_at.timestamp(),
        end_at=row.end_at.timestamp(),
        distance_km=row.distance_km,
        average_kmh=row.average_kmh,
        kwh_per_100km=row.kwh_per_100km,
        start_odometer_km=row.start_odometer_km,
        end_odometer_km=row.end_odometer_km,
        start_place=_place(row.start_lat, row.start_lon),
        end_place=_place(row.end_lat, row.end_lon),
        regenerated_kwh=row.regenerated_kwh,
    )


async def add_trips(db: Database, trips: Sequence[tuple[int, JournalTrip]]) -> int:
    """Store (car id, trip) pairs in one statement; a trip already stored is updated. A car
    deleted meanwhile and a trip id beyond BIGINT are skipped. Returns the rows written."""
    return await upsert_car_rows(
        db,
        TripRow,
        (_row(vid, trip) for vid, trip in trips if 0 <= trip.trip_id <= _BIGINT),
        key=("vehicle_id", "trip_id"),
        update=_FIGURES,
    )


async def trips_between(
    db: Database, *, vehicle_id: int, start: datetime, end: datetime
) -> list[JournalTrip]:
    """The car's journal trips that began in `[start, end)`, oldest first."""
    query = (
        select(TripRow)
        .where(TripRow.vehicle_id == vehicle_id)
        .where(col(TripRow.start_at) >= start)
        .where(col(TripRow.start_at) < end)
        .order_by(col(TripRow.start_at))
    )
    async with db.session() as session:
        rows = (await session.execute(query)).scalars().all()
    return [_trip(row) for row in rows]


async def prune_trips(db: Database, *, before: datetime) -> int:
    """Delete every car's trips that ended before `before`; returns how many went."""
    async with db.session() as session:
        result = await session.execute(delete(TripRow).where(col(TripRow.end_at) < before))
    return int(getattr(result, "rowcount", 0) or 0)
