"""`parse_status`: the body of `GET /remote-control/vehicle/status/{vin}` -> `VehicleStatus`.

Field meanings are REFERENCE §7.2. The cloud sends nearly every value as a string, `""` when
unknown, and sentinels (2047 minutes, 101 % position = not fitted). Each field is read on its
own and falls back to `None`, so an odd or partial payload never raises; only an error
envelope raises its mapped error. Charging numbers are `bot.smart.charging`'s.

Codes read here whose meaning the sources give:
- seat heat `drvHeatSts`/`passHeatingSts`/`rlHeatingSts`/`rrHeatingSts`: the level 0-3
  (pySmartHashtag 0.15.0); ventilation `*VentSts` the same way; `steerWhlHeatingSts` 1 on,
  2 off (0 seen while parked: off).
- fluids `brakeFluidLevelStatus`/`washerFluidLevelStatus` (and, by the same scale, the
  inferred `engineCoolantLevelStatus`): 3 OK, 1/2 low, 7 unknown (hello_smart).
- 12 V battery `mainBatteryStatus.chargeLevel` in percent; `stateOfHealth` is passed on as
  the code it is (captures send 0; no source says what the codes mean).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.smart.charging import parse_charging
from bot.smart.const import SUCCESS_CODES
from bot.smart.errors import error_for_code
from bot.smart.models import CarModel, VehicleStatus
from bot.smart.values import flag, in_range, node, non_negative, number, whole

MAS_PER_DEGREE = 3_600_000
POSITION_NOT_FITTED = 101
MINUTES_NOT_AVAILABLE = 2047
# Suffix in the cloud's field names -> our wheel/seat/door name.
SIDES = {
    "Driver": "driver",
    "Passenger": "passenger",
    "DriverRear": "driver_rear",
    "PassengerRear": "passenger_rear",
}
# Seat heat/ventilation level fields per seat.
HEAT_FIELDS = {
    "driver": "drvHeatSts",
    "passenger": "passHeatingSts",
    "driver_rear": "rlHeatingSts",
    "passenger_rear": "rrHeatingSts",
}
VENT_FIELDS = {
    "driver": "drvVentSts",
    "passenger": "passVentSts",
    "driver_rear": "rlVentSts",
    "passenger_rear": "rrVentSts",
}
FLUID_OK, FLUID_LOW = 3, frozenset({1, 2})
WHEEL_HEAT_ON, WHEEL_HEAT_OFF = 1, frozenset({0, 2})
MAX_HEAT_LEVEL = 3


def _updated_at(status: dict[str, Any]) -> datetime | None:
    millis = whole(status.get("updateTime"))
    if millis is None or millis <= 0:
        return None
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _position(basic: dict[str, Any]) -> tuple[float | None, float | None]:
    position = node(basic, "position")
    lat, lon = number(position.get("latitude")), number(position.get("longitude"))
    if lat is None or lon is None:
        return None, None
    lat, lon = lat / MAS_PER_DEGREE, lon / MAS_PER_DEGREE
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _per_side(section: dict[str, Any], prefix: str) -> dict[str, bool] | None:
    """`<prefix><Side>` flags by side name; `None` if no side is reported."""
    values = {
        name: value
        for suffix, name in SIDES.items()
        if (value := flag(section.get(prefix + suffix))) is not None
    }
    return values or None


def _open_set(section: dict[str, Any], prefix: str) -> frozenset[str] | None:
    """Names whose `<prefix><Side>` flag says open; `None` if no side is reported."""
    sides = _per_side(section, prefix)
    return None if sides is None else frozenset(name for name, on in sides.items() if on)


def _window_percent(climate: dict[str, Any]) -> dict[str, int] | None:
    """Window openings 0-100 % (101 = not fitted, left out)."""
    values = {
        name: percent
        for suffix, name in SIDES.items()
        if (percent := in_range(whole(climate.get("winPos" + suffix)), 0, 100)) is not None
    }
    return values or None


def _windows(climate: dict[str, Any]) -> frozenset[str] | None:
    """Open windows: position above 0 % (101 = not fitted), else `winStatus` 1 (open)."""
    seen, opened = False, set()
    for suffix, name in SIDES.items():
        position = whole(climate.get("winPos" + suffix))
        if position is not None and position != POSITION_NOT_FITTED:
            seen = True
            if position > 0:
                opened.add(name)
            continue
        status = whole(climate.get("winStatus" + suffix))
        if status in {1, 2}:
            seen = True
            if status == 1:
                opened.add(name)
    return frozenset(opened) if seen else None


def _levels(climate: dict[str, Any], names: dict[str, str]) -> dict[str, int] | None:
    values = {
        seat: level
        for seat, key in names.items()
        if (level := in_range(whole(climate.get(key)), 0, MAX_HEAT_LEVEL)) is not None
    }
    return values or None


def _wheel_heat(climate: dict[str, Any]) -> bool | None:
    code = whole(climate.get("steerWhlHeatingSts"))
    if code == WHEEL_HEAT_ON:
        return True
    return False if code in WHEEL_HEAT_OFF else None


def _fluid_low(value: Any) -> bool | None:
    code = whole(value)
    if code in FLUID_LOW:
        return True
    return False if code == FLUID_OK else None


def _safety(safety: dict[str, Any]) -> dict[str, Any]:
    central = whole(safety.get("centralLockingStatus"))
    door_locks = _per_side(safety, "doorLockStatus")
    if central is not None:
        locked: bool | None = central != 0
    else:
        locked = all(door_locks.values()) if door_locks else None
    return {
        "locked": locked,
        "door_locks": door_locks,
        "trunk_locked": flag(safety.get("trunkLockStatus")),
        "doors_open": _open_set(safety, "doorOpenStatus"),
        "trunk_open": flag(safety.get("trunkOpenStatus")),
        "hood_open": flag(safety.get("engineHoodOpenStatus")),
        "park_brake_on": flag(safety.get("electricParkBrakeStatus")),
    }


def _maintenance(maintenance: dict[str, Any]) -> dict[str, Any]:
    tyres = {
        name: pressure
        for suffix, name in SIDES.items()
        if (pressure := non_negative(number(maintenance.get("tyreStatus" + suffix)))) is not None
    }
    warnings = [
        flag(maintenance.get(prefix + suffix))
        for prefix in ("tyrePreWarning", "tyreTempWarning")
        for suffix in SIDES
    ]
    known = [value for value in warnings if value is not None]
    battery = node(maintenance, "mainBatteryStatus")
    aux_percent = number(battery.get("chargeLevel"))
    service_km = whole(maintenance.get("distanceToService"))
    return {
        "odometer_km": number(maintenance.get("odometer")),
        "tyre_pressure_kpa": tyres or None,
        "tyre_warning": any(known) if known else None,
        "aux_battery_v": number(battery.get("voltage")),
        "aux_battery_percent": aux_percent
        if aux_percent is not None and 0 <= aux_percent <= 100
        else None,
        "aux_battery_health": whole(battery.get("stateOfHealth")),
        "days_to_service": whole(maintenance.get("daysToService")),
        "service_due_km": service_km if service_km is not None and service_km >= 0 else None,
        "washer_fluid_low": _fluid_low(maintenance.get("washerFluidLevelStatus")),
        "brake_fluid_low": _fluid_low(maintenance.get("brakeFluidLevelStatus")),
    }


def _climate(climate: dict[str, Any]) -> dict[str, Any]:
    sunroof = whole(climate.get("sunroofPos"))
    return {
        "windows_open": _windows(climate),
        "window_percent": _window_percent(climate),
        "sunroof_open": None if sunroof in {None, POSITION_NOT_FITTED} else bool(sunroof),
        "climate_on": flag(climate.get("preClimateActive")),
        "interior_temp_c": number(climate.get("interiorTemp")),
        "exterior_temp_c": number(climate.get("exteriorTemp")),
        "seat_heat": _levels(climate, HEAT_FIELDS),
        "seat_ventilation": _levels(climate, VENT_FIELDS),
        "steering_wheel_heat": _wheel_heat(climate),
        "defrost_on": flag(climate.get("defrost")),
    }


def _basic(basic: dict[str, Any]) -> dict[str, Any]:
    latitude, longitude = _position(basic)
    engine = basic.get("engineStatus")
    speed = number(basic.get("speed"))
    if flag(basic.get("speedValidity")) is False:
        speed = None
    return {
        "latitude": latitude,
        "longitude": longitude,
        "engine_running": {"engine_running": True, "engine_off": False}.get(engine)
        if isinstance(engine, str)
        else None,
        "speed_kmh": non_negative(speed),
    }


def parse_status(
    body: dict[str, Any],
    *,
    model: CarModel | None = None,
    dc_info: dict[str, Any] | None = None,
) -> VehicleStatus:
    """Normalise a full status response body.

    `model` selects the #5's DC current scaling; `dc_info` is the `data` of the #5's qrvs
    answer (measured DC current and voltage), when one was read.

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
    status = node(body, "data", "vehicleStatus") or node(body, "vehicleStatus")
    extra = node(status, "additionalVehicleStatus")
    fields: dict[str, Any] = {"updated_at": _updated_at(status)}
    fields.update(
        parse_charging(
            node(extra, "electricVehicleStatus"),
            smart5=model is CarModel.SMART_5,
            dc_info=dc_info,
        )
    )
    fields.update(_safety(node(extra, "drivingSafetyStatus")))
    fields.update(_maintenance(node(extra, "maintenanceStatus")))
    fields.update(_climate(node(extra, "climateStatus")))
    fields.update(_basic(node(status, "basicVehicleStatus")))
    fields["coolant_low"] = _fluid_low(node(extra, "runningStatus").get("engineCoolantLevelStatus"))
    pm25 = number(node(extra, "pollutionStatus").get("interiorPM25"))
    fields["cabin_pm25"] = non_negative(pm25)
    return VehicleStatus(raw=body, **fields)
