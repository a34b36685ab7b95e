"""The history keeps one sample per car and status time, reads a range back in order, and
forgets what is older than the retention period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.smart.models import VehicleStatus
from bot.storage import repo_history
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_history import Sample
from tests.db_fixtures import make_vin, seed_owner

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _sample(minutes: int, soc: int = 50, **fields: object) -> Sample:
    return Sample(at=T0 + timedelta(minutes=minutes), soc=soc, **fields)  # type: ignore[arg-type]


async def test_samples_come_back_in_time_order_within_the_asked_range(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car, other) = await seed_owner(db, cipher, vins=[make_vin(1), make_vin(2)])
    await repo_history.add_samples(
        db,
        [
            (car.id, _sample(20, 52)),
            (car.id, _sample(0, 50)),
            (car.id, _sample(10, 51)),
            (other.id, _sample(5, 90)),
            (car.id, _sample(90, 70)),
        ],
    )
    got = await repo_history.samples_between(
        db, vehicle_id=car.id, start=T0, end=T0 + timedelta(hours=1)
    )
    assert [s.soc for s in got] == [50, 51, 52]
    assert got[0].at == T0


async def test_the_same_status_time_is_stored_once_the_later_read_winning(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher)
    await repo_history.add_samples(db, [(car.id, _sample(0, 50)), (car.id + 999, _sample(0))])
    await repo_history.add_samples(db, [(car.id, _sample(0, 99)), (car.id, _sample(0, 98))])
    got = await repo_history.samples_between(
        db, vehicle_id=car.id, start=T0, end=T0 + timedelta(days=1)
    )
    assert [s.soc for s in got] == [98]


async def test_every_field_of_a_status_survives_the_round_trip(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher)
    status = VehicleStatus(
        updated_at=T0,
        battery_percent=63,
        range_km=301,
        is_charging=True,
        plugged_in=True,
        dc_charging=True,
        charge_power_kw=88.5,
        odometer_km=12345.5,
        latitude=48.1375,
        longitude=11.5755,
        speed_kmh=0.0,
        interior_temp_c=21.5,
        exterior_temp_c=-3.5,
    )
    sample = Sample.from_status(status, at=T0 + timedelta(minutes=5))
    await repo_history.add_samples(db, [(car.id, sample)])
    (back,) = await repo_history.samples_between(
        db, vehicle_id=car.id, start=T0, end=T0 + timedelta(minutes=1)
    )
    # Readings are 4-byte floats on PostgreSQL: a position to about half a metre.
    assert (back.at, back.soc, back.range_km, back.flags) == (T0, 63, 301, sample.flags)
    assert (back.charging, back.plugged, back.dc, back.ignition) == (True, True, True, False)
    assert (back.power_kw, back.odometer_km, back.speed_kmh) == (88.5, 12345.5, 0.0)
    assert (back.inside_c, back.outside_c) == (21.5, -3.5)
    assert abs((back.lat or 0) - 48.1375) < 1e-5
    assert abs((back.lon or 0) - 11.5755) < 1e-5


def test_a_reading_too_large_for_the_compact_columns_is_left_out() -> None:
    sample = Sample.from_status(
        VehicleStatus(battery_percent=70, range_km=99_999, engine_running=True), at=T0
    )
    assert (sample.at, sample.soc, sample.range_km) == (T0, 70, None)
    assert sample.ignition


async def test_pruning_deletes_only_samples_older_than_the_cut(
    db: Database, cipher: CredentialCipher
) -> None:
    _, (car,) = await seed_owner(db, cipher)
    await repo_history.add_samples(db, [(car.id, _sample(m, m)) for m in (0, 10, 20)])
    removed = await repo_history.prune_samples(db, before=T0 + timedelta(minutes=10))
    got = await repo_history.samples_between(
        db, vehicle_id=car.id, start=T0 - timedelta(days=1), end=T0 + timedelta(days=1)
    )
    assert removed == 1
    assert [s.soc for s in got] == [10, 20]
