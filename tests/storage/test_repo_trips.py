"""The trip journal's drives in storage: one row per car and trip id however often a page
is read, a range read back in order, pruned by age, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, datetime, timedelta

import pytest

from bot.smart.journal import JournalTrip
from bot.storage import repo_trips
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from tests.db_fixtures import make_vin, seed_owner

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _figures(trip: JournalTrip) -> list[float]:
    """Every figure of a trip, a missing end place as -1."""
    start, end = trip.start_place or (-1, -1), trip.end_place or (-1, -1)
    values = [v for v in astuple(trip)[:8] if isinstance(v, float | int)]
    return [*values, *start, *end, trip.regenerated_kwh or -1]


def _trip(trip_id: int, minutes: int, km: float = 10.0) -> JournalTrip:
    start = (T0 + timedelta(minutes=minutes)).timestamp()
    return JournalTrip(
        trip_id=trip_id,
        start_at=start,
        end_at=start + 900,
        distance_km=km,
        average_kmh=40.0,
        kwh_per_100km=18.5,
        start_odometer_km=1000.0,
        end_odometer_km=1000.0 + km,
        start_place=(52.5, 13.4),
        end_place=None,
        regenerated_kwh=0.4,
    )


async def test_a_trip_read_twice_is_stored_once_with_its_latest_figures(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car, other) = await seed_owner(db, cipher, vins=[make_vin(1), make_vin(2)])
    written = await repo_trips.add_trips(
        db, [(car.id, _trip(7, 0, 9.0)), (other.id, _trip(7, 0)), (car.id + 999, _trip(8, 0))]
    )
    assert written == 2  # the unknown car is skipped
    await repo_trips.add_trips(db, [(car.id, _trip(7, 0, 9.5)), (car.id, _trip(3, -60))])
    got = await repo_trips.trips_between(
        db, vehicle_id=car.id, start=T0 - timedelta(days=1), end=T0 + timedelta(days=1)
    )
    assert [(t.trip_id, t.distance_km) for t in got] == [(3, 10.0), (7, 9.5)]
    # Every figure survives the round trip (REAL columns: single precision on PostgreSQL).
    assert _figures(got[1]) == pytest.approx(_figures(_trip(7, 0, 9.5)), rel=1e-6)


async def test_only_trips_that_began_in_the_range_come_back(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher)
    await repo_trips.add_trips(db, [(car.id, _trip(i, i * 60)) for i in range(4)])
    got = await repo_trips.trips_between(
        db, vehicle_id=car.id, start=T0 + timedelta(hours=1), end=T0 + timedelta(hours=3)
    )
    assert [t.trip_id for t in got] == [1, 2]


async def test_trips_older_than_the_retention_are_pruned(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher)
    await repo_trips.add_trips(db, [(car.id, _trip(1, 0)), (car.id, _trip(2, 600))])
    assert await repo_trips.prune_trips(db, before=T0 + timedelta(hours=1)) == 1
    got = await repo_trips.trips_between(
        db, vehicle_id=car.id, start=T0, end=T0 + timedelta(days=1)
    )
    assert [t.trip_id for t in got] == [2]
