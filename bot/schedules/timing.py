"""When a schedule fires: local wall-clock times turned into UTC instants, across DST.

A schedule keeps the time the user chose ("07:30 on weekdays") in their own zone. Each run is
computed afresh from that wall-clock time, so a 07:30 schedule fires at 07:30 local on both
sides of a daylight-saving change. The two odd hours of a year have one rule each:

- a time that does not exist (the clock jumps from 02:00 to 03:00): the run is at the same
  distance after the jump, 02:30 fires at 03:30, once;
- a time that exists twice (the clock goes back from 03:00 to 02:00): the run is at the first
  of the two, never twice.

Pure functions of their arguments: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
WEEKDAYS = frozenset(range(7))  # Monday is 0, as in `date.weekday()`
WORKDAYS = frozenset(range(5))


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A wall-clock minute, on some weekdays or once on one date.

    `weekdays` empty means once, on `once_on`; a weekly recurrence ignores `once_on`.
    """

    minute_of_day: int
    weekdays: frozenset[int] = frozenset()
    once_on: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.minute_of_day < MINUTES_PER_DAY:
            msg = f"minute_of_day must be 0..{MINUTES_PER_DAY - 1}, got {self.minute_of_day}"
            raise ValueError(msg)
        if not self.weekdays <= WEEKDAYS:
            msg = f"weekdays must be within 0..6, got {sorted(self.weekdays)}"
            raise ValueError(msg)
        if not self.weekdays and self.once_on is None:
            raise ValueError("a recurrence needs weekdays or a date")

    @property
    def is_once(self) -> bool:
        """True for a one-off schedule."""
        return not self.weekdays

    @property
    def wall_time(self) -> time:
        """The local time of day."""
        return time(self.minute_of_day // 60, self.minute_of_day % 60)

    def shifted(self, minutes: int) -> Recurrence:
        """The same recurrence `minutes` earlier (negative) or later, weekdays moved along.

        Used for "ready by 07:30": the start is earlier, and can fall on the previous day.
        """
        total = self.minute_of_day + minutes
        day_shift, minute = divmod(total, MINUTES_PER_DAY)
        weekdays = frozenset((day + day_shift) % 7 for day in self.weekdays)
        once_on = self.once_on + timedelta(days=day_shift) if self.once_on else None
        return Recurrence(minute_of_day=minute, weekdays=weekdays, once_on=once_on)


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the clocks in `zone` show `wall` on `day` (rules above).

    PEP 495's fold=0 gives both rules at once: an ambiguous time reads as the first of the
    two, and a time inside a gap reads with the offset in force before the jump, which lands
    the same distance after it.
    """
    return datetime.combine(day, wall, tzinfo=zone).replace(fold=0).astimezone(UTC)


def next_run(recurrence: Recurrence, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first run strictly after `after` (aware), in UTC; None when a one-off has passed."""
    if after.tzinfo is None:
        raise ValueError("`after` must be an aware datetime")
    wall = recurrence.wall_time
    if recurrence.is_once:
        assert recurrence.once_on is not None  # noqa: S101  (checked in __post_init__)
        instant = local_instant(recurrence.once_on, wall, zone)
        return instant if instant > after else None
    start = after.astimezone(zone).date() - timedelta(days=1)
    for offset in range(9):
        day = start + timedelta(days=offset)
        if day.weekday() not in recurrence.weekdays:
            continue
        instant = local_instant(day, wall, zone)
        if instant > after:
            return instant
    return None  # unreachable for a non-empty weekday set; kept total for the type checker


def tomorrow_at(minute_of_day: int, zone: ZoneInfo, now: datetime) -> Recurrence:
    """A one-off "tomorrow at HH:MM" in the user's zone."""
    day = now.astimezone(zone).date() + timedelta(days=1)
    return Recurrence(minute_of_day=minute_of_day, once_on=day)


def next_at(minute_of_day: int, zone: ZoneInfo, now: datetime) -> Recurrence:
    """A one-off at the next HH:MM in the user's zone: today if still ahead, else tomorrow."""
    today = now.astimezone(zone).date()
    candidate = Recurrence(minute_of_day=minute_of_day, once_on=today)
    if local_instant(today, candidate.wall_time, zone) > now:
        return candidate
    return tomorrow_at(minute_of_day, zone, now)


def warm_up_minutes(target_celsius: float, outside_celsius: float | None) -> int:
    """How long before "ready by" a cabin should start: longer the colder (or hotter) it is.

    10 minutes for a mild day; one more minute per 2 °C of difference beyond 10 °C, up to
    30 minutes. Unknown outside temperature: 15 minutes.
    """
    if outside_celsius is None:
        return 15
    gap = abs(target_celsius - outside_celsius)
    return int(min(30, max(10, 10 + (gap - 10) / 2)))
