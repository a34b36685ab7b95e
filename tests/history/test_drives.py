"""Drives are found in the history samples: switched on to parked, or an odometer that moved
between two polls; distance, energy and consumption come from the odometer and SoC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.poller.drives import all_drives, find_drives
from bot.smart.journal import JournalTrip
from bot.smart.models import CarModel
from bot.storage.repo_history import IGNITION, PLUGGED, Sample

T0 = datetime(2026, 11, 3, 7, 30, tzinfo=UTC)


def _at(minutes: float, km: float, soc: int, flags: int = 0, lon: float = 11.5) -> Sample:
    return Sample(
        at=T0 + timedelta(minutes=minutes),
        soc=soc,
        flags=flags,
        odometer_km=km,
        lat=48.1,
        lon=lon,
        speed_kmh=50.0 if flags & IGNITION else 0.0,
    )


def test_a_drive_runs_from_the_last_parked_sample_to_the_first_parked_one_after() -> None:
    rows = [_at(0, 1000, 80), _at(5, 1002, 79, IGNITION), _at(15, 1010, 76, IGNITION)]
    rows += [_at(30, 1025.0, 72, lon=11.8), _at(35, 1025.0, 72, lon=11.8)]
    (drive,) = find_drives(rows, model=CarModel.SMART_1)
    assert drive.finished
    # Timed from the first sample on the road; the figures from the parked one before.
    assert (drive.start, drive.end) == (T0 + timedelta(minutes=5), T0 + timedelta(minutes=30))
    assert drive.distance_km == 25.0
    assert drive.energy_kwh == pytest.approx(0.08 * 62.0)
    assert drive.kwh_per_100km == pytest.approx(19.8)
    assert drive.average_kmh == 60.0
    assert (drive.start_place, drive.end_place) == ((48.1, 11.5), (48.1, 11.8))


def test_a_drive_after_a_night_parked_is_not_timed_from_the_evening_before() -> None:
    rows = [_at(0, 1000, 80), _at(10 * 60, 1000, 80, IGNITION), _at(10 * 60 + 20, 1020, 76)]
    (drive,) = find_drives(rows, model=CarModel.SMART_1)
    assert drive.duration == timedelta(minutes=20)
    assert (drive.distance_km, drive.start_soc) == (20.0, 80)


def test_a_trip_the_polls_missed_is_found_from_the_odometer() -> None:
    rows = [_at(0, 1000, 80), _at(60, 1012, 77), _at(65, 1012, 77, PLUGGED)]
    (drive,) = find_drives(rows, model=CarModel.SMART_3)
    assert drive.distance_km == 12.0
    assert drive.duration == timedelta(hours=1)


def test_a_car_still_on_the_road_has_an_unfinished_drive_and_standing_still_has_none() -> None:
    moving = [_at(0, 1000, 80), _at(5, 1003, 79, IGNITION)]
    (drive,) = find_drives(moving, model=CarModel.SMART_1)
    assert not drive.finished
    switched_on = [_at(0, 1000, 80), _at(5, 1000, 80, IGNITION), _at(10, 1000.2, 80)]
    assert find_drives(switched_on, model=CarModel.SMART_1) == []


def test_two_drives_in_a_day_are_two_and_a_missing_odometer_gives_no_distance() -> None:
    rows = [_at(0, 1000, 80), _at(5, 1001, 80, IGNITION), _at(20, 1010, 78)]
    rows += [_at(300, 1010, 78), _at(305, 1011, 78, IGNITION), _at(320, 1020, 75)]
    first, second = find_drives(rows, model=CarModel.SMART_1)
    assert (first.distance_km, second.distance_km) == (10.0, 10.0)
    gap = [Sample(at=T0, soc=50), Sample(at=T0 + timedelta(minutes=5), soc=49, flags=IGNITION)]
    (unknown,) = find_drives(gap, model=CarModel.SMART_1)
    assert unknown.distance_km is None
    assert unknown.kwh_per_100km is None


def _trip(trip_id: int, start_min: float, end_min: float, km: float) -> JournalTrip:
    return JournalTrip(
        trip_id=trip_id,
        start_at=(T0 + timedelta(minutes=start_min)).timestamp(),
        end_at=(T0 + timedelta(minutes=end_min)).timestamp(),
        distance_km=km,
        average_kmh=44.0,
        kwh_per_100km=17.2,
        start_odometer_km=None,
        end_odometer_km=None,
        start_place=None,
        end_place=(48.2, 11.9),
        regenerated_kwh=None,
    )


def test_a_journal_trip_replaces_the_same_drive_seen_in_the_samples() -> None:
    rows = [_at(0, 1000, 80), _at(5, 1002, 79, IGNITION), _at(15, 1010, 76, IGNITION)]
    rows += [_at(30, 1025.0, 72, lon=11.8), _at(35, 1025.0, 72, lon=11.8)]
    (drive,) = all_drives(rows, [_trip(1, 3, 28, 24.6)], model=CarModel.SMART_1)
    assert drive.from_journal
    assert (drive.start, drive.end) == (T0 + timedelta(minutes=3), T0 + timedelta(minutes=28))
    assert (drive.distance_km, drive.average_kmh, drive.kwh_per_100km) == (24.6, 44.0, 17.2)
    assert drive.energy_kwh == pytest.approx(4.23)
    # The charge from the samples around it; the place the journal lacks from the sample.
    assert (drive.start_soc, drive.end_soc) == (80, 72)
    assert (drive.start_place, drive.end_place) == ((48.1, 11.5), (48.2, 11.9))


def test_a_drive_only_the_samples_saw_is_kept_beside_the_journals() -> None:
    rows = [_at(0, 1000, 80), _at(5, 1002, 79, IGNITION), _at(30, 1025.0, 72, lon=11.8)]
    rows += [_at(120, 1025.0, 72), _at(125, 1030, 71, IGNITION), _at(140, 1040.0, 69)]
    drives = all_drives(rows, [_trip(1, 3, 28, 24.6)], model=CarModel.SMART_1)
    assert [(d.from_journal, d.distance_km) for d in drives] == [(True, 24.6), (False, 15.0)]


def test_a_trip_the_polls_missed_whole_is_counted_once_from_the_journal() -> None:
    rows = [_at(0, 1000, 80), _at(60, 1025.0, 72, lon=11.8)]  # the odometer moved unseen
    assert len(find_drives(rows, model=CarModel.SMART_1)) == 1
    (drive,) = all_drives(rows, [_trip(1, 20, 45, 25.0)], model=CarModel.SMART_1)
    assert drive.from_journal
