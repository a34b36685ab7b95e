"""What a stored schedule means: its recurrence, its phases, and the run after this one.

A climate schedule has one phase, "start". A charging window has "start" at its start time
and "stop" at its end; "wait_plug" repeats every minute inside the window while the car is
not plugged in (when the user asked to start on plug-in). Pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.schedules.timing import Recurrence, next_run, warm_up_minutes
from bot.storage.repo_schedules import Schedule

PLUG_RECHECK = timedelta(minutes=1)


class Kind(StrEnum):
    """What a schedule does."""

    CLIMATE = "climate"
    CHARGING = "charging"


class Phase(StrEnum):
    """Which run of a schedule is next."""

    START = "start"
    WAIT_PLUG = "wait_plug"
    STOP = "stop"


def weekday_bits(days: frozenset[int]) -> int:
    """Weekdays (0 = Monday) as the stored bit set."""
    return sum(1 << day for day in days)


def weekdays_of(bits: int) -> frozenset[int]:
    """The stored bit set as weekdays (0 = Monday)."""
    return frozenset(day for day in range(7) if bits & (1 << day))


def lead_minutes(schedule: Schedule) -> int:
    """How many minutes before its time a "ready by" climate schedule starts (0 otherwise)."""
    if not schedule.ready_by:
        return 0
    stored = schedule.params.get("lead_minutes")
    if isinstance(stored, int) and 0 <= stored <= 60:
        return stored
    return warm_up_minutes(float(schedule.params.get("temp_c", 21.0)), None)


def start_recurrence(schedule: Schedule) -> Recurrence:
    """When the schedule's "start" phase happens (earlier than its time for "ready by")."""
    base = Recurrence(
        minute_of_day=schedule.minute_of_day,
        weekdays=weekdays_of(schedule.weekdays),
        once_on=schedule.once_on,
    )
    lead = lead_minutes(schedule)
    return base.shifted(-lead) if lead else base


@dataclass(frozen=True, slots=True)
class NextRun:
    """The run to store after the current one: when, and which phase (None: no more)."""

    at: datetime | None
    phase: Phase


def first_run(schedule: Schedule, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The first start after `now` (None: a one-off whose time has passed)."""
    return next_run(start_recurrence(schedule), zone, now)


def window_end(schedule: Schedule, zone: ZoneInfo, within: datetime) -> datetime | None:
    """The end of the charging window that `within` (its start, or a moment inside it) is in.

    Runs are only ever stored inside a window, so its end is the next end time after them.
    """
    if schedule.end_minute is None:
        return None
    end = Recurrence(minute_of_day=schedule.end_minute, weekdays=frozenset(range(7)))
    return next_run(end, zone, within)


def after_start(schedule: Schedule, zone: ZoneInfo, due: datetime) -> NextRun:
    """What follows a "start" (or "wait_plug") run that was due at `due`."""
    if schedule.kind == Kind.CHARGING:
        end = window_end(schedule, zone, due)
        if end is not None:
            return NextRun(end, Phase.STOP)
    return NextRun(next_run(start_recurrence(schedule), zone, due), Phase.START)


def waiting_for_plug(schedule: Schedule, zone: ZoneInfo, due: datetime) -> NextRun:
    """Look again in a minute, while the window lasts; at its end, the "stop" phase."""
    end = window_end(schedule, zone, due)
    again = due + PLUG_RECHECK
    if end is None or again >= end:
        return NextRun(end, Phase.STOP) if end else next_start(schedule, zone, due)
    return NextRun(again, Phase.WAIT_PLUG)


def next_start(schedule: Schedule, zone: ZoneInfo, due: datetime) -> NextRun:
    """The next "start" after the run due at `due` (None for a one-off): what follows a
    window's "stop", or a start that did not begin a charge."""
    if schedule.once_on is not None and not schedule.weekdays:
        return NextRun(None, Phase.START)
    return NextRun(next_run(start_recurrence(schedule), zone, due), Phase.START)
