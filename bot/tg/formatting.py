"""Numbers and dates in the user's locale, through Babel: "21.5" / "21,5", "Dec 1" / "1. Dez."."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, localcontext

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from bot.tg.i18n import Lang


def decimal(lang: Lang, value: float, *, places: int = 1, fixed: bool = False) -> str:
    """`value` with at most `places` decimals, in `lang`'s notation (21.5 / 21,5; 21); with
    `fixed`, exactly `places` decimals (2.0 / 2,0). Halves round up, as people read them:
    245 kPa is "2.5" bar (Babel's default, half to even, would say "2.4")."""
    pattern = "0." + ("0" if fixed else "#") * places if places else "0"
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        # Enough digits for any float (up to 1e308): an absurd odometer from the cloud is
        # printed as it came, never an error (the default 28 digits fail at 1e28).
        context.prec = 400
        return str(format_decimal(value, format=pattern, locale=lang.value))


def day(lang: Lang, moment: datetime | date) -> str:
    """Day and month in `lang`'s notation, month as a word: "Dec 1" / "1. Dez."."""
    return str(format_skeleton("MMMd", moment, locale=lang.value))


def full_date(lang: Lang, moment: datetime | date) -> str:
    """A date with the year: "Dec 1, 2026" / "01.12.2026"."""
    return str(format_date(moment, "medium", locale=lang.value))


def day_time(lang: Lang, moment: datetime) -> str:
    """Day, month and 24-hour time of `moment` (already in the user's zone): "Dec 1 14:05"."""
    return f"{day(lang, moment)} {format_time(moment, 'HH:mm', locale=lang.value)}"
