"""Command arguments to (action, parameters, car words), or a precise reply with an example.

Pure functions: every bad input raises `UserFacingError` with the usage text for that command,
before anything is sent to the cloud. Whatever follows the command's own arguments names the
car ("/lock Blue", "/climate 22 10 AB-C 123").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.smart.commands import CHARGE_LIMIT_RANGE, CHARGE_LIMIT_STEP, CLIMATE_TEMP_RANGE
from bot.tg.errors import UserFacingError
from bot.tg.numbers import ascii_number

CLIMATE_MINUTES_RANGE = (1, 30)
LEVEL_RANGE = (0, 3)
_ON = ("on", "an", "ein", "start")
_OFF = ("off", "aus", "stop")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a command asks for."""

    action: str
    params: dict[str, Any] = field(default_factory=dict)
    car: str = ""


def _rest(args: Sequence[str], start: int) -> str:
    return " ".join(args[start:])


def _number(text: str) -> float | None:
    return ascii_number(text)


def _whole(text: str) -> int | None:
    value = _number(text)
    return int(value) if value is not None and value == int(value) else None


def _word(args: Sequence[str], index: int) -> str:
    return args[index].casefold() if len(args) > index else ""


def parse_plain(action: str) -> Callable[[Sequence[str]], Parsed]:
    """A command without arguments: everything after it names the car."""

    def parse(args: Sequence[str]) -> Parsed:
        return Parsed(action, car=_rest(args, 0))

    return parse


def parse_choice(usage: str, choices: Mapping[str, str]) -> Callable[[Sequence[str]], Parsed]:
    """`/cmd <word> [car]` where the word picks the action."""

    def parse(args: Sequence[str]) -> Parsed:
        action = choices.get(_word(args, 0))
        if action is None:
            raise UserFacingError(usage)
        return Parsed(action, car=_rest(args, 1))

    return parse


def on_off(usage: str, on: str, off: str) -> Callable[[Sequence[str]], Parsed]:
    """`/cmd on|off [car]`."""
    choices = dict.fromkeys(_ON, on) | dict.fromkeys(_OFF, off)
    return parse_choice(usage, choices)


def parse_climate(args: Sequence[str]) -> Parsed:
    """`/climate 22 [minutes] [car]` or `/climate off [car]`."""
    first = _word(args, 0)
    if first in _OFF:
        return Parsed("climate_off", car=_rest(args, 1))
    if first in _ON and len(args) == 1:
        first = "21"
    temp = _number(first) if first else None
    if temp is None:
        raise UserFacingError("usage.climate")
    low, high = CLIMATE_TEMP_RANGE
    if not low <= temp <= high or round(temp * 2) != temp * 2:
        raise UserFacingError("usage.climate_temp", value=args[0])
    params: dict[str, Any] = {"temp_c": temp}
    rest = 1
    if len(args) > 1 and _number(args[1]) is not None:
        minutes = _whole(args[1])
        low_m, high_m = CLIMATE_MINUTES_RANGE
        if minutes is None or not low_m <= minutes <= high_m:
            raise UserFacingError("usage.climate_minutes", value=args[1])
        params["minutes"] = minutes
        rest = 2
    return Parsed("climate_on", params, _rest(args, rest))


def _level(text: str, usage: str) -> int:
    level = _whole(text)
    if level is None or not LEVEL_RANGE[0] <= level <= LEVEL_RANGE[1]:
        raise UserFacingError(usage)
    return level


def parse_seat_heat(args: Sequence[str]) -> Parsed:
    """`/seatheat driver|passenger|wheel 0-3 [car]`."""
    seat = {
        "driver": "driver",
        "fahrer": "driver",
        "passenger": "passenger",
        "beifahrer": "passenger",
        "wheel": "wheel",
        "lenkrad": "wheel",
    }.get(_word(args, 0))
    if seat is None or len(args) < 2:
        raise UserFacingError("usage.seatheat")
    return Parsed(
        "seat_heat", {"seat": seat, "level": _level(args[1], "usage.seatheat")}, _rest(args, 2)
    )


def parse_seat_vent(args: Sequence[str]) -> Parsed:
    """`/seatvent [driver|passenger] 0-3 [car]` (the driver's seat when none is named)."""
    seat = {
        "driver": "driver",
        "fahrer": "driver",
        "passenger": "passenger",
        "beifahrer": "passenger",
    }.get(_word(args, 0))
    index = 1 if seat else 0
    if len(args) <= index:
        raise UserFacingError("usage.seatvent")
    level = _level(args[index], "usage.seatvent")
    return Parsed("seat_vent", {"seat": seat or "driver", "level": level}, _rest(args, index + 1))


def parse_charge(args: Sequence[str]) -> Parsed:
    """`/charge start|stop [car]` or `/charge limit 50-100 [car]`."""
    word = _word(args, 0)
    if word in ("start", "on", "an"):
        return Parsed("charge_start", car=_rest(args, 1))
    if word in ("stop", "off", "aus"):
        return Parsed("charge_stop", car=_rest(args, 1))
    if word not in ("limit", "target", "ziel"):
        raise UserFacingError("usage.charge")
    if len(args) < 2:
        raise UserFacingError("usage.charge")
    percent = _whole(args[1].rstrip("%"))
    low, high = CHARGE_LIMIT_RANGE
    if percent is None or not low <= percent <= high or percent % CHARGE_LIMIT_STEP:
        raise UserFacingError("usage.charge_limit", value=args[1])
    return Parsed("charge_limit", {"percent": percent}, _rest(args, 2))


PARSERS: Mapping[str, Callable[[Sequence[str]], Parsed]] = {
    "lock": parse_plain("lock"),
    "unlock": parse_plain("unlock"),
    "horn": parse_plain("horn"),
    "flash": parse_plain("flash"),
    "find": parse_plain("find"),
    "climate": parse_climate,
    "defrost": on_off("usage.defrost", "defrost_on", "defrost_off"),
    "seatheat": parse_seat_heat,
    "seatvent": parse_seat_vent,
    "windows": parse_choice(
        "usage.windows",
        {
            "close": "windows_close",
            "zu": "windows_close",
            "vent": "windows_vent",
            "open": "windows_vent",
            "auf": "windows_vent",
        },
    ),
    "sunshade": parse_choice(
        "usage.sunshade",
        {
            "open": "sunshade_open",
            "auf": "sunshade_open",
            "close": "sunshade_close",
            "zu": "sunshade_close",
        },
    ),
    "trunk": parse_choice("usage.trunk", {"lock": "trunk_lock", "unlock": "trunk_unlock"}),
    "charge": parse_charge,
    "chargelid": parse_choice(
        "usage.chargelid",
        {
            "open": "chargelid_open",
            "auf": "chargelid_open",
            "close": "chargelid_close",
            "zu": "chargelid_close",
        },
    ),
    "fridge": on_off("usage.fridge", "fridge_on", "fridge_off"),
    "fragrance": on_off("usage.fragrance", "fragrance_on", "fragrance_off"),
    "tracking": on_off("usage.tracking", "tracking_on", "tracking_off"),
    "locker": parse_choice("usage.locker", {"lock": "locker_lock", "unlock": "locker_unlock"}),
}
