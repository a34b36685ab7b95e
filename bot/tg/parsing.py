"""Chat command arguments to (action, parameters, car words), or a precise usage reply.

The parsers are derived from the action table (`bot.commands.actions`): a command's actions
and the words that pick them; the kind of arguments an action takes selects how they are read.
Pure functions: every bad input raises `UserFacingError` with the usage text for that command
(`usage.<command>`), before anything is sent to the cloud. Whatever follows the command's own
arguments names the car ("/lock Blue", "/climate 22 10 AB-C 123").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.commands.actions import ON, SEATS, Action, by_command
from bot.smart.command_table import Args
from bot.smart.commands import CHARGE_LIMIT_RANGE, CHARGE_LIMIT_STEP, CLIMATE_TEMP_RANGE
from bot.tg.errors import UserFacingError
from bot.tg.numbers import ascii_number

CLIMATE_MINUTES_RANGE = (1, 30)
LEVEL_RANGE = (0, 3)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a command asks for."""

    action: str
    params: dict[str, Any] = field(default_factory=dict)
    car: str = ""


ArgParser = Callable[[Sequence[str]], "Parsed"]


def _rest(args: Sequence[str], start: int) -> str:
    return " ".join(args[start:])


def _number(text: str) -> float | None:
    return ascii_number(text)


def _whole(text: str) -> int | None:
    value = _number(text)
    return int(value) if value is not None and value == int(value) else None


def _word(args: Sequence[str], index: int) -> str:
    return args[index].casefold() if len(args) > index else ""


def parse_climate(args: Sequence[str]) -> Parsed:
    """`/climate 22 [minutes] [seats] [car]`, `/climate on` (21 °C); `/climate off` is a
    word. With "seats" it is the user's preset ("warm car") at that temperature."""
    first = _word(args, 0)
    if first in ON and len(args) == 1:
        first = "21"
    temp = _number(first) if first else None
    if temp is None:
        raise UserFacingError("usage.climate")
    parsed = _temperature_and_minutes(temp, args)
    rest = 1 + ("minutes" in parsed.params)
    if _word(args, rest) in SEATS:
        return Parsed("warm_car", parsed.params, _rest(args, rest + 1))
    return parsed


def parse_warm(args: Sequence[str]) -> Parsed:
    """`/climate seats [22] [minutes] [car]`: the preset, optionally at another temperature
    (the arguments after the word)."""
    if not args or _number(args[0]) is None:
        return Parsed("warm_car", {}, _rest(args, 0))
    parsed = _temperature_and_minutes(_number(args[0]), args)
    return Parsed("warm_car", parsed.params, parsed.car)


def _temperature_and_minutes(temp: float | None, args: Sequence[str]) -> Parsed:
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
    """`/seatheat driver|passenger|wheel|rearleft|rearright 0-3 [car]` (rear seats: #5)."""
    seat = {
        "driver": "driver",
        "fahrer": "driver",
        "passenger": "passenger",
        "beifahrer": "passenger",
        "wheel": "wheel",
        "lenkrad": "wheel",
        "rearleft": "rear_left",
        "rear_left": "rear_left",
        "hintenlinks": "rear_left",
        "rearright": "rear_right",
        "rear_right": "rear_right",
        "hintenrechts": "rear_right",
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


def parse_charge_limit(args: Sequence[str]) -> Parsed:
    """`/charge limit 50-100 [car]` (the arguments after the word)."""
    if not args:
        raise UserFacingError("usage.charge")
    percent = _whole(args[0].rstrip("%"))
    low, high = CHARGE_LIMIT_RANGE
    if percent is None or not low <= percent <= high or percent % CHARGE_LIMIT_STEP:
        raise UserFacingError("usage.charge_limit", value=args[0])
    return Parsed("charge_limit", {"percent": percent}, _rest(args, 1))


def _plain(name: str) -> ArgParser:
    def parse(args: Sequence[str]) -> Parsed:
        return Parsed(name, car=_rest(args, 0))

    return parse


# How the arguments of each kind of action are read (after the command and its word).
_ARGS: Mapping[Args, ArgParser] = {
    Args.CLIMATE: parse_climate,
    Args.SEAT_HEAT: parse_seat_heat,
    Args.SEAT_VENT: parse_seat_vent,
    Args.CHARGE_LIMIT: parse_charge_limit,
}


# Actions read differently from the other actions of their kind.
_BY_NAME: Mapping[str, ArgParser] = {"warm_car": parse_warm}


def _arguments(action: Action) -> ArgParser:
    return _BY_NAME.get(action.name) or _ARGS.get(action.args, _plain(action.name))


def parser_for(command: str, actions: Sequence[Action]) -> ArgParser:
    """`/command [word] [arguments] [car]`: the first word picks one of the command's actions
    (its `words`); without a known word, the command's default action (the one without
    words) reads everything; without one, the reply is the command's usage."""
    by_word = {word: action for action in actions for word in action.words}
    default = next((action for action in actions if not action.words), None)

    def parse(args: Sequence[str]) -> Parsed:
        action = by_word.get(_word(args, 0))
        if action is not None:
            return _arguments(action)(args[1:])
        if default is not None:
            return _arguments(default)(args)
        raise UserFacingError(f"usage.{command}")

    return parse


PARSERS: Mapping[str, ArgParser] = {
    command: parser_for(command, actions) for command, actions in by_command().items()
}
