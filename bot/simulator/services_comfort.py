"""Comfort commands: RCE_2 (climate, defrost, seat and steering-wheel heating) and the #5's
ZAF (one comfort function per request). Rules from REFERENCE §8.3 and the captured bodies.

Car behaviour modelled beyond the payload rules (SmartHashtag #129, REFERENCE §10.14):
- an RCE_2 command accepted within `SimConfig.rce_ignore_seconds` of the previous one is
  ignored by the car (the cloud still says success);
- RCE_2 commands replace each other: seat heat on its own while climate runs ends the
  climate (inferred from "close successive RCE commands override each other"), which is why
  the app sends the seats inside the climate command.
- ZAF: heating and ventilation of one seat exclude each other (pySmartHashtag clears one
  when the other is chosen; inferred to mirror the car).
"""

from __future__ import annotations

from bot.simulator.commands import Apply, CommandPlan, CommandRequest, Params, illegal
from bot.simulator.model import HEAT_PLACES, VehicleState

MIN_TEMP_C, MAX_TEMP_C = 16.0, 30.0
_LEVELS = ("0", "1", "2", "3")
# ZAF function keys -> (table, place); DF is the windscreen defrost.
_ZAF_KEYS = {
    "SH.11": ("heat", "front-left"),
    "SH.19": ("heat", "front-right"),
    "SH.21": ("heat", "rear-left"),
    "SH.29": ("heat", "rear-right"),
    "SW": ("heat", "steering_wheel"),
    "SV.11": ("vent", "front-left"),
    "SV.19": ("vent", "front-right"),
    "DF": ("defrost", ""),
}


def _heat_levels(params: Params) -> dict[str, int]:
    """Heat pairs: every `rce.heat` names a place, the next `rce.level` applies to the places
    named since the previous level (the app sends all heats, then one level)."""
    waiting: list[str] = []
    levels: dict[str, int] = {}
    for key, value in params:
        if key == "rce.heat":
            if value not in HEAT_PLACES:
                raise illegal(f"unknown rce.heat {value}")
            waiting.append(value)
        elif key == "rce.level":
            if not waiting or value not in _LEVELS:
                raise illegal("rce.level without rce.heat, or out of range")
            levels.update(dict.fromkeys(waiting, int(value)))
            waiting = []
        elif key not in ("rce.conditioner", "rce.temp"):
            raise illegal(f"unknown RCE_2 parameter {key}")
    if waiting:
        raise illegal("rce.heat without rce.level")
    return levels


def _temperature(params: Params) -> float:
    temps = [value for key, value in params if key == "rce.temp"]
    if len(temps) != 1:
        raise illegal("rce.temp required once")
    try:
        temp = float(temps[0])
    except ValueError:
        raise illegal("rce.temp is not a number") from None
    if not MIN_TEMP_C <= temp <= MAX_TEMP_C:
        raise illegal("rce.temp must be 16-30")
    return temp


def plan_rce(request: CommandRequest, _vehicle: VehicleState, minutes: float) -> CommandPlan:
    """RCE_2 (also the app's lower-case `rce_2`)."""
    params = request.params
    conditioner = [value for key, value in params if key == "rce.conditioner"]
    start = request.command == "start"
    if conditioner == ["2"]:
        return _defrost(request, start)
    if conditioner not in (["1"], []):
        raise illegal("rce.conditioner must be 1 or 2")
    if conditioner == ["1"] and not start:
        return CommandPlan(request.service_id, "climate off", _climate_off)
    levels = _heat_levels(params)
    if conditioner == ["1"]:
        temp = _temperature(params)
        # The client sends the run time in minutes as `duration`; 0 means the car's default.
        run = request.duration or minutes
        return CommandPlan(
            request.service_id, f"climate on {temp:.1f} °C", _climate_on(temp, levels, run)
        )
    if not levels:
        raise illegal("RCE_2 without conditioner needs rce.heat/rce.level pairs")
    if not start and any(levels.values()):
        raise illegal("stopping seat heating uses rce.level 0")
    return CommandPlan(request.service_id, "seat heating", _heat(levels))


def _defrost(request: CommandRequest, start: bool) -> CommandPlan:
    extra = {key for key, _ in request.params} - {"rce.conditioner", "rce.level"}
    levels = [value for key, value in request.params if key == "rce.level"]
    if extra or (start and levels not in (["1"], ["2"], ["3"])):
        raise illegal("defrost parameters")

    def apply(vehicle: VehicleState, _now: float) -> None:
        vehicle.defrost = start

    return CommandPlan(request.service_id, "defrost on" if start else "defrost off", apply)


def _climate_on(temp: float, levels: dict[str, int], minutes: float) -> Apply:
    def apply(vehicle: VehicleState, now: float) -> None:
        vehicle.climate_on = True
        vehicle.climate_target_c = temp
        vehicle.climate_until = now + minutes * 60
        vehicle.seat_heat.update(levels)

    return apply


def _climate_off(vehicle: VehicleState, _now: float) -> None:
    vehicle.climate_on = False
    vehicle.climate_until = None
    vehicle.seat_heat.update(dict.fromkeys(vehicle.seat_heat, 0))


def _heat(levels: dict[str, int]) -> Apply:
    def apply(vehicle: VehicleState, _now: float) -> None:
        vehicle.seat_heat.update(levels)
        if vehicle.climate_on:  # this RCE_2 replaces the climate one
            vehicle.climate_on = False
            vehicle.climate_until = None

    return apply


def pace_rce(plan: CommandPlan, vehicle: VehicleState, now: float, window: float) -> CommandPlan:
    """`plan`, or a plan that does nothing when an RCE_2 came in less than `window` s ago."""
    if plan.service_id.upper() != "RCE_2":
        return plan
    previous, vehicle.last_rce_at = vehicle.last_rce_at, now
    if previous is None or now - previous >= window:
        return plan

    def ignored(car: VehicleState, at: float) -> None:
        car.record(at, f"ignored {plan.description}")

    return CommandPlan(plan.service_id, f"{plan.description} (ignored: too close)", ignored)


def plan_zaf(request: CommandRequest, vehicle: VehicleState, _minutes: float) -> CommandPlan:
    """ZAF (#5 only): `operation=4`, one `<KEY>=true|false`, `<KEY>.level`, `<KEY>.duration`."""
    if not vehicle.spec.uses_api_v2:
        raise illegal("ZAF is a smart #5 service")
    params = dict(request.params)
    if request.command != "start" or params.pop("operation", None) != "4":
        raise illegal("ZAF needs command=start and operation=4")
    functions = [key for key in params if key in _ZAF_KEYS]
    if len(functions) != 1 or params[functions[0]] not in ("true", "false"):
        raise illegal("ZAF switches exactly one function true or false")
    key = functions[0]
    on = params.pop(key) == "true"
    level = params.pop(f"{key}.level", "3" if on else "0")
    params.pop(f"{key}.duration", None)
    if params or level not in _LEVELS or (on and level == "0"):
        raise illegal("ZAF parameters")
    table, place = _ZAF_KEYS[key]

    def apply(car: VehicleState, _now: float) -> None:
        if table == "defrost":
            car.defrost = on
            return
        target, other = (
            (car.seat_heat, car.seat_vent) if table == "heat" else (car.seat_vent, car.seat_heat)
        )
        target[place] = int(level) if on else 0
        if on and place in other:
            other[place] = 0

    return CommandPlan(request.service_id, f"ZAF {key} {'on' if on else 'off'}", apply)
