"""Text the bot shows about a car: the HTML status card, data age, durations.

Every dynamic value goes through `i18n.t`, which escapes it; nothing from the cloud or the user
reaches Telegram unescaped.
"""

from __future__ import annotations

from datetime import datetime

from bot.smart.models import VehicleStatus
from bot.tg.i18n import Html, Lang, t
from bot.tg.render_more import more_lines
from bot.tg.units import Units, distance, pressure_number, pressure_unit, temperature

# Below this, a tyre is flagged even when the car itself raised no warning (kPa; 2.0 bar).
LOW_TYRE_KPA = 200.0
# A resting 12 V battery below this is weak.
LOW_AUX_VOLTS = 11.8
# Wheels are named by seat side, as the cloud does: the driver is on the right in RHD markets.
_TYRES = ("driver", "passenger", "driver_rear", "passenger_rear")
_DOORS = ("driver", "passenger", "driver_rear", "passenger_rear")
_WINDOWS = ("driver", "passenger", "driver_rear", "passenger_rear")


def age_text(lang: Lang, then: datetime | None, now: datetime) -> str:
    """How old data is: "just now", "3 min ago", "2 h ago", "4 days ago"."""
    if then is None:
        return t(lang, "status.unknown")
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 10:
        return t(lang, "age.now")
    if seconds < 60:
        return t(lang, "age.seconds", n=seconds)
    if seconds < 3600:
        return t(lang, "age.minutes", n=seconds // 60)
    if seconds < 86_400:
        return t(lang, "age.hours", n=seconds // 3600)
    return t(lang, "age.days", n=seconds // 86_400)


def duration_text(lang: Lang, minutes: int) -> str:
    """A duration such as "45 min" or "2 h 5 min"."""
    if minutes < 60:
        return t(lang, "duration.minutes", n=minutes)
    return t(lang, "duration.hours", h=minutes // 60, m=minutes % 60)


def wait_text(lang: Lang, seconds: float) -> str:
    """A wait such as "30 s" or "5 min" (rounded up)."""
    whole = max(1, int(seconds + 0.999))
    if whole < 120:
        return t(lang, "wait.seconds", n=whole)
    return t(lang, "wait.minutes", n=(whole + 59) // 60)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def open_parts(lang: Lang, status: VehicleStatus) -> list[str]:
    """Names of everything open: doors, trunk, bonnet, sunroof, windows."""
    parts = [t(lang, f"part.{door}") for door in _DOORS if door in (status.doors_open or ())]
    parts.extend(
        t(lang, f"part.{name}")
        for name, is_open in (
            ("trunk", status.trunk_open),
            ("hood", status.hood_open),
            ("sunroof", status.sunroof_open),
        )
        if is_open
    )
    windows = [t(lang, f"part.window.{w}") for w in _WINDOWS if w in (status.windows_open or ())]
    if windows:
        parts.append(t(lang, "part.windows", names=Html(", ".join(windows))))
    return parts


def lock_line(lang: Lang, status: VehicleStatus) -> str:
    """Locked, unlocked or unknown."""
    if status.locked is None:
        return t(lang, "status.lock_unknown")
    return t(lang, "status.locked" if status.locked else "status.unlocked")


def charging_details(
    lang: Lang,
    *,
    dc: bool | None,
    kw: float | None,
    estimated: bool | None,
    minutes: int | None,
) -> str:
    """The charging details, " (DC) at ≈48 kW, full in 35 min": the mode, the power ("≈"
    when it rests on an estimated voltage) and the time to full, each only when known."""
    text = ""
    if dc is not None:
        text += t(lang, "status.charging.dc" if dc else "status.charging.ac")
    if kw:
        text += t(lang, "status.charging.power", kw=("≈" if estimated else "") + _number(kw))
    if minutes:
        text += t(lang, "status.charging.eta", duration=Html(duration_text(lang, minutes)))
    return text


# Charging states worth naming while plugged in and not charging.
_PLUGGED_STATES = frozenset(
    {
        "waiting_for_charging",
        "target_reached",
        "fully_charged",
        "finished_fully_charged",
        "finished_not_full",
        "complete",
        "error",
    }
)


def _charging_lines(lang: Lang, status: VehicleStatus) -> list[str]:
    if status.is_charging:
        details = charging_details(
            lang,
            dc=status.dc_charging,
            kw=status.charge_power_kw,
            estimated=status.charge_power_estimated,
            minutes=status.minutes_to_full,
        )
        target = (
            t(lang, "status.charging.target", percent=status.charge_target_percent)
            if status.charge_target_percent
            else ""
        )
        return [t(lang, "status.charging", details=Html(details), target=Html(target))]
    if status.plugged_in:
        if status.charging_state in _PLUGGED_STATES:
            state = t(lang, f"charging_state.{status.charging_state}")
            return [t(lang, "status.plugged_state", state=state)]
        return [t(lang, "status.plugged")]
    if status.plugged_in is False:
        return [t(lang, "status.unplugged")]
    return []


def _temperature(lang: Lang, units: Units, value: float | None) -> str:
    if value is None:
        return t(lang, "status.unknown")
    return temperature(lang, units, value)


def _tyre_lines(lang: Lang, units: Units, status: VehicleStatus) -> list[str]:
    pressures = status.tyre_pressure_kpa or {}
    lines: list[str] = []
    known = [(w, pressures[w]) for w in _TYRES if w in pressures]
    if known:
        # Compact: front and rear axle, each driver side first ("front 2.5 · 2.4").
        axles = []
        for axle, wheels in (("front", _TYRES[:2]), ("rear", _TYRES[2:])):
            values = [pressure_number(lang, units, pressures[w]) for w in wheels if w in pressures]
            if values:
                axles.append(f"{t(lang, f'tyre.{axle}')} {' · '.join(values)}")
        lines.append(t(lang, "status.tyres", values="  ".join(axles), unit=pressure_unit(units)))
    if status.tyre_warning or any(kpa < LOW_TYRE_KPA for _, kpa in known):
        lines.append(t(lang, "status.tyres_low"))
    return lines


def _battery_line(lang: Lang, units: Units, status: VehicleStatus) -> str | None:
    if status.battery_percent is None and status.range_km is None:
        return None
    line = t(lang, "status.battery", percent=_optional(lang, status.battery_percent))
    if status.range_km is not None:
        line += t(lang, "status.range", distance=distance(lang, units, status.range_km, places=0))
    return line


def _optional(lang: Lang, value: object | None) -> object:
    return t(lang, "status.unknown") if value is None else value


def _body_lines(lang: Lang, units: Units, status: VehicleStatus) -> list[str]:
    lines = [lock_line(lang, status)]
    parts = open_parts(lang, status)
    if parts:
        lines.append(t(lang, "status.open", parts=Html(", ".join(parts))))
    elif status.doors_open is not None or status.windows_open is not None:
        lines.append(t(lang, "status.closed"))
    if status.climate_on is not None:
        lines.append(t(lang, "status.climate_on" if status.climate_on else "status.climate_off"))
    if status.interior_temp_c is not None or status.exterior_temp_c is not None:
        lines.append(
            t(
                lang,
                "status.temps",
                inside=Html(_temperature(lang, units, status.interior_temp_c)),
                outside=Html(_temperature(lang, units, status.exterior_temp_c)),
            )
        )
    return lines


def status_card(
    lang: Lang,
    *,
    name: str,
    model: str,
    status: VehicleStatus,
    now: datetime,
    more: bool = False,
    hidden: frozenset[str] = frozenset(),
    units: Units = Units.METRIC,
) -> str:
    """The full HTML status card of one car, its values in `units`; with `more`, its second
    section (see `bot.tg.render_more`, which leaves out what `hidden` names)."""
    lines = [t(lang, "status.title", name=name, model=model)]
    battery = _battery_line(lang, units, status)
    if battery:
        lines.append(battery)
    lines.extend(_charging_lines(lang, status))
    lines.extend(_body_lines(lang, units, status))
    lines.extend(_tyre_lines(lang, units, status))
    if status.odometer_km is not None:
        odometer = distance(lang, units, status.odometer_km, places=0)
        lines.append(t(lang, "status.odometer", distance=odometer))
    if status.aux_battery_v is not None:
        key = "status.aux_low" if status.aux_battery_v < LOW_AUX_VOLTS else "status.aux"
        lines.append(t(lang, key, volts=f"{status.aux_battery_v:.1f}"))
    if more:
        extra = more_lines(lang, status, hidden=hidden, units=units)
        lines += [t(lang, "more.title"), *(extra or [t(lang, "more.none")])]
    if status.updated_at is None:
        lines.append(t(lang, "status.age_unknown"))
    else:
        lines.append(t(lang, "status.age", age=Html(age_text(lang, status.updated_at, now))))
    return "\n".join(lines)


def state_summary(lang: Lang, status: VehicleStatus | None, now: datetime) -> str:
    """One line of current state for a confirmation question."""
    if status is None:
        return t(lang, "confirm.state_unknown")
    parts = open_parts(lang, status)
    closed = (
        t(lang, "status.closed")
        if not parts
        else t(lang, "status.open", parts=Html(", ".join(parts)))
    )
    age = (
        t(lang, "status.age", age=Html(age_text(lang, status.updated_at, now)))
        if status.updated_at
        else t(lang, "status.age_unknown")
    )
    return t(
        lang, "confirm.state", lock=Html(lock_line(lang, status)), parts=Html(closed), age=Html(age)
    )
