"""The car's own timers: the climate schedule and the charging reservation (REFERENCE §7.9,
§7.10, §8.5).

Reads: `GET /remote-control/schedule/{vin}` (`data` is a list, or `{scheduleList: [...]}`)
and `GET /remote-control/charging/reservation/{vin}` (`data` with `reservationStatus`,
`startTime`, `endTime`, `targetSoc`; some accounts answer a paginated `{list: [...]}` whose
first entry is the reservation). Both shapes come from documentation, not captures, so every
field is read on its own and an odd payload gives "no timer", never an exception.

Writes: the two PUTs only one public client sends, with partial bodies, one field at a time
(`{"scheduledTime": "07:00"}`, `{"enabled": true}`; `{"startTime": ..}`, `{"endTime": ..}`,
`{"targetSoc": 80}`). They are unverified: the bot offers them as experimental and reads the
timer back to show whether the car took it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

PATH_CLIMATE_SCHEDULE: Final = "/remote-control/schedule/{vin}"
PATH_CHARGING_RESERVATION: Final = "/remote-control/charging/reservation/{vin}"

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class CarClimateTimer:
    """One climate timer stored in the car."""

    schedule_id: str
    enabled: bool
    time: str  # "HH:MM", the car's local time
    temperature_c: float | None


@dataclass(frozen=True, slots=True)
class CarChargingTimer:
    """The car's charging reservation."""

    active: bool
    start: str | None  # "HH:MM"
    end: str | None
    target_percent: int | None


@dataclass(frozen=True, slots=True)
class CarTimers:
    """Both kinds of car-side timer (None / empty: the car has none or did not say)."""

    climate: tuple[CarClimateTimer, ...] = ()
    charging: CarChargingTimer | None = None

    @property
    def active_climate(self) -> CarClimateTimer | None:
        """The first enabled climate timer."""
        return next((timer for timer in self.climate if timer.enabled), None)

    @property
    def active_charging(self) -> CarChargingTimer | None:
        """The charging reservation when it is active."""
        return self.charging if self.charging is not None and self.charging.active else None


def clock_text(value: object) -> str | None:
    """An "HH:MM" time, or None for anything else."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    return text if _CLOCK.match(text) else None


def valid_clock(value: str) -> str:
    """`value` if it is "HH:MM" (24 h); ValueError otherwise (raised before any request)."""
    text = clock_text(value)
    if text is None:
        msg = f"time must be HH:MM (24 h), got {value!r}"
        raise ValueError(msg)
    return text


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e6 else None


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "active", "on", "enabled"}


def _items(data: object, *keys: str) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        for key in keys:
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            return [data]
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, Mapping)]


def parse_climate_timers(body: Mapping[str, Any]) -> tuple[CarClimateTimer, ...]:
    """The climate timers in a schedule reply (entries without a valid time are skipped)."""
    timers = []
    for item in _items(body.get("data"), "scheduleList", "list"):
        time = clock_text(item.get("scheduledTime"))
        if time is None:
            continue
        timers.append(
            CarClimateTimer(
                schedule_id=str(item.get("scheduleId", "")),
                enabled=_flag(item.get("enabled")),
                time=time,
                temperature_c=_number(item.get("temperature")),
            )
        )
    return tuple(timers)


def parse_charging_timer(body: Mapping[str, Any]) -> CarChargingTimer | None:
    """The charging reservation in a reply; None when there is none."""
    items = _items(body.get("data"), "list")
    if not items:
        return None
    item = items[0]
    start, end = clock_text(item.get("startTime")), clock_text(item.get("endTime"))
    target = _number(item.get("targetSoc"))
    if start is None and end is None and target is None:
        return None
    return CarChargingTimer(
        active=str(item.get("reservationStatus", "")).strip().lower() == "active",
        start=start,
        end=end,
        target_percent=int(target) if target is not None and 0 <= target <= 100 else None,
    )


def climate_timer_bodies(time: str, *, enabled: bool) -> list[dict[str, object]]:
    """The PUT bodies that set the car's climate timer, in the order they are sent."""
    return [{"scheduledTime": valid_clock(time)}, {"enabled": enabled}]


def charging_timer_bodies(start: str, end: str, target_percent: int) -> list[dict[str, object]]:
    """The PUT bodies that set the car's charging reservation, in the order they are sent."""
    if not 50 <= target_percent <= 100:
        msg = f"target must be 50-100 %, got {target_percent}"
        raise ValueError(msg)
    return [
        {"startTime": valid_clock(start)},
        {"endTime": valid_clock(end)},
        {"targetSoc": target_percent},
    ]
