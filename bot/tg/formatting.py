"""Numbers in the user's locale, through Babel: "21.5" in English, "21,5" in German."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.tg.i18n import Lang


def decimal(lang: Lang, value: float, *, places: int = 1) -> str:
    """`value` with at most `places` decimals, in `lang`'s notation (21.5 / 21,5; 21)."""
    pattern = "0." + "#" * places if places else "0"
    return str(format_decimal(value, format=pattern, locale=lang.value))
