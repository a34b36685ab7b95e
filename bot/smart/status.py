"""`parse_status`: the body of `GET /remote-control/vehicle/status/{vin}` -> `VehicleStatus`.

Field meanings are REFERENCE §7.2. The cloud sends nearly every value as a string, `""` when
unknown, and sentinels (2047 minutes, 101 % position = not fitted). Each field is read on its
own and falls back to `None`, so an odd or partial payload never raises; only an error
envelope raises its mapped error.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from bot.smart.const import SUCCESS_CODES
from bot.smart.errors import error_for_code
from bot.smart.models import VehicleStatus

MAS_PER_DEGREE = 3_600_000
MINUTES_NOT_AVAILABLE = 2047
POSITION_NOT_FITTED = 101
# chargerState values that mean energy is flowing (S2 table + APK ChargerState).
CHARGING_STATES = frozenset({2, 15, 24, 28, 30})
# statusOfChargerConnection: 0 not connected, 1 DC connected, 2 plugged, 3 charging.
PLUGGED_CONNECTION_STATES = frozenset({1, 2, 3})
THREE_PHASE_MIN_VOLTS = 260.0
# Suffix in the cloud's field names -> our wheel/seat/door name.
SIDES = {
    "Driver": "driver",
    "Passenger": "passenger",
    "DriverRear": "driver_rear",
    "PassengerRear": "passenger_rear",
}


def _node(data: Any, *path: str) -> dict[str, Any]:
    """The dict at `path`, or `{}` when any step is missing or not a dict."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _float(value)
    return None if number is None else round(number)


def _flag(value: Any) -> bool | None:
    """JSON booleans and the string forms "true"/"false"/"1"/"0"."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else ""
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    return None


def _in_range(value: int | None, low: int, high: int) -> int | None:
    return value if value is not None and low <= value <= high else None


def _updated_at(status: dict[str, Any]) -> datetime | None:
    millis = _int(status.get("updateTime"))
    if millis is None or millis <= 0:
        return None
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _position(basic: dict[str, Any]) -> tuple[float | None, float | None]:
    position = _node(basic, "position")
    lat, lon = _float(position.get("latitude")), _float(position.get("longitude"))
    if lat is None or lon is None:
        return None, None
    lat, lon = lat / MAS_PER_DEGREE, lon / MAS_PER_DEGREE
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _open_set(section: dict[str, Any], prefix: str) -> frozenset[str] | None:
    """Names whose `<prefix><Side>` flag says open; `None` if no side is reported."""
    seen, opened = False, set()
    for suffix, name in SIDES.items():
        flag = _flag(section.get(prefix + suffix))
        if flag is not None:
            seen = True
            if flag:
                opened.add(name)
    return frozenset(opened) if seen else None


def _windows(climate: dict[str, Any]) -> frozenset[str] | None:
    """Open windows: position above 0 % (101 = not fitted), else `winStatus` 1 (open)."""
    seen, opened = False, set()
    for suffix, name in SIDES.items():
        position = _int(climate.get("winPos" + suffix))
        if position is not None and position != POSITION_NOT_FITTED:
            seen = True
            if position > 0:
                opened.add(name)
            continue
        status = _int(climate.get("winStatus" + suffix))
        if status in {1, 2}:
            seen = True
            if status == 1:
                opened.add(name)
    return frozenset(opened) if seen else None


def _charging(ev: dict[str, Any]) -> dict[str, Any]:
    state = _int(ev.get("chargerState"))
    connection = _int(ev.get("statusOfChargerConnection"))
    charging = None if state is None else state in CHARGING_STATES
    if charging is None and connection is not None:
        charging = connection == 3
    plugged = None if connection is None else connection in PLUGGED_CONNECTION_STATES
    if plugged is None and charging:
        plugged = True
    volts, amps = _float(ev.get("chargeUAct")), _float(ev.get("chargeIAct"))
    power = None
    if volts is not None and amps is not None and volts >= 0 and amps >= 0:
        watts = volts * amps * (math.sqrt(3) if volts >= THREE_PHASE_MIN_VOLTS else 1.0)
        power = round(watts / 1000, 2)
    minutes = _int(ev.get("timeToFullyCharged"))
    if minutes == MINUTES_NOT_AVAILABLE or (minutes is not None and minutes < 0):
        minutes = None
    lid = _int(ev.get("chargeLidDcAcStatus"))
    range_km = _int(ev.get("distanceToEmptyOnBatteryOnly"))
    return {
        "battery_percent": _in_range(_int(ev.get("chargeLevel")), 0, 100),
        "range_km": range_km if range_km is not None and range_km >= 0 else None,
        "charger_state": state,
        "is_charging": charging,
        "plugged_in": plugged,
        "charge_power_kw": power,
        "minutes_to_full": minutes,
        "charge_lid_open": {1: True, 2: False}.get(lid) if lid is not None else None,
    }


def _safety(safety: dict[str, Any]) -> dict[str, Any]:
    central = _int(safety.get("centralLockingStatus"))
    if central is not None:
        locked: bool | None = central != 0
    else:
        flags = [_flag(safety.get("doorLockStatus" + side)) for side in SIDES]
        known = [flag for flag in flags if flag is not None]
        locked = all(known) if known else None
    return {
        "locked": locked,
        "doors_open": _open_set(safety, "doorOpenStatus"),
        "trunk_open": _flag(safety.get("trunkOpenStatus")),
        "hood_open": _flag(safety.get("engineHoodOpenStatus")),
    }


def _maintenance(maintenance: dict[str, Any]) -> dict[str, Any]:
    tyres = {
        name: pressure
        for suffix, name in SIDES.items()
        if (pressure := _float(maintenance.get("tyreStatus" + suffix))) is not None
        and pressure >= 0
    }
    warnings = [
        _flag(maintenance.get(prefix + suffix))
        for prefix in ("tyrePreWarning", "tyreTempWarning")
        for suffix in SIDES
    ]
    known = [flag for flag in warnings if flag is not None]
    return {
        "odometer_km": _float(maintenance.get("odometer")),
        "tyre_pressure_kpa": tyres or None,
        "tyre_warning": any(known) if known else None,
        "aux_battery_v": _float(_node(maintenance, "mainBatteryStatus").get("voltage")),
        "days_to_service": _int(maintenance.get("daysToService")),
    }


def _climate(climate: dict[str, Any]) -> dict[str, Any]:
    sunroof = _int(climate.get("sunroofPos"))
    return {
        "windows_open": _windows(climate),
        "sunroof_open": None if sunroof in {None, POSITION_NOT_FITTED} else bool(sunroof),
        "climate_on": _flag(climate.get("preClimateActive")),
        "interior_temp_c": _float(climate.get("interiorTemp")),
        "exterior_temp_c": _float(climate.get("exteriorTemp")),
    }


def _basic(basic: dict[str, Any]) -> dict[str, Any]:
    latitude, longitude = _position(basic)
    engine = basic.get("engineStatus")
    speed = _float(basic.get("speed"))
    if _flag(basic.get("speedValidity")) is False:
        speed = None
    return {
        "latitude": latitude,
        "longitude": longitude,
        "engine_running": {"engine_running": True, "engine_off": False}.get(engine)
        if isinstance(engine, str)
        else None,
        "speed_kmh": speed if speed is not None and speed >= 0 else None,
    }


def parse_status(body: dict[str, Any]) -> VehicleStatus:
    """Normalise a full status response body.

    Raises:
        SmartAPIError: (the mapped subclass) when `body` is an error envelope.
    """
    unchecked: object = body
    if not isinstance(unchecked, dict):
        return VehicleStatus()
    code = body.get("code")
    if code not in (None, "") and str(code) not in SUCCESS_CODES:
        message = body.get("message")
        raise error_for_code(str(code), message if isinstance(message, str) else "")
    status = _node(body, "data", "vehicleStatus") or _node(body, "vehicleStatus")
    extra = _node(status, "additionalVehicleStatus")
    fields: dict[str, Any] = {"updated_at": _updated_at(status)}
    fields.update(_charging(_node(extra, "electricVehicleStatus")))
    fields.update(_safety(_node(extra, "drivingSafetyStatus")))
    fields.update(_maintenance(_node(extra, "maintenanceStatus")))
    fields.update(_climate(_node(extra, "climateStatus")))
    fields.update(_basic(_node(status, "basicVehicleStatus")))
    return VehicleStatus(raw=body, **fields)
