"""Renders the smaller vehicle payloads: vehicle list, charge target, car state, capabilities,
#5 DC charge info and the telematics (command) acknowledgement. Shapes follow the fixtures."""

from __future__ import annotations

from typing import Any

from bot.simulator.codes import session_id
from bot.simulator.encode import millis
from bot.simulator.model import VehicleState
from bot.smart.models import CarModel

# The capability list: the v2 ids the live API reports (REFERENCE §7.11) plus, for the seat
# and wheel functions whose list ids are not documented, the vehicle-ability codes (§7.12).
# Which model and trim has what is the simulator's own assumption (no source lists it per
# trim): absent functions are listed with `valueEnable: false`, as a gating list would.
_ALL = frozenset({"Pure", "Pro", "Pulse", "Premium", "BRABUS", "Launch Edition"})
_UPPER = frozenset({"Premium", "BRABUS", "Launch Edition"})
_NOT_PURE = _ALL - {"Pure"}
_EVERY = frozenset({CarModel.SMART_1, CarModel.SMART_3, CarModel.SMART_5})
CAPABILITIES: tuple[tuple[str, frozenset[CarModel], frozenset[str]], ...] = (
    ("charging_status_2", _EVERY, _ALL),
    ("remote_climate_control_2", _EVERY, _ALL),
    ("curtain_status_2", _EVERY, _NOT_PURE),
    ("sunroof_automatic_close", frozenset(), _ALL),
    ("recharge_lid_status_2", frozenset({CarModel.SMART_5}), _ALL),
    ("remote_control_lock_2", _EVERY, _ALL),
    ("remote_control_unlock_2", _EVERY, _ALL),
    ("remote_control_window_2", _EVERY, _ALL),
    ("remote_control_ventilate_2", _EVERY, _ALL),
    ("tire_pressure_warning_2", _EVERY, _ALL),
    ("fragrance_exhausted_warning_2", _EVERY, _UPPER),
    ("trunk_status", _EVERY, _ALL),
    ("remote_control_honk_flash", _EVERY, _ALL),
    ("remote_contro_seat_heating", _EVERY, _NOT_PURE),
    ("remote_contro_steeringwheel_heating", _EVERY, _NOT_PURE),
    ("remote_contro_seat_ventilating", frozenset({CarModel.SMART_5}), _UPPER),
)
CAPABILITY_IDS = tuple(function_id for function_id, _, _ in CAPABILITIES)
# The INTL vehicle-ability inventory (REFERENCE §7.12 codes, typos the API's); listed when
# fitted, absent otherwise (per model and trim: the simulator's assumption, as above).
ABILITIES: tuple[tuple[str, str, frozenset[CarModel], frozenset[str]], ...] = (
    ("remote_control_window", "车窗", _EVERY, _ALL),
    ("remote_control_doorlock", "车锁", _EVERY, _ALL),
    ("remote_control_honk_flash", "鸣笛闪灯", _EVERY, _ALL),
    ("remote_control_hrunklock", "尾门锁", _EVERY, _ALL),
    ("remote_contro_AC", "空调", _EVERY, _ALL),
    ("remote_contro_seat_heating", "座椅加热", _EVERY, _NOT_PURE),
    ("remote_contro_steeringwheel_heating", "方向盘加热", _EVERY, _NOT_PURE),
    ("remote_contro_seat_ventilating", "座椅通风", frozenset({CarModel.SMART_5}), _UPPER),
    ("remote_control_parkcomfort", "驻车舒适", _EVERY, _UPPER),
    ("remote_control_chargeplan", "充电计划", _EVERY, _ALL),
    ("condition_PM2.5", "PM2.5", _EVERY, _NOT_PURE),
)


def ability_result(vehicle: VehicleState) -> dict[str, Any]:
    """`result` of the INTL vehicle-ability answer for this car's model and trim."""
    abilities = [
        {
            "id": index + 1,
            "abilityCode": code,
            "name": name,
            "controlWays": ["REMOTE"],
            "limitSettings": [],
            "extras": "",
        }
        for index, (code, name, models, trims) in enumerate(ABILITIES)
        if vehicle.model in models
        and vehicle.trim in trims
        and code not in vehicle.capabilities_off
    ]
    series = vehicle.spec.series_code
    return {
        "id": 179,
        "pno1810": 2,
        "bluetooth": False,
        "vehicleName": series,
        "vehicleCode": series,
        "vehicleYearCode": series,
        "modelCode": vehicle.spec.model_code,
        "modelName": vehicle.spec.model_code,
        "abilityCount": len(abilities),
        "saleName": vehicle.trim,
        "nationCode": "IL",
        "abilities": abilities,
        "vscData": {"vehicleName": series, "nationCode": "IL", "vehicleNickname": ""},
    }


def capability_enabled(vehicle: VehicleState, function_id: str) -> bool:
    """Whether the list says `function_id` is there for this model and trim."""
    for known, models, trims in CAPABILITIES:
        if known == function_id:
            fitted = vehicle.model in models and vehicle.trim in trims
            return fitted and function_id not in vehicle.capabilities_off
    return False


def vehicle_list_item(vehicle: VehicleState, *, index: int, selected: bool) -> dict[str, Any]:
    """One `data.list[]` element of `/device-platform/user/vehicle/secure`."""
    spec = vehicle.spec
    return {
        "factoryCode": "1234",
        "colorName": vehicle.color_name,
        "isIHUConfirm": False,
        "temId": f"{index:024d}",
        "ihuPlatform": "tsp",
        "ihuId": f"{index + 1:024d}",
        "carProveStatus": "N",
        "fuelTankCapacity": "0",
        "seriesCodeVs": vehicle.series_code,
        "iccid": f"8988239000{index:010d}",
        "current": selected,
        "modelCode": spec.model_code,
        "vehicleOwnerLastTime": int(vehicle.park_time * 1000),
        "vin": vehicle.vin,
        "fccode": "1234",
        "id": 1_000_000 + index,
        "msisdn": f"88239999{index:07d}",
        "vehicleType": 0,
        "engineNo": f"ENG{index:06d}",
        "temType": "",
        "plateNo": vehicle.plate,
        "tboxPlatform": "tsp",
        "seriesName": spec.series_code,
        "updateTime": int(vehicle.updated_at * 1000),
        "vehiclePhotoSmall": "",
        "modelName": spec.model_code,
        "proprietaryPlatform": 0,
        "recordTime": 1_682_381_083_000,
        "createTime": 1_682_381_083_000,
        "simActivited": 0,
        "vehiclePhotoBig": "",
        "loginInfo": {"isLogined": 0, "loginUid": ""},
        "colorCode": vehicle.color_code,
        "defaultVehicle": index == 0,
        "matCode": vehicle.mat_code,
        "shareStatus": "N",
    }


def soc_data(vehicle: VehicleState, now: float) -> dict[str, Any]:
    """`data` of the charging-target endpoint: target percent ×10 as a string."""
    return {"socTime": millis(now), "soc": str(vehicle.charge_target * 10)}


def state_data(vehicle: VehicleState, now: float) -> dict[str, Any]:
    """`data` of `/remote-control/vehicle/status/state/{vin}` (pySmartHashtag docstring shape)."""
    return {
        "journalLogState": int(vehicle.journal_enabled),
        "positionUploadState": 1,
        "carLocatorActive": 1,
        "engineState": int(vehicle.driving),
        "powerMode": "2" if vehicle.driving else "1",
        "nextWakeupTime": millis(now + 3600),
        "valetModeState": 0,
        "campingModeActive": 0,
        "driftModeActive": 0,
        "washCarModeActive": 0,
        "chatVideoMainActive": 0,
        "parkComfortState": 1,
        "privacyMode": 0,
        "pulseHeatActive": 0,
        "overheatState": 0,
        "btActive": 0,
        "btTempActive": 0,
        "svtState": 1,
        "pncStatus": 0,
        "vstdState": 2,
        "vin": vehicle.vin,
    }


def capability_data(vehicle: VehicleState) -> dict[str, Any]:
    """`data` of the capability endpoint: each function, enabled for this model and trim."""
    return {
        "list": [
            {
                "functionId": function_id,
                "valueEnable": capability_enabled(vehicle, function_id),
                "functionCategory": "remote_control",
                "name": function_id.replace("_", " "),
                "showType": 1,
                "tips": "",
                "valueEnum": "",
                "valueRange": "16|30" if "climate" in function_id else "",
                "paramsJson": "",
                "configCode": "",
                "platform": "TSP",
                "priority": index,
                "vin": vehicle.vin,
                "modelCode": vehicle.spec.model_code,
                "id": index + 1,
            }
            for index, function_id in enumerate(CAPABILITY_IDS)
        ]
    }


def qrvs_data(vehicle: VehicleState) -> dict[str, Any]:
    """#5 DC charge info: current A = |chargeI − 16380| / 10, voltage V = chargeU / 4."""
    dc = vehicle.charging and vehicle.dc_plug
    volts = vehicle.pack_volts if dc else 0.0
    amps = vehicle.charge_power_kw * 1000 / volts if dc else 0.0
    return {"chargeI": str(round(16380 + amps * 10)), "chargeU": str(round(volts * 4))}


def telematics_data(vehicle: VehicleState, service_id: str, now: float) -> dict[str, Any]:
    """`data` of an accepted command (fixture `telematics_put_rcs_success.json`)."""
    return {
        "diagnostics": None,
        "serviceResult": {"error": None, "operationResult": 1},
        "trackPoint": None,
        "vin": vehicle.vin,
        "sessionId": session_id(),
        "serviceId": service_id,
        "taskId": None,
        "timestamp": millis(now),
    }
