"""Per-service command rules: which parameter sets each service accepts, and what it does.

Accepted are the captured payloads (pySmartHashtag 0.15 / the Hello # app) and the
documented-only hello_smart variants the client also sends (RSH, RSV, UFR, RFD_2, VTM, RPC,
`rhl.horn`/`rhl.flash`, `rws.close`, parameterless RDL_2/RDU_2). See
`fixtures/derived/telematics_and_control_requests.json`.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.simulator.commands import Apply, CommandPlan, CommandRequest, illegal, parse_command
from bot.simulator.model import HEAT_PLACES, POSITIONS, VENT_PLACES, VENTILATE_PERCENT, VehicleState
from bot.simulator.services_comfort import plan_rce, plan_zaf

Planner = Callable[[CommandRequest, VehicleState, float], CommandPlan]


def _plan(request: CommandRequest, description: str, apply: Apply) -> CommandPlan:
    return CommandPlan(request.service_id, description, apply)


def _set(**values: object) -> Apply:
    def apply(vehicle: VehicleState, _now: float) -> None:
        for name, value in values.items():
            setattr(vehicle, name, value)

    return apply


def _doors(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    lock = request.service_id.upper() == "RDL_2"
    word = "lock" if lock else "unlock"
    if request.command != "start":
        raise illegal("door commands use command=start")
    if request.params in ([("door", "all")], []):
        return _plan(request, f"{word} doors", _set(locked=lock, trunk_locked=lock))
    if request.params == [("target", "trunk")]:
        return _plan(request, f"{word} trunk", _set(trunk_locked=lock))
    raise illegal(f"{request.service_id} parameters")


_HONK = {
    (("rhl", "horn"),): ("horn",),
    (("rhl", "light-flash"),): ("flash",),
    (("rhl.horn", "1"),): ("horn",),
    (("rhl.flash", "1"),): ("flash",),
    (("rhl.horn", "1"), ("rhl.flash", "1")): ("horn", "flash"),
}


def _horn_light(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    events = _HONK.get(tuple(request.params))
    if events is None or request.command != "start":
        raise illegal("RHL parameters")

    def apply(vehicle: VehicleState, now: float) -> None:
        for event in events:
            vehicle.record(now, event)

    return _plan(request, " and ".join(events), apply)


def _windows(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    opening = request.command == "start"
    if request.params == [("rws.close", "1")] and opening:
        opening, params = False, [("target", "ventilate")]
    else:
        params = request.params
    if params == [("target", "ventilate")]:
        percent = VENTILATE_PERCENT if opening else 0
        return _plan(
            request,
            "ventilate windows" if opening else "close windows",
            _set(window_percent=dict.fromkeys(POSITIONS, percent)),
        )
    if params == [("target", "sunshade")]:
        return _plan(request, "sunshade", _set(sunshade_open=opening))
    raise illegal("RWS_2 parameters")


def _charge_lid(request: CommandRequest, vehicle: VehicleState, _minutes: float) -> CommandPlan:
    if not vehicle.spec.uses_api_v2:
        raise illegal("this vehicle has no motorised charge lid")
    if request.params != [("target", "front-charge-lid")] or request.command != "start":
        raise illegal(f"{request.service_id} parameters")
    opening = request.service_id.upper() == "RDO"
    return _plan(request, "charge lid", _set(charge_lid_open=opening))


def _charging(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    params = dict(request.params)
    if len(params) != len(request.params) or request.command != "start":
        raise illegal("rcs parameters")
    if params == {"operation": "1", "rcs.restart": "1"}:
        return _plan(request, "start charging", _start_charging)
    if params == {"operation": "0", "rcs.terminate": "1"}:
        return _plan(request, "stop charging", _set(charging=False))
    if params.keys() == {"operation", "soc", "rcs.setting"} and params["operation"] == "4":
        soc = params["soc"]
        if params["rcs.setting"] != "1" or not soc.isdigit():
            raise illegal("rcs limit parameters")
        tenths = int(soc)
        if not 500 <= tenths <= 1000 or tenths % 50:
            raise illegal("charge limit must be 50-100 % in steps of 5")
        return _plan(request, f"charge limit {tenths // 10} %", _set(charge_target=tenths // 10))
    raise illegal("rcs parameters")


def _start_charging(vehicle: VehicleState, _now: float) -> None:
    # A car that is not plugged in (or already at its target) accepts and does nothing.
    vehicle.charging = vehicle.plugged_in and vehicle.soc < vehicle.charge_target


def _journal(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    if request.params == [("jou", "enable")]:
        return _plan(request, "trip journal on", _set(journal_enabled=True))
    if request.params == [("jou", "disable")]:
        return _plan(request, "trip journal off", _set(journal_enabled=False))
    raise illegal("JOU parameters")


def _seat(places: tuple[str, ...], table: str) -> Planner:
    prefix = table.lower()

    def planner(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
        params = dict(request.params)
        seat, level = params.get(f"{prefix}.seat"), params.get(f"{prefix}.level", "")
        if len(params) != 2 or seat not in places or level not in ("0", "1", "2", "3"):
            raise illegal(f"{table} parameters")

        def apply(vehicle: VehicleState, _now: float) -> None:
            target = vehicle.seat_heat if table == "RSH" else vehicle.seat_vent
            target[seat] = int(level)

        return _plan(request, f"{table} {seat} level {level}", apply)

    return planner


def _switch(key: str, attribute: str) -> Planner:
    def planner(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
        if len(request.params) != 1 or request.params[0][0] != key:
            raise illegal(f"{request.service_id} parameters")
        value = request.params[0][1]
        if value not in ("0", "1"):
            raise illegal(f"{key} must be 0 or 1")
        return _plan(request, f"{attribute} {value}", _set(**{attribute: value == "1"}))

    return planner


def _locker(request: CommandRequest, _vehicle: VehicleState, _minutes: float) -> CommandPlan:
    if request.params == [("rpc.lock", "1")]:
        return _plan(request, "lock locker", _set(locker_locked=True))
    if request.params == [("rpc.unlock", "1")]:
        return _plan(request, "unlock locker", _set(locker_locked=False))
    raise illegal("RPC parameters")


PLANNERS: dict[str, Planner] = {
    "RDL_2": _doors,
    "RDU_2": _doors,
    "RHL": _horn_light,
    "RWS_2": _windows,
    "RDO": _charge_lid,
    "RDC": _charge_lid,
    "RCS": _charging,
    "RCE_2": plan_rce,
    "ZAF": plan_zaf,
    "JOU": _journal,
    "RSH": _seat(HEAT_PLACES, "RSH"),
    "RSV": _seat(VENT_PLACES, "RSV"),
    "UFR": _switch("ufr.status", "fridge_on"),
    "RFD_2": _switch("rfd.status", "fragrance_on"),
    "VTM": _switch("vtm.enabled", "tracking_on"),
    "RPC": _locker,
}


def plan_command(
    raw: bytes, vehicle: VehicleState, *, journal_path: bool, climate_minutes: float
) -> CommandPlan:
    """Validate a command body for `vehicle` and plan its effect; raises `CloudError` 1400."""
    request = parse_command(raw)
    service = request.service_id.upper()
    if (service == "JOU") != journal_path:
        raise illegal(f"service {request.service_id} is not served on this path")
    planner = PLANNERS.get(service)
    if planner is None:
        raise illegal(f"unknown service {request.service_id}")
    return planner(request, vehicle, climate_minutes)


def parse_destination(body: dict[str, object]) -> dict[str, object]:
    """A send-to-car body `{"lat", "lon", "name", "address"}` (REFERENCE §7.14); 1400 else."""
    if set(body) != {"lat", "lon", "name", "address"}:
        raise illegal("destination needs exactly lat, lon, name and address")
    coordinates: list[float] = []
    for value in (body["lat"], body["lon"]):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise illegal("lat and lon are numbers")
        coordinates.append(float(value))
    lat, lon = coordinates
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise illegal("lat/lon out of range")
    name, address = body["name"], body["address"]
    if not isinstance(name, str) or not name.strip() or not isinstance(address, str):
        raise illegal("name must be non-empty text, address text")
    return {"lat": lat, "lon": lon, "name": name, "address": address}
