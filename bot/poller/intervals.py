"""When to poll next: adaptive intervals per car, back-off with jitter per account.

A parked, idle car is read every `poll_interval_idle` seconds; a charging or driving car more
often; after a command of this bot every `poll_interval_after_command` seconds until the car
shows the change or `fast_poll_until` passes. A failing account backs off exponentially with
jitter, so many accounts failing together (a cloud outage) do not come back in lock-step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings
from bot.poller.diff import SentCommand
from bot.poller.rules import is_driving
from bot.smart.models import VehicleStatus

BACKOFF_BASE_S = 30.0
BACKOFF_CAP_S = 3600.0
NOT_LINKED_RETRY_S = 3600.0  # a car removed from the account: look again in an hour


@dataclass(frozen=True, slots=True)
class Intervals:
    """The configured intervals, in seconds."""

    idle: float = 300.0
    charging: float = 60.0
    driving: float = 60.0
    after_command: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Intervals:
        """The intervals configured in `Settings`."""
        return cls(
            idle=settings.poll_interval_idle,
            charging=settings.poll_interval_charging,
            driving=settings.poll_interval_driving,
            after_command=settings.poll_interval_after_command,
        )


def command_settled(
    command: SentCommand | None,
    status: VehicleStatus | None,
    *,
    fast_poll_until: datetime | None,
    now: datetime,
) -> bool:
    """True when there is nothing to follow up: no command, confirmed, or the window passed.

    A command whose effect the status cannot show counts as settled once the car sent a
    status newer than the command.
    """
    if command is None:
        return True
    if fast_poll_until is None or now >= fast_poll_until:
        return True
    if status is None:
        return False
    effect = command.effect
    if effect is not None:
        name, value = effect
        return bool(getattr(status, name) is value)
    return status.updated_at is not None and status.updated_at > command.at


def next_delay(
    status: VehicleStatus | None,
    intervals: Intervals,
    *,
    following_command: bool,
) -> float:
    """Seconds until the next poll of a car in this state."""
    if following_command:
        return intervals.after_command
    if status is None:
        return intervals.idle
    if status.is_charging:
        return min(intervals.charging, intervals.idle)
    if is_driving(status):
        return min(intervals.driving, intervals.idle)
    return intervals.idle


def backoff_delay(
    failures: int,
    rng: random.Random,
    *,
    base: float = BACKOFF_BASE_S,
    cap: float = BACKOFF_CAP_S,
) -> float:
    """Exponential back-off with jitter: about base * 2^(n-1), capped, drawn from [half, full]."""
    exponent = min(max(failures, 1) - 1, 30)
    ceiling = min(cap, base * 2.0**exponent)
    return rng.uniform(ceiling / 2, ceiling)


def after(now: datetime, seconds: float) -> datetime:
    """`now` plus `seconds`."""
    return now + timedelta(seconds=seconds)
