"""/climate typed by an imperial user: the temperature is °F, and the car takes °C.

The arguments are rewritten before the command's own parser (`bot.tg.parsing`) reads them,
so every other rule (minutes, "seats", the car's name) stays the °C parser's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bot.commands.actions import SEATS
from bot.smart.commands import CLIMATE_TEMP_RANGE
from bot.tg.errors import UserFacingError
from bot.tg.numbers import ascii_number
from bot.tg.units import celsius, fahrenheit


def climate_args_in_celsius(args: Sequence[str]) -> list[str]:
    """/climate's arguments typed by an imperial user, with the temperature (°F: "72" in
    "/climate 72 15", "/climate seats 72") turned into the °C the car takes, in its 0.5 °C
    steps ("22"). Out of range in °F (the car's 16-30 °C: 61-86 °F) is refused with a
    °F reply; everything else is left to the °C parser."""
    result = list(args)
    index = 1 if result and result[0].casefold() in SEATS else 0
    value = ascii_number(result[index]) if len(result) > index else None
    if value is None:
        return result
    low, high = CLIMATE_TEMP_RANGE
    half_steps = round(celsius(value) * 2)
    if not low <= half_steps / 2 <= high:
        raise UserFacingError(
            "usage.climate_temp_f",
            value=result[index],
            low=math.ceil(fahrenheit(low)),
            high=math.floor(fahrenheit(high)),
        )
    result[index] = f"{half_steps / 2:g}"
    return result
