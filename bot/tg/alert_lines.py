"""Pieces of an alert's lines: who made a change ("by this bot (Anna)"), the distance of a
theft alert in km, and what was left open."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal

from bot.tg.i18n import Lang, t


def by_bot_marker(lang: Lang, data: Mapping[str, object]) -> str:
    """The "by this bot (Anna)" marker of a change this bot made on a command, "" else."""
    if data.get("by_bot") is not True:
        return ""
    name = data.get("by_name")
    if isinstance(name, str) and name:
        return t(lang, "alert.by_bot_named", name=name)
    return t(lang, "alert.by_bot")


def distance_km(lang: Lang, metres: object) -> str:
    """Metres as km with one decimal in the user's notation ("2.3" / "2,3"); "?" unknown."""
    if not isinstance(metres, int | float) or isinstance(metres, bool):
        return "?"
    return str(format_decimal(metres / 1000, format="0.0", locale=lang.value))


def open_parts_text(lang: Lang, data: Mapping[str, object], doors: str, windows: str) -> str:
    """What a left-open alert names: doors, windows, trunk, bonnet (rendered names in)."""
    parts = [doors] if doors else []
    if windows:
        parts.append(t(lang, "part.windows", names=windows))
    parts.extend(t(lang, f"part.{name}") for name in ("trunk", "hood") if data.get(name) is True)
    return ", ".join(parts)
