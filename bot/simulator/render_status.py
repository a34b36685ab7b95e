"""Renders `GET /remote-control/vehicle/status/{vin}` in the exact captured shape.

The key layout follows the live capture
`fixtures/evcc/remote_control_vehicle_status_ac_charging.json` (string-encoded values,
milli-arc-second positions, 2047/101 sentinels, `temStatus` nulls).
Fields we do not model keep the capture's parked-car values.
"""

from __future__ import annotations

from typing import Any

from bot.simulator.codes import ok_body, session_id
from bot.simulator.encode import bit, flag, integer, mas, millis, num
from bot.simulator.model import POSITIONS, VehicleState

NOT_AVAILABLE_MINUTES = "2047"
NOT_FITTED_PERCENT = "101"
# AC charging voltage/current we report (three-phase 400 V). DC: `dcChargeIAct` is the pack
# current (power / the pack voltage), negative, in deci-amps on a #5; chargeUAct/IAct read 0.
AC_VOLTS = 400.0
# Fluid level codes (hello_smart): 3 OK, 1 low.
FLUID_OK, FLUID_LOW = "3", "1"
# steerWhlHeatingSts: 1 on, 2 off (pySmartHashtag 0.15.0).
WHEEL_ON, WHEEL_OFF = "1", "2"


def _fluid(low: bool) -> str:
    return FLUID_LOW if low else FLUID_OK


def render_status(vehicle: VehicleState) -> dict[str, Any]:
    """The full response body (envelope included) for the vehicle's current state."""
    data = {
        "result": {
            "serviceResult": {"error": None, "operationResult": 1},
            "sessionId": session_id()[:10].upper(),
        },
        "vehicleStatus": _vehicle_status(vehicle),
    }
    # The capture's envelope says `message: null` for this endpoint.
    return ok_body(data, message=None)


def _vehicle_status(v: VehicleState) -> dict[str, Any]:
    return {
        "basicVehicleStatus": _basic(v),
        "notification": {"notifForEmgyCallStatus": "0"},
        "eg": {"enableRunning": "false", "blocked": {"status": "0"}, "panicStatus": "false"},
        "parkTime": {"status": millis(v.park_time)},
        "configuration": {"propulsionType": "4", "fuelType": "4", "vin": v.vin},
        "updateTime": millis(v.updated_at),
        "additionalVehicleStatus": {
            "maintenanceStatus": _maintenance(v),
            "electricVehicleStatus": _electric(v),
            "chargeHvSts": "1",
            "drivingBehaviourStatus": {
                "gearAutoStatus": "0",
                "gearManualStatus": "0",
                "engineSpeed": "0.000",
            },
            "runningStatus": _running(v),
            "trailerStatus": dict.fromkeys(
                (
                    "trailerTurningLampSts",
                    "trailerFogLampSts",
                    "trailerBreakLampSts",
                    "trailerReversingLampSts",
                    "trailerPosLampSts",
                ),
                "0",
            ),
            "climateStatus": _climate(v),
            "drivingSafetyStatus": _safety(v),
            "pollutionStatus": {
                "interiorPM25": integer(v.cabin_pm25),
                "interiorSecondPM25Level": "0",
                "interiorPM25Level": "0",
                "relHumSts": "80",
                "exteriorPM25Level": "0",
            },
        },
        "temStatus": _tem_status(),
    }


def _basic(v: VehicleState) -> dict[str, Any]:
    known = v.latitude is not None and v.longitude is not None
    return {
        "usageMode": "2" if v.driving else "1",
        "engineStatus": "engine_running" if v.driving else "engine_off",
        "position": {
            "altitude": integer(v.altitude_m) if known else "",
            "posCanBeTrusted": flag(True) if known else "",
            "latitude": mas(v.latitude if known else None),
            "carLocatorStatUploadEn": "false",
            "marsCoordinates": flag(False) if known else "",
            "longitude": mas(v.longitude if known else None),
        },
        "carMode": "0",
        "speed": num(v.speed_kmh, 1),
        "speedValidity": flag(v.driving),
        "direction": "90" if v.driving else "",
    }


def _maintenance(v: VehicleState) -> dict[str, Any]:
    tyres: dict[str, Any] = {}
    for name, suffix in POSITIONS.items():
        tyres[f"tyreStatus{suffix}"] = num(v.tyre_kpa[name], 3)
        tyres[f"tyreTemp{suffix}"] = "12.000"
        tyres[f"tyreTempWarning{suffix}"] = "0"
        tyres[f"tyrePreWarning{suffix}"] = bit(v.tyre_warning)
    return {
        "daysToService": str(v.days_to_service),
        "engineHrsToService": "500",
        "odometer": num(v.odometer_km, 3),
        "brakeFluidLevelStatus": _fluid(v.brake_fluid_low),
        "mainBatteryStatus": {
            "stateOfCharge": "1",
            "chargeLevel": num(v.aux_battery_percent, 1),
            "energyLevel": "0",
            "stateOfHealth": "0",
            "powerLevel": "0",
            "voltage": num(v.aux_battery_v, 3),
        },
        "distanceToService": str(v.distance_to_service_km),
        "serviceWarningStatus": "0",
        "washerFluidLevelStatus": _fluid(v.washer_fluid_low),
        **tyres,
    }


def _charger_codes(v: VehicleState) -> tuple[str, str]:
    """(`chargerState`, `statusOfChargerConnection`) for the plug/charging situation."""
    if v.charging:
        return ("15", "1") if v.dc_plug else ("2", "3")
    if v.plugged_in:
        # Plugged but idle: chargerState reads 0, the connection status tells the truth.
        return "0", "2"
    return "0", "0"


def _electric(v: VehicleState) -> dict[str, Any]:
    charger_state, connection = _charger_codes(v)
    ac = v.charging and not v.dc_plug
    ac_amps = v.charge_power_kw * 1000 / (AC_VOLTS * 3**0.5) if ac else 0.0
    pack_amps = v.charge_power_kw * 1000 / v.pack_volts if v.charging and v.dc_plug else 0.0
    minutes = v.minutes_to_full
    return {
        "disChargeUAct": "0.0",
        "disChargeSts": "0",
        "wptFineAlignt": "0",
        "chargeLidAcStatus": "2",
        "distanceToEmptyOnBatteryOnly": str(v.range_km),
        "distanceToEmptyOnBattery100Soc": str(v.spec.full_range_km),
        "chargeSts": "1" if v.charging else "0",
        "averPowerConsumption": num(-v.spec.consumption_kwh_per_100km * 5, 1),
        "chargerState": charger_state,
        "timeToTargetDisCharged": NOT_AVAILABLE_MINUTES,
        "distanceToEmptyOnBattery20Soc": integer(v.spec.full_range_km * 0.2),
        "disChargeConnectStatus": "3" if v.plugged_in else "0",
        "chargeLidDcAcStatus": "1" if v.charge_lid_open else "2",
        "dcChargeSts": "1" if v.charging and v.dc_plug else "0",
        "ptReady": "1" if v.driving else "0",
        "chargeLevel": str(v.battery_percent),
        "statusOfChargerConnection": connection,
        "dcDcActvd": "1",
        "indPowerConsumption": "1000",
        "dcDcConnectStatus": "3" if v.plugged_in and v.dc_plug else "0",
        "disChargeIAct": "0.0",
        "dcChargeIAct": num(-pack_amps * v.spec.dc_current_scale, 1),
        "chargeUAct": num(AC_VOLTS if ac else 0.0, 1),
        "bookChargeSts": "0",
        "chargeIAct": num(ac_amps, 3),
        "timeToFullyCharged": NOT_AVAILABLE_MINUTES if minutes is None else str(minutes),
    }


_LIGHTS = (
    "ahbc", "goodbye", "homeSafe", "cornrgLi", "frntFog", "stopLi", "approach", "hiBeam",
    "loBeam", "posLiRe", "ltgShow", "welcome", "drl", "ahl", "trunIndrLe", "trunIndrRi", "afs",
    "dbl", "posLiFrnt", "reverseLi", "hwl", "reFog", "flash", "allwl",
)  # fmt: skip


def _running(v: VehicleState) -> dict[str, Any]:
    status: dict[str, Any] = dict.fromkeys(_LIGHTS, "0")
    status.update(
        {
            "tripMeter1": num(v.odometer_km * 0.55, 1),
            "tripMeter2": "26.1",
            "indFuelConsumption": "0",
            "engineCoolantLevelStatus": _fluid(v.coolant_low),
            "fuelEnLevel": "0",
            "fuelLevelPct": "0",
            "fuelEnCns": "0",
            "avgSpeed": num(v.speed_kmh, 1) if v.driving else "",
            "fuelEnCnsFild": "0",
        }
    )
    if v.driving:
        status["drl"] = status["loBeam"] = "1"
    return status


def _climate(v: VehicleState) -> dict[str, Any]:
    status: dict[str, Any] = {}
    for name, suffix in POSITIONS.items():
        pct = v.window_percent[name]
        status[f"winPos{suffix}"] = str(pct)
        status[f"winStatus{suffix}"] = "1" if pct > 0 else "2"
    heat = v.seat_heat
    vent = v.seat_vent
    # `*Sts` carry the level 0-3 (pySmartHashtag 0.15.0); the `*Detail` fields keep the
    # captures' values (their meaning is not known).
    seats = {
        "drvHeatSts": str(heat["front-left"]),
        "drvHeatDetail": "2",
        "passHeatingSts": str(heat["front-right"]),
        "passHeatingDetail": "2",
        "rlHeatingSts": str(heat["rear-left"]),
        "rlHeatingDetail": "0",
        "rrHeatingSts": str(heat["rear-right"]),
        "rrHeatingDetail": "0",
        "steerWhlHeatingSts": WHEEL_ON if heat["steering_wheel"] else WHEEL_OFF,
        "drvVentSts": str(vent["front-left"]),
        "drvVentDetail": "0",
        "passVentSts": str(vent["front-right"]),
        "passVentDetail": "0",
        "rlVentSts": str(vent["rear-left"]),
        "rlVentDetail": "0",
        "rrVentSts": str(vent["rear-right"]),
        "rrVentDetail": "0",
    }
    status.update(seats)
    status.update(
        {
            "interiorTemp": num(v.reported_interior_temp_c, 3),
            "exteriorTemp": num(v.exterior_temp_c, 3),
            "sunroofPos": NOT_FITTED_PERCENT,
            "sunroofOpenStatus": "1",
            "curtainPos": "100" if v.sunshade_open else "0",
            "curtainOpenStatus": "2" if v.sunshade_open else "1",
            "sunCurtainRearPos": NOT_FITTED_PERCENT,
            "sunCurtainRearOpenStatus": "1",
            "cdsClimateActive": flag(v.climate_on),
            "climateOverHeatProActive": "true",
            "fragActive": v.fragrance_on,
            "preClimateActive": v.climate_on,
            "defrost": flag(v.defrost),
            "airBlowerActive": flag(v.climate_on or v.defrost),
        }
    )
    return status


def _safety(v: VehicleState) -> dict[str, Any]:
    status: dict[str, Any] = {}
    for name, suffix in POSITIONS.items():
        status[f"doorLockStatus{suffix}"] = bit(v.locked)
        status[f"doorOpenStatus{suffix}"] = bit(name in v.doors_open)
        status[f"doorPos{suffix}"] = "100" if name in v.doors_open else "0"
    belts = (
        "Passenger", "ThPassengerRear", "ThDriverRear", "PassengerRear", "Driver", "MidRear",
        "DriverRear",
    )  # fmt: skip
    for suffix in belts:
        status[f"seatBeltStatus{suffix}"] = flag(v.driving and suffix == "Driver")
    status.update(
        {
            "srsCrashStatus": "0",
            "electricParkBrakeStatus": "0" if v.driving else "1",
            "tankFlapStatus": "2",
            "vehicleAlarm": {"alrmTrgSrc": "1" if v.alarm else "0"},
            "centralLockingStatus": "2" if v.locked else "0",
            "trunkLockStatus": bit(v.trunk_locked),
            "engineHoodOpenStatus": bit(v.hood_open),
            "trunkOpenStatus": bit(v.trunk_open),
        }
    )
    return status


def _tem_status() -> dict[str, Any]:
    return {
        "swVersion": None,
        "serialNumber": None,
        "powerSource": None,
        "networkAccessStatus": {
            "mobileNetwork": None,
            "simInfo": {"iccId": None, "imsi": None, "msisdn": None},
        },
        "mcuVersion": None,
        "mpuVersion": None,
        "backupBattery": {"stateOfCharge": None, "stateOfHealth": None, "voltage": None},
        "hwVersion": None,
        "powerMode": None,
        "healthStatus": None,
        "sleepCycleNextWakeupTime": None,
        "rvsEnable": "true",
        "imei": None,
        "state": None,
        "connectivityStatus": None,
    }
