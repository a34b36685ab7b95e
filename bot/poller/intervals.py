"""When to poll next: adaptive intervals per car, back-off with jitter per account.

A parked, idle car is read every `poll_interval_idle` seconds; a driving car more often; after
a command of this bot every `poll_interval_after_command` seconds until the car shows the
change or `fast_poll_until` passes. A charging car is read at the charging interval near the
end of its charge, and no slower than idle before that: three reads in the time it still needs
to reach its target (or full). A car asleep (no upload for an hour, locked, everything closed,
not plugged in) has nothing new in the cloud between uploads and is read `SLEEPING_FACTOR`
times less often. The adaptive policy therefore costs fewer requests per day than a fixed
idle-interval poll while reporting charging and command effects sooner (bench 5).

A failing account backs off exponentially with jitter, so many accounts failing together (a
cloud outage) do not come back in lock-step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings
from bot.poller.rules import is_driving
from bot.poller.step import SentCommand
from bot.smart.models import VehicleStatus

BACKOFF_BASE_S = 30.0
BACKOFF_CAP_S = 3600.0
NOT_LINKED_RETRY_S = 3600.0  # a car removed from the account: look again in an hour
# A secured car that has uploaded nothing for this long is asleep; poll it less often. A tow
# or theft wakes it (it uploads), so the "moved while parked" alert comes at most one sleeping
# interval late.
ASLEEP_AFTER = timedelta(hours=1)
SLEEPING_FACTOR = 3
READS_PER_REMAINING_CHARGE = 3


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
    proof = command.proof
    if proof is not None:
        return proof.shown_by(status, command.params)
    return status.updated_at is not None and status.updated_at > command.at


def next_delay(
    status: VehicleStatus | None,
    intervals: Intervals,
    *,
    following_command: bool,
    followed: bool = False,
    now: datetime | None = None,
) -> float:
    """Seconds until the next poll of a car in this state (`now` enables the sleep rule);
    a car someone follows on a live location (`followed`) at least at the driving pace."""
    if following_command:
        return intervals.after_command
    if followed:
        return min(intervals.driving, intervals.idle)
    if status is None:
        return intervals.idle
    if status.is_charging:
        return _charging_delay(status, intervals)
    if is_driving(status):
        return min(intervals.driving, intervals.idle)
    if now is not None and is_asleep(status, now):
        return intervals.idle * SLEEPING_FACTOR
    return intervals.idle


def minutes_to_target(status: VehicleStatus) -> float | None:
    """Minutes until the charge target (or full, without a target), from the car's estimate."""
    to_full = status.minutes_to_full
    if to_full is None:
        return None
    soc, target = status.battery_percent, status.charge_target_percent
    if soc is None or target is None or soc >= 100 or target >= 100:
        return float(to_full)
    # The car estimates the time to 100 %; assume an even pace to scale it to the target.
    return max(0.0, to_full * (target - soc) / (100 - soc))


def _charging_delay(status: VehicleStatus, intervals: Intervals) -> float:
    fastest = min(intervals.charging, intervals.idle)
    remaining = minutes_to_target(status)
    if remaining is None:
        return fastest
    spread = remaining * 60 / READS_PER_REMAINING_CHARGE
    return max(fastest, min(intervals.idle, spread))


def is_asleep(status: VehicleStatus, now: datetime) -> bool:
    """Secured and silent for `ASLEEP_AFTER`: locked, closed, unplugged, no recent upload."""
    if status.updated_at is None or now - status.updated_at < ASLEEP_AFTER:
        return False
    return (
        status.locked is True
        and status.plugged_in is not True
        and not status.doors_open
        and not status.windows_open
        and status.trunk_open is not True
        and status.hood_open is not True
        and status.sunroof_open is not True
        and status.climate_on is not True
    )


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
