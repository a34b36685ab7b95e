"""A schedule being built with buttons, carried whole in each button's callback data.

The "add a schedule" flow keeps no state on the server: every button of the flow carries the
complete draft (kind, car, time, days, temperature, seats, ...) as it will be after that
press, in at most 43 characters. A press is therefore idempotent, works on any replica, and
survives restarts; nothing in it is trusted (the car is re-checked against the user, every
value is range-checked here, and an odd one is refused, not clamped).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from bot.schedules.plan import Kind
from bot.schedules.timing import MINUTES_PER_DAY, WORKDAYS

MIN_TEMP_C, MAX_TEMP_C = 16.0, 30.0
MAX_SEAT_LEVEL = 3
MIN_TARGET, MAX_TARGET = 50, 100
_KINDS = {"c": Kind.CLIMATE, "g": Kind.CHARGING}
_KIND_CODES = {kind: code for code, kind in _KINDS.items()}
_FIELDS = 11
DURATIONS = (0, 10, 15, 20, 30)  # minutes the climate runs; 0 = the car's own default


class Step(StrEnum):
    """Which screen of the flow a button shows next."""

    TIME = "t"
    DAYS = "d"
    OPTIONS = "o"


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything a schedule needs. `weekdays` is a bit set (bit 0 = Monday); 0 = once."""

    kind: Kind
    vehicle_id: int
    minute: int = 7 * 60 + 30
    weekdays: int = sum(1 << day for day in WORKDAYS)
    temp_half_c: int = 42  # 21.0 °C, in half degrees
    seat_level: int = 0
    wheel_level: int = 0
    ready_by: bool = False
    end_minute: int = 6 * 60
    target_percent: int = 80
    when_plugged: bool = True
    minutes: int = 0

    def __post_init__(self) -> None:
        checks = (
            0 < self.vehicle_id < 2**62,
            0 <= self.minute < MINUTES_PER_DAY,
            0 <= self.end_minute < MINUTES_PER_DAY,
            0 <= self.weekdays < 128,
            2 * MIN_TEMP_C <= self.temp_half_c <= 2 * MAX_TEMP_C,
            0 <= self.seat_level <= MAX_SEAT_LEVEL,
            0 <= self.wheel_level <= MAX_SEAT_LEVEL,
            MIN_TARGET <= self.target_percent <= MAX_TARGET and self.target_percent % 5 == 0,
            self.minutes in DURATIONS,
        )
        if not all(checks):
            raise ValueError("schedule draft out of range")

    @classmethod
    def new(cls, kind: Kind, vehicle_id: int) -> Draft:
        """A fresh draft: 07:30 on weekdays for climate, 23:00-06:00 every day for charging."""
        if kind is Kind.CHARGING:
            return cls(kind, vehicle_id, minute=23 * 60, weekdays=127)
        return cls(kind, vehicle_id)

    @property
    def temp_c(self) -> float:
        """The cabin temperature in °C."""
        return self.temp_half_c / 2

    def next_duration(self) -> Draft:
        """The next climate run time: car default → 10 → 15 → 20 → 30 min → car default."""
        return self.with_(minutes=DURATIONS[(DURATIONS.index(self.minutes) + 1) % len(DURATIONS)])

    def with_(self, **changes: object) -> Draft:
        """A copy with `changes`; values that leave the allowed range keep the old one."""
        try:
            return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        except ValueError:
            return self

    def encode(self, step: Step) -> str:
        """The callback argument for showing `step` with this draft."""
        numbers = (
            self.vehicle_id,
            self.minute,
            self.weekdays,
            self.temp_half_c,
            self.seat_level,
            self.wheel_level,
            int(self.ready_by),
            self.end_minute,
            self.target_percent,
            int(self.when_plugged),
            self.minutes,
        )
        return step.value + _KIND_CODES[self.kind] + "_".join(_b36(n) for n in numbers)


def decode(arg: str) -> tuple[Step, Draft] | None:
    """The step and draft in a callback argument; None for anything malformed."""
    if len(arg) < 3:
        return None
    try:
        step, kind = Step(arg[0]), _KINDS[arg[1]]
        parts = arg[2:].split("_")
        if len(parts) != _FIELDS or any(not part or len(part) > 13 for part in parts):
            return None
        n = [int(part, 36) for part in parts]
        flags = (n[6], n[9])
        if any(flag not in (0, 1) for flag in flags):
            return None
        draft = Draft(
            kind, n[0], n[1], n[2], n[3], n[4], n[5], bool(n[6]), n[7], n[8], bool(n[9]), n[10]
        )
    except (KeyError, ValueError):
        return None
    return step, draft


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if number == 0:
        return "0"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out
