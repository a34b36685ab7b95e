"""The second, compact section of the status card ("More"): range at 100 %, service, the
12 V battery, each lock, heat and ventilation, window openings, park brake, fluids, cabin air.

A line appears only when the car reported its value; `hidden` names what the car's model or
capability list lacks (`Function` values: seat ventilation, PM2.5), which is left out even
when a value came.
The washer-fluid reading is shown only as unconfirmed: every capture so far reads "low".
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.smart.capabilities import Function
from bot.smart.models import VehicleStatus
from bot.tg.i18n import Html, Lang, t
from bot.tg.units import Units, distance

_PLACES = ("driver", "passenger", "driver_rear", "passenger_rear")
HIDE_VENTILATION = Function.SEAT_VENTILATION.value
HIDE_PM25 = Function.PM25.value


def _join(lang: Lang, values: Mapping[str, int], suffix: str = "") -> str:
    return ", ".join(
        f"{t(lang, f'part.window.{place}')} {values[place]}{suffix}"
        for place in _PLACES
        if values.get(place)
    )


def _service_line(lang: Lang, units: Units, status: VehicleStatus) -> str | None:
    parts = []
    if status.service_due_km is not None:
        due = distance(lang, units, status.service_due_km, places=0)
        parts.append(t(lang, "more.km", distance=due))
    if status.days_to_service is not None:
        parts.append(t(lang, "more.days", n=status.days_to_service))
    return t(lang, "more.service", due=Html(" · ".join(parts))) if parts else None


def _aux_line(lang: Lang, status: VehicleStatus) -> str | None:
    parts = []
    if status.aux_battery_percent is not None:
        parts.append(t(lang, "more.aux_charge", percent=f"{status.aux_battery_percent:.0f}"))
    if status.aux_battery_health is not None:
        parts.append(t(lang, "more.aux_health", percent=status.aux_battery_health))
    return t(lang, "more.aux", parts=Html(" · ".join(parts))) if parts else None


def _lock_lines(lang: Lang, status: VehicleStatus) -> list[str]:
    lines = []
    locks = status.door_locks
    if locks:
        open_doors = [t(lang, f"part.{door}") for door in _PLACES if locks.get(door) is False]
        lines.append(
            t(lang, "more.doors_unlocked", doors=", ".join(open_doors))
            if open_doors
            else t(lang, "more.doors_locked")
        )
    if status.trunk_locked is not None:
        lines.append(t(lang, "more.trunk_locked" if status.trunk_locked else "more.trunk_unlocked"))
    return lines


def _comfort_lines(lang: Lang, status: VehicleStatus, hidden: frozenset[str]) -> list[str]:
    lines = []
    heat = _join(lang, status.seat_heat or {})
    if status.steering_wheel_heat:
        heat = ", ".join(filter(None, [heat, t(lang, "seat.wheel")]))
    if status.seat_heat is not None or status.steering_wheel_heat is not None:
        lines.append(t(lang, "more.heat", seats=heat) if heat else t(lang, "more.heat_off"))
    vent = _join(lang, status.seat_ventilation or {})
    if vent and HIDE_VENTILATION not in hidden:
        lines.append(t(lang, "more.vent", seats=vent))
    if status.defrost_on:
        lines.append(t(lang, "more.defrost"))
    windows = _join(lang, status.window_percent or {}, " %")
    if windows:
        lines.append(t(lang, "more.windows", windows=windows))
    return lines


def _fluid_lines(lang: Lang, status: VehicleStatus) -> list[str]:
    lines = []
    if status.park_brake_on is not None:
        lines.append(t(lang, "more.brake_on" if status.park_brake_on else "more.brake_off"))
    low = [
        t(lang, f"more.fluid.{name}")
        for name in ("brake_fluid", "coolant")
        if getattr(status, f"{name}_low")
    ]
    if low:
        lines.append(t(lang, "more.fluids_low", fluids=", ".join(low)))
    elif status.brake_fluid_low is False or status.coolant_low is False:
        lines.append(t(lang, "more.fluids_ok"))
    if status.washer_fluid_low:
        lines.append(t(lang, "more.washer_unconfirmed"))
    return lines


def more_lines(
    lang: Lang,
    status: VehicleStatus,
    *,
    hidden: frozenset[str] = frozenset(),
    units: Units = Units.METRIC,
) -> list[str]:
    """The lines of the "More" section (empty when the car reported none of them)."""
    lines = []
    if status.range_at_full_km is not None:
        full = distance(lang, units, status.range_at_full_km, places=0)
        lines.append(t(lang, "more.range_full", distance=full))
    service = _service_line(lang, units, status)
    lines += [line for line in (service, _aux_line(lang, status)) if line]
    lines += _lock_lines(lang, status)
    lines += _comfort_lines(lang, status, hidden)
    lines += _fluid_lines(lang, status)
    if status.cabin_pm25 is not None and HIDE_PM25 not in hidden:
        lines.append(t(lang, "more.pm25", value=f"{status.cabin_pm25:.0f}"))
    return lines
