"""One way of writing the cars' own rows (history samples and journal trips), on SQLite and
PostgreSQL: a key written twice keeps the last row, a car deleted meanwhile is skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.smart.journal import JournalTrip
from bot.storage import repo_history, repo_trips
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_history import Sample
from tests.db_fixtures import make_vin, seed_owner

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _trip(trip_id: int, km: float) -> JournalTrip:
    start = T0.timestamp()
    return JournalTrip(trip_id, start, start + 600, km, None, None, None, None, None, None, None)


async def test_samples_and_trips_written_twice_in_one_batch_keep_the_last_and_skip_a_gone_car(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher, vins=[make_vin(1)])
    gone = car.id + 999
    await repo_history.add_samples(
        db,
        [(car.id, Sample(at=T0, soc=50)), (gone, Sample(at=T0)), (car.id, Sample(at=T0, soc=51))],
    )
    written = await repo_trips.add_trips(
        db, [(car.id, _trip(7, 9.0)), (gone, _trip(7, 1.0)), (car.id, _trip(7, 9.5))]
    )
    assert written == 1
    samples = await repo_history.samples_between(
        db, vehicle_id=car.id, start=T0 - DAY, end=T0 + DAY
    )
    assert [s.soc for s in samples] == [51]
    trips = await repo_trips.trips_between(db, vehicle_id=car.id, start=T0 - DAY, end=T0 + DAY)
    assert [(t.trip_id, t.distance_km) for t in trips] == [(7, 9.5)]
