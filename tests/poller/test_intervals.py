"""Adaptive intervals, command follow-up and back-off."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.poller.diff import SentCommand
from bot.poller.intervals import Intervals, backoff_delay, command_settled, next_delay
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
