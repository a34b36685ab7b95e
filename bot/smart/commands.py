"""Rendering and checking remote commands from the table in `bot.smart.command_table`.

`prepare_args` validates the caller's arguments (raising `ValueError`) before anything is
sent; `build_command` renders the body for a car model in the row's envelope layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.smart.command_table import COMMAND_TABLE, Args, CommandSpec, Envelope, Provenance
from bot.smart.models import CarModel

# Seat names -> RCE_2 `rce.heat` values and ZAF keys (left-hand drive layout, as the apps).
# RCE_2 (#1/#3) heats the front seats and the wheel; ZAF (#5) also the rear seats.
RCE_HEAT_TARGETS = {"driver": "front-left", "passenger": "front-right", "wheel": "steering_wheel"}
RSV_SEATS = {"driver": "front-left", "passenger": "front-right"}
ZAF_HEAT_KEYS = {
    "driver": "SH.11",
    "passenger": "SH.19",
    "rear_left": "SH.21",
    "rear_right": "SH.29",
    "wheel": "SW",
}
ZAF_VENT_KEYS = {"driver": "SV.11", "passenger": "SV.19"}
ZAF_DEFROST_KEY = "DF"
# Every ZAF comfort key, in the order an "all off" switches them (pySmartHashtag's order).
ZAF_ALL_KEYS = ("SH.11", "SH.19", "SH.21", "SH.29", "SW", "DF", "SV.11", "SV.19")
HEAT_SEATS = {**RCE_HEAT_TARGETS, "rear_left": "rear-left", "rear_right": "rear-right"}
ZAF_SEAT_MINUTES = "15"
CLIMATE_TEMP_RANGE = (16.0, 30.0)
CLIMATE_MAX_DURATION = 180
CHARGE_LIMIT_RANGE = (50, 100)
CHARGE_LIMIT_STEP = 5
MAX_LEVEL = 3


@dataclass(frozen=True, slots=True)
class PreparedCommand:
    """A rendered command: where it goes and the body to send."""

    spec: CommandSpec
    path: str
    payload: dict[str, Any]


def evidence(action: str, model: CarModel) -> Provenance:
    """How far `action`'s wire format on `model` is known to work (`ValueError` if absent)."""
    return spec_for(action, model).provenance


def is_experimental(action: str, model: CarModel) -> bool:
    """True when `action` on `model` has no captured or live-tested payload."""
    return evidence(action, model).experimental


def spec_for(action: str, model: CarModel) -> CommandSpec:
    """The table row for `action` on `model`.

    Raises:
        ValueError: unknown action, or not available on this model.
    """
    rows = [spec for spec in COMMAND_TABLE if spec.action == action]
    if not rows:
        msg = f"unknown command {action!r}"
        raise ValueError(msg)
    for spec in rows:
        if not spec.models or model in spec.models:
            return spec
    msg = f"command {action!r} is not available on smart {model.value}"
    raise ValueError(msg)


def _int_arg(args: dict[str, Any], name: str) -> int:
    value = args.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        msg = f"{name} must be a whole number, got {value!r}"
        raise ValueError(msg)
    return int(value)


def _choice(args: dict[str, Any], name: str, choices: dict[str, str]) -> str:
    value = args.get(name)
    if value not in choices:
        msg = f"{name} must be one of {', '.join(choices)}, got {value!r}"
        raise ValueError(msg)
    return str(value)


def _level(args: dict[str, Any]) -> int:
    level = _int_arg(args, "level")
    if not 0 <= level <= MAX_LEVEL:
        msg = f"level must be 0-{MAX_LEVEL}, got {level}"
        raise ValueError(msg)
    return level


def _climate_args(args: dict[str, Any]) -> dict[str, Any]:
    temp = args.get("temp_c", 21.0)
    low, high = CLIMATE_TEMP_RANGE
    if isinstance(temp, bool) or not isinstance(temp, int | float) or not low <= temp <= high:
        msg = f"temperature must be {low:g}-{high:g} °C, got {temp!r}"
        raise ValueError(msg)
    if round(temp * 2) != temp * 2:
        msg = f"temperature must be in 0.5 °C steps, got {temp!r}"
        raise ValueError(msg)
    minutes = args.get("minutes")
    if minutes is not None:
        minutes = _int_arg(args, "minutes")
        if not 1 <= minutes <= CLIMATE_MAX_DURATION:
            msg = f"minutes must be 1-{CLIMATE_MAX_DURATION}, got {minutes}"
            raise ValueError(msg)
    return {"temp_c": float(temp), "minutes": minutes, "heat": heat_levels(args.get("heat"))}


def heat_levels(value: object) -> dict[str, int]:
    """`{seat: level}` for seat heating beside climate (levels 0-3; 0 entries dropped).

    Seats are those RCE_2 heats: driver, passenger, wheel.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"heat must map seats to levels, got {value!r}"
        raise ValueError(msg)
    levels: dict[str, int] = {}
    for seat in RCE_HEAT_TARGETS:
        if seat in value:
            levels[seat] = _level({"level": value[seat]})
    unknown = set(value) - set(RCE_HEAT_TARGETS)
    if unknown:
        msg = f"heat seats must be {', '.join(RCE_HEAT_TARGETS)}, got {sorted(map(str, unknown))}"
        raise ValueError(msg)
    return {seat: level for seat, level in levels.items() if level > 0}


def _seat_heat_args(args: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"seat": _choice(args, "seat", HEAT_SEATS), "level": _level(args)}
    temp = args.get("climate_temp_c")
    if temp is not None:
        result["climate_temp_c"] = _climate_args({"temp_c": temp})["temp_c"]
    else:
        result["climate_temp_c"] = None
    return result


def _charge_limit_args(args: dict[str, Any]) -> dict[str, Any]:
    percent = _int_arg(args, "percent")
    low, high = CHARGE_LIMIT_RANGE
    if not low <= percent <= high or percent % CHARGE_LIMIT_STEP:
        msg = f"charge limit must be {low}-{high} % in steps of {CHARGE_LIMIT_STEP}, got {percent}"
        raise ValueError(msg)
    return {"percent": percent}


def prepare_args(action: str, **args: Any) -> dict[str, Any]:
    """Validated, normalised arguments for `action`; `ValueError` on anything else."""
    rows = [spec for spec in COMMAND_TABLE if spec.action == action]
    if not rows:
        msg = f"unknown command {action!r}"
        raise ValueError(msg)
    kind = rows[0].args
    allowed = {
        Args.NONE: set(),
        Args.CLIMATE: {"temp_c", "minutes", "heat"},
        Args.SEAT_HEAT: {"seat", "level", "climate_temp_c"},
        Args.SEAT_VENT: {"seat", "level"},
        Args.CHARGE_LIMIT: {"percent"},
    }[kind]
    unexpected = set(args) - allowed
    if unexpected:
        msg = f"command {action!r} takes no argument(s) {', '.join(sorted(unexpected))}"
        raise ValueError(msg)
    if kind is Args.CLIMATE:
        return _climate_args(args)
    if kind is Args.SEAT_HEAT:
        return _seat_heat_args(args)
    if kind is Args.SEAT_VENT:
        return {"seat": _choice(args, "seat", RSV_SEATS), "level": _level(args)}
    if kind is Args.CHARGE_LIMIT:
        return _charge_limit_args(args)
    return {}


def _dynamic(spec: CommandSpec, args: dict[str, Any]) -> tuple[str, list[tuple[str, str]], int]:
    """(command, extra parameters, duration) for an action with arguments."""
    command, duration = spec.command, spec.duration
    if spec.args is Args.CLIMATE:
        extra = [("rce.temp", f"{args['temp_c']:.1f}"), *rce_heat_pairs(args["heat"])]
        return command, extra, args["minutes"] or duration
    if spec.args is Args.CHARGE_LIMIT:
        return command, [("soc", str(args["percent"] * 10))], duration
    seat, level = args["seat"], args["level"]
    if spec.envelope is Envelope.ZAF:
        keys = ZAF_HEAT_KEYS if spec.args is Args.SEAT_HEAT else ZAF_VENT_KEYS
        key = keys[seat]
        if level == 0:
            return command, [(key, "false")], duration
        extra = [(key, "true"), (f"{key}.level", str(level))]
        if key.startswith("SH."):  # heated seats carry a run time; wheel and vents do not
            extra.append((f"{key}.duration", ZAF_SEAT_MINUTES))
        return command, extra, duration
    if spec.args is Args.SEAT_VENT:
        return command, [("rsv.seat", RSV_SEATS[seat]), ("rsv.level", str(level))], duration
    if seat not in RCE_HEAT_TARGETS:
        msg = f"seat {seat!r} has no remote heating on this model"
        raise ValueError(msg)
    pair = [("rce.heat", RCE_HEAT_TARGETS[seat]), ("rce.level", str(level))]
    climate_temp = args.get("climate_temp_c")
    if climate_temp is not None:
        # Climate runs: the seat rides in the climate command, which would otherwise be
        # replaced (close RCE_2 commands override each other, SmartHashtag#129).
        return "start", [("rce.conditioner", "1"), ("rce.temp", f"{climate_temp:.1f}"), *pair], 180
    return ("stop" if level == 0 else "start"), pair, duration


def rce_heat_pairs(levels: Mapping[str, int]) -> list[tuple[str, str]]:
    """`rce.heat`/`rce.level` parameters for `levels`, grouped by level: each group names
    its places, then one `rce.level` (the app's captured form for one level, SmartHashtag
    #129; one pair per place when levels differ, pySmartHashtag's form)."""
    pairs: list[tuple[str, str]] = []
    for level in dict.fromkeys(levels.values()):
        pairs += [("rce.heat", RCE_HEAT_TARGETS[s]) for s, lv in levels.items() if lv == level]
        pairs.append(("rce.level", str(level)))
    return pairs


def _parameters(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in pairs]


def render(  # noqa: PLR0917
    spec: CommandSpec,
    command: str,
    pairs: list[tuple[str, str]],
    duration: int,
    timestamp: str,
    user_id: str,
) -> dict[str, Any]:
    """The body for `spec` in its envelope layout (key order as the apps send it)."""
    parameters = _parameters(pairs)
    if spec.envelope is Envelope.CHARGING:
        scheduling: dict[str, Any] = {
            "scheduledTime": None,
            "interval": 0,
            "occurs": 1,
            "recurrentOperation": 0,
            "duration": duration,
        }
        return {
            "creator": "tc",
            "command": command,
            "operationScheduling": scheduling,
            "serviceId": spec.service_id,
            "timeStamp": timestamp,
            "serviceParameters": parameters,
        }
    if spec.envelope is Envelope.ZAF:
        scheduling = {
            "scheduledTime": None,
            "interval": 0,
            "occurs": 0,
            "recurrentOperation": 1,
            "duration": duration,
        }
        return {
            "serviceId": spec.service_id,
            "command": command,
            "creator": "tc",
            "latest": False,
            "timeStamp": timestamp,
            "userId": user_id,
            "operationScheduling": scheduling,
            "serviceParameters": parameters,
        }
    if spec.envelope is Envelope.JOURNAL:
        scheduling = {
            "scheduledTime": 0,
            "interval": 0,
            "occurs": 0,
            "recurrentOperation": True,
            "duration": duration,
        }
        return {
            "creator": "tc",
            "timestamp": timestamp,
            "latest": False,
            "command": command,
            "serviceId": spec.service_id,
            "serviceParameters": parameters,
            "operationScheduling": scheduling,
        }
    scheduling = {"duration": duration, "interval": 0, "occurs": 1, "recurrentOperation": False}
    body: dict[str, Any] = {
        "creator": "tc",
        "command": command,
        "operationScheduling": scheduling,
        "serviceId": spec.service_id,
    }
    if spec.envelope is Envelope.LID:
        body.update(timeStamp=timestamp, serviceParameters=parameters, userId=user_id)
    else:
        body.update(timestamp=timestamp, serviceParameters=parameters)
    return body


def build_command(
    action: str, *, vin: str, model: CarModel, timestamp: str, user_id: str, **args: Any
) -> PreparedCommand:
    """Validate `args` and render `action` for a car of `model`.

    Raises:
        ValueError: unknown action, bad arguments, or the action is not on this model.
    """
    normalised = prepare_args(action, **args)
    return render_prepared(
        action, normalised, vin=vin, model=model, timestamp=timestamp, user_id=user_id
    )


def render_prepared(
    action: str,
    normalised: dict[str, Any],
    *,
    vin: str,
    model: CarModel,
    timestamp: str,
    user_id: str,
) -> PreparedCommand:
    """Render `action` for a car of `model` with arguments `prepare_args` already checked.

    Raises:
        ValueError: the action is not on this model.
    """
    spec = spec_for(action, model)
    if normalised.get("heat") and model is CarModel.SMART_5:
        msg = "a smart #5 heats seats through ZAF, one request each: use warm_car or set_comfort"
        raise ValueError(msg)
    pairs = list(spec.params)
    command, duration = spec.command, spec.duration
    if spec.args is not Args.NONE:
        command, extra, duration = _dynamic(spec, normalised)
        # The charge limit's `soc` comes first, as pySmartHashtag sends it.
        pairs = extra + pairs if spec.args is Args.CHARGE_LIMIT else pairs + extra
    payload = render(spec, command, pairs, duration, timestamp, user_id)
    return PreparedCommand(spec=spec, path=spec.path.format(vin=vin), payload=payload)
