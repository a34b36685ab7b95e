"""Adaptive intervals, command follow-up and back-off."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.poller.intervals import Intervals, backoff_delay, command_settled, next_delay
from bot.poller.step import SentCommand
from bot.smart.models import VehicleStatus

NOW = datetime(2025, 5, 21, 8, 0, tzinfo=UTC)
IV = Intervals()


def test_interval_follows_what_the_car_does() -> None:
    assert next_delay(VehicleStatus(), IV, following_command=False) == 300
    assert next_delay(VehicleStatus(is_charging=True), IV, following_command=False) == 60
    assert next_delay(VehicleStatus(engine_running=True), IV, following_command=False) == 60
    assert next_delay(VehicleStatus(speed_kmh=30.0), IV, following_command=False) == 60
    assert next_delay(VehicleStatus(is_charging=True), IV, following_command=True) == 5
    assert next_delay(None, IV, following_command=False) == 300


def test_a_car_someone_follows_on_a_live_location_is_read_at_the_driving_pace() -> None:
    parked = VehicleStatus(speed_kmh=0.0)
    assert next_delay(parked, IV, following_command=False, followed=True) == 60
    assert next_delay(parked, IV, following_command=False, followed=False, now=NOW) == 300


def test_a_charging_car_is_read_fast_only_near_its_target() -> None:
    def delay(minutes_to_full: int, soc: int = 60, target: int | None = 80) -> float:
        status = VehicleStatus(
            is_charging=True,
            minutes_to_full=minutes_to_full,
            battery_percent=soc,
            charge_target_percent=target,
        )
        return next_delay(status, IV, following_command=False, now=NOW)

    # 60 % -> 80 % with 120 min to full: 60 min to the target, read no slower than idle.
    assert delay(120) == 300
    # 6 min to full from 60 % is 3 min to 80 %: three reads in that time, floored at 60 s.
    assert delay(6) == 60
    # 30 min to full from 60 %, 15 min to 80 %: every 5 min.
    assert delay(30) == 300
    assert delay(12) == 120
    # Without a target the car's time to full counts.
    assert delay(12, target=None) == 240


SECURED = VehicleStatus(
    locked=True,
    plugged_in=False,
    doors_open=frozenset(),
    windows_open=frozenset(),
    trunk_open=False,
    hood_open=False,
    sunroof_open=False,
    climate_on=False,
)


def test_a_secured_car_that_stopped_uploading_is_read_less_often() -> None:
    from dataclasses import replace

    asleep = replace(SECURED, updated_at=NOW - timedelta(hours=2))
    recent = replace(SECURED, updated_at=NOW - timedelta(minutes=20))
    assert next_delay(asleep, IV, following_command=False, now=NOW) == 900
    assert next_delay(recent, IV, following_command=False, now=NOW) == 300
    for insecure in (
        replace(asleep, locked=False),
        replace(asleep, doors_open=frozenset({"driver"})),
        replace(asleep, windows_open=frozenset({"passenger"})),
        replace(asleep, plugged_in=True),
        replace(asleep, trunk_open=True),
    ):
        assert next_delay(insecure, IV, following_command=False, now=NOW) == 300
    assert next_delay(asleep, IV, following_command=True, now=NOW) == 5


def test_intervals_come_from_settings(settings: Settings) -> None:
    custom = settings.model_copy(update={"poll_interval_idle": 900})
    assert Intervals.from_settings(custom).idle == 900


def test_a_command_is_followed_until_confirmed_or_the_window_passes() -> None:
    lock = SentCommand("lock", NOW)
    window = NOW + timedelta(seconds=60)
    unlocked, locked = VehicleStatus(locked=False), VehicleStatus(locked=True)
    assert not command_settled(lock, unlocked, fast_poll_until=window, now=NOW)
    assert command_settled(lock, locked, fast_poll_until=window, now=NOW)
    assert command_settled(lock, unlocked, fast_poll_until=window, now=window)
    assert command_settled(None, unlocked, fast_poll_until=None, now=NOW)


def test_a_command_the_status_cannot_show_settles_with_newer_data() -> None:
    horn = SentCommand("horn", NOW)
    window = NOW + timedelta(seconds=60)
    old = VehicleStatus(updated_at=NOW - timedelta(seconds=1))
    new = VehicleStatus(updated_at=NOW + timedelta(seconds=3))
    assert not command_settled(horn, old, fast_poll_until=window, now=NOW)
    assert command_settled(horn, new, fast_poll_until=window, now=NOW)


def test_backoff_doubles_is_jittered_and_capped() -> None:
    rng = random.Random(3)
    draws = [backoff_delay(n, rng) for n in (1, 2, 3, 20)]
    assert 15 <= draws[0] <= 30
    assert 30 <= draws[1] <= 60
    assert 60 <= draws[2] <= 120
    assert 1800 <= draws[3] <= 3600
    assert len({round(backoff_delay(4, rng), 3) for _ in range(5)}) > 1
