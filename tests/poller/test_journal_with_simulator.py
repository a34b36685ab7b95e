"""The poller reads a car's trip journal when a drive has just ended, stores its trips, and
keeps polling when the journal fails (the drive then comes from the samples)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.poller.drives import all_drives
from bot.smart.models import CarModel
from bot.storage import repo_history, repo_trips, repo_vehicles
from bot.storage.db import Database
from tests.poller.conftest import OWNER
from tests.poller.test_with_simulator import SimWorld, simworld

__all__ = ["simworld"]


async def _drive(w: SimWorld, km: float, minutes: int) -> None:
    w.sim.start_driving(w.vin, km / minutes * 60)
    for _ in range(minutes):
        await w.cycle(60)
    w.sim.drive(w.vin, km)
    await w.cycle(61)


async def _drives(db: Database, w: SimWorld) -> tuple[int, list[tuple[bool, float | None]]]:
    now = datetime.fromtimestamp(w.clock.now(), UTC)
    (car,) = await repo_vehicles.list_user_vehicles(db, user_id=OWNER)
    span = {"start": now - timedelta(days=1), "end": now + timedelta(days=1)}
    samples = await repo_history.samples_between(db, vehicle_id=car.id, **span)
    trips = await repo_trips.trips_between(db, vehicle_id=car.id, **span)
    drives = all_drives(samples, trips, model=CarModel.SMART_1)
    return len(trips), [(d.from_journal, d.distance_km) for d in drives]


def _journal_reads(w: SimWorld) -> int:
    return sum("journalLogV4" in entry.path for entry in w.sim.requests)


async def test_a_drive_that_ended_is_read_from_the_journal_once_and_counted_once(
    simworld: SimWorld, db: Database
) -> None:
    w = simworld
    w.sim.vehicle(w.vin).journal_enabled = True
    await w.cycle(1)
    await _drive(w, 12.0, 10)
    await w.cycle()
    assert _journal_reads(w) == 1
    assert await _drives(db, w) == (1, [(True, 12.0)])


async def test_a_failing_journal_leaves_the_drive_to_the_samples_and_the_poll_goes_on(
    simworld: SimWorld, db: Database
) -> None:
    w = simworld
    w.sim.vehicle(w.vin).journal_enabled = True
    await w.cycle(1)
    w.sim.inject_code("9999", count=5, path_contains="journalLogV4")
    await _drive(w, 12.0, 10)
    assert _journal_reads(w) == 1
    trips, drives = await _drives(db, w)
    assert trips == 0
    assert drives == [(False, 12.0)]
    # The poll that saw the drive end was stored: the next look finds the car parked.
    assert w.sim.vehicle(w.vin).driving is False
    assert (await w.cycle()) == []
