"""Pieces of an alert's lines: who made a change ("by this bot (Anna)"), the distance of a
theft alert, range and temperatures in the user's units, and what was left open."""

from __future__ import annotations

from collections.abc import Mapping

from bot.tg.i18n import Lang, t
from bot.tg.units import Units, distance, temperature


def by_bot_marker(lang: Lang, data: Mapping[str, object]) -> str:
    """The "by this bot (Anna)" marker of a change this bot made on a command, "" else."""
    if data.get("by_bot") is not True:
        return ""
    name = data.get("by_name")
    if isinstance(name, str) and name:
        return t(lang, "alert.by_bot_named", name=name)
    return t(lang, "alert.by_bot")


def theft_distance(lang: Lang, units: Units, metres: object) -> str:
    """Metres as km or mi with one decimal in the user's notation ("2.3 km" / "1,4 mi");
    "?" when unknown."""
    if not isinstance(metres, int | float) or isinstance(metres, bool):
        return "?"
    return distance(lang, units, metres / 1000, places=1, fixed=True)


def optional_distance(lang: Lang, units: Units, km: object) -> str:
    """A reported distance in the user's unit, whole ("193 mi"); "?" when unknown."""
    if not isinstance(km, int | float) or isinstance(km, bool):
        return "?"
    return distance(lang, units, km, places=0)


def optional_temperature(lang: Lang, units: Units, celsius: object) -> str:
    """A reported temperature in the user's unit ("17,5 °C" / "63,5 °F"); "?" unknown."""
    if not isinstance(celsius, int | float) or isinstance(celsius, bool):
        return "?"
    return temperature(lang, units, celsius)


def open_parts_text(lang: Lang, data: Mapping[str, object], doors: str, windows: str) -> str:
    """What a left-open alert names: doors, windows, trunk, bonnet (rendered names in)."""
    parts = [doors] if doors else []
    if windows:
        parts.append(t(lang, "part.windows", names=windows))
    parts.extend(t(lang, f"part.{name}") for name in ("trunk", "hood") if data.get(name) is True)
    return ", ".join(parts)
