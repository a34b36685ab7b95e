"""What a car can do, from the cloud's capability list, as a typed set of `Function`s.

Sources (REFERENCE §7.11, §7.12): `GET /geelyTCAccess/tcservices/capability/{vin}` answers
`data.list[] {functionId, valueEnable, ...}` (v2 ids such as `remote_control_lock_2`), or the
legacy `data.capabilities[] {serviceId, enabled}`; the INTL vehicle-ability service lists
`result.abilities[] {abilityCode}` (codes such as `remote_contro_seat_heating`, typos the
API's). `parse_capabilities` reads all three.

How far it can gate features: the live capability list reports everything enabled (89 x
`valueEnable: true`, REFERENCE §10.12), so a function counts as ABSENT only when the list
says so (`valueEnable: false`) or, for the ability inventory, does not name it; anything the
list does not mention is UNKNOWN, and `allows` lets UNKNOWN through. Upper layers hide a
function only when `allows` is False.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.smart.command_table import COMMAND_TABLE
from bot.smart.models import CarModel
from bot.smart.values import flag


class Function(StrEnum):
    """A car function the capability lists can name."""

    DOOR_LOCK = "door_lock"
    TRUNK_LOCK = "trunk_lock"
    WINDOWS = "windows"
    SUNSHADE = "sunshade"
    SUNROOF = "sunroof"
    HORN_FLASH = "horn_flash"
    CLIMATE = "climate"
    SEAT_HEATING = "seat_heating"
    STEERING_WHEEL_HEATING = "steering_wheel_heating"
    SEAT_VENTILATION = "seat_ventilation"
    CHARGING = "charging"
    CHARGE_PLAN = "charge_plan"
    CHARGE_LID = "charge_lid"
    TYRE_PRESSURE = "tyre_pressure"
    TRUNK_STATUS = "trunk_status"
    FRAGRANCE = "fragrance"
    FRIDGE = "fridge"
    LOCKER = "locker"
    TRACKING = "tracking"
    PARK_COMFORT = "park_comfort"
    PM25 = "pm25"


class Presence(StrEnum):
    """What the list says about one function."""

    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


# Known ids (lower case, without the `_2` of the v2 ids) -> function.
FUNCTION_IDS: dict[str, Function] = {
    # capability list (§7.11 and its documented examples)
    "remote_control_lock": Function.DOOR_LOCK,
    "remote_control_unlock": Function.DOOR_LOCK,
    "remote_control_window": Function.WINDOWS,
    "remote_control_ventilate": Function.WINDOWS,
    "curtain_status": Function.SUNSHADE,
    "sunroof_automatic_close": Function.SUNROOF,
    "remote_climate_control": Function.CLIMATE,
    "remote_air_condition_switch": Function.CLIMATE,
    "charging_status": Function.CHARGING,
    "recharge_lid_status": Function.CHARGE_LID,
    "tire_pressure_warning": Function.TYRE_PRESSURE,
    "trunk_status": Function.TRUNK_STATUS,
    "fragrance_exhausted_warning": Function.FRAGRANCE,
    # vehicle ability codes (§7.12)
    "remote_control_doorlock": Function.DOOR_LOCK,
    "remote_control_honk_flash": Function.HORN_FLASH,
    "remote_control_hrunklock": Function.TRUNK_LOCK,
    "remote_contro_ac": Function.CLIMATE,
    "remote_contro_seat_heating": Function.SEAT_HEATING,
    "remote_contro_steeringwheel_heating": Function.STEERING_WHEEL_HEATING,
    "remote_contro_seat_ventilating": Function.SEAT_VENTILATION,
    "remote_control_parkcomfort": Function.PARK_COMFORT,
    "remote_control_chargeplan": Function.CHARGE_PLAN,
    "condition_pm2.5": Function.PM25,
}
# Legacy `serviceId`s -> function (the command services).
SERVICE_FUNCTIONS: dict[str, Function] = {
    "rdl": Function.DOOR_LOCK,
    "rdu": Function.DOOR_LOCK,
    "rhl": Function.HORN_FLASH,
    "rws": Function.WINDOWS,
    "rce": Function.CLIMATE,
    "rcs": Function.CHARGING,
    "rdo": Function.CHARGE_LID,
    "rdc": Function.CHARGE_LID,
    "zaf": Function.SEAT_HEATING,
    "rsh": Function.SEAT_HEATING,
    "rsv": Function.SEAT_VENTILATION,
    "ufr": Function.FRIDGE,
    "rfd": Function.FRAGRANCE,
    "vtm": Function.TRACKING,
    "rpc": Function.LOCKER,
}
# The function each command of the command table needs (trip recording needs none).
ACTION_FUNCTIONS: dict[str, Function] = {
    "lock": Function.DOOR_LOCK,
    "unlock": Function.DOOR_LOCK,
    "trunk_lock": Function.TRUNK_LOCK,
    "trunk_unlock": Function.TRUNK_LOCK,
    "horn": Function.HORN_FLASH,
    "flash": Function.HORN_FLASH,
    "find": Function.HORN_FLASH,
    "windows_ventilate": Function.WINDOWS,
    "windows_close": Function.WINDOWS,
    "sunshade_open": Function.SUNSHADE,
    "sunshade_close": Function.SUNSHADE,
    "charge_lid_open": Function.CHARGE_LID,
    "charge_lid_close": Function.CHARGE_LID,
    "charging_start": Function.CHARGING,
    "charging_stop": Function.CHARGING,
    "charge_limit": Function.CHARGING,
    "climate_start": Function.CLIMATE,
    "climate_stop": Function.CLIMATE,
    "defrost_on": Function.CLIMATE,
    "defrost_off": Function.CLIMATE,
    "seat_heating": Function.SEAT_HEATING,
    "seat_ventilation": Function.SEAT_VENTILATION,
    "fridge_on": Function.FRIDGE,
    "fridge_off": Function.FRIDGE,
    "fragrance_on": Function.FRAGRANCE,
    "fragrance_off": Function.FRAGRANCE,
    "tracking_on": Function.TRACKING,
    "tracking_off": Function.TRACKING,
    "locker_lock": Function.LOCKER,
    "locker_unlock": Function.LOCKER,
}


class CapabilitySource(StrEnum):
    """Which list the capabilities came from."""

    CAPABILITY_LIST = "capability-list"  # data.list[] functionId/valueEnable
    SERVICE_LIST = "service-list"  # legacy data.capabilities[] serviceId/enabled
    VEHICLE_ABILITY = "vehicle-ability"  # INTL result.abilities[] (an inventory)
    NONE = "none"  # nothing readable: every function UNKNOWN


@dataclass(frozen=True, slots=True)
class Capabilities:
    """The functions a car's list names as present (`functions`) and as switched off."""

    source: CapabilitySource = CapabilitySource.NONE
    functions: frozenset[Function] = frozenset()
    disabled: frozenset[Function] = frozenset()
    ids: frozenset[str] = frozenset()

    def presence(self, function: Function) -> Presence:
        """PRESENT, ABSENT (the list says so) or UNKNOWN."""
        if function in self.functions:
            return Presence.PRESENT
        if function in self.disabled or self.source is CapabilitySource.VEHICLE_ABILITY:
            return Presence.ABSENT
        return Presence.UNKNOWN

    def allows(self, function: Function) -> bool:
        """False only when the list says the car lacks `function`."""
        return self.presence(function) is not Presence.ABSENT

    def allows_action(self, action: str) -> bool:
        """False when `action` needs a function the list says is absent."""
        function = ACTION_FUNCTIONS.get(action)
        return function is None or self.allows(function)


def _function_for_id(raw: object) -> Function | None:
    if not isinstance(raw, str):
        return None
    key = raw.strip().lower()
    return FUNCTION_IDS.get(key.removesuffix("_2")) or FUNCTION_IDS.get(key)


def _function_for_service(raw: object) -> Function | None:
    if not isinstance(raw, str):
        return None
    return SERVICE_FUNCTIONS.get(raw.strip().lower().removesuffix("_2"))


def _collect(
    items: list[Any], id_key: str, enabled_key: str | None, lookup: Any
) -> tuple[set[Function], set[Function], set[str]]:
    on: set[Function] = set()
    off: set[Function] = set()
    ids: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        function = lookup(item.get(id_key))
        enabled = True if enabled_key is None else flag(item.get(enabled_key))
        if enabled and isinstance(item.get(id_key), str):
            ids.add(item[id_key])
        if function is None or enabled is None:
            continue
        (on if enabled else off).add(function)
    return on, off - on, ids


def parse_capabilities(body: object) -> Capabilities:
    """A capability-list, legacy service-list or vehicle-ability answer -> `Capabilities`.

    Never raises: anything unreadable gives an empty `Capabilities` (all UNKNOWN).
    """
    if not isinstance(body, dict):
        return Capabilities()
    data = body.get("data")
    result = body.get("result")
    if isinstance(data, dict) and isinstance(data.get("list"), list):
        on, off, ids = _collect(data["list"], "functionId", "valueEnable", _function_for_id)
        source = CapabilitySource.CAPABILITY_LIST
    elif isinstance(data, dict) and isinstance(data.get("capabilities"), list):
        on, off, ids = _collect(data["capabilities"], "serviceId", "enabled", _function_for_service)
        source = CapabilitySource.SERVICE_LIST
    elif isinstance(result, dict) and isinstance(result.get("abilities"), list):
        on, off, ids = _collect(result["abilities"], "abilityCode", None, _function_for_id)
        source = CapabilitySource.VEHICLE_ABILITY
    else:
        return Capabilities()
    return Capabilities(source, frozenset(on), frozenset(off), frozenset(ids))


def available_actions(model: CarModel, capabilities: Capabilities | None = None) -> list[str]:
    """Command-table actions `model` has and `capabilities` does not rule out, in table order."""
    actions: list[str] = []
    for spec in COMMAND_TABLE:
        if spec.action in actions or (spec.models and model not in spec.models):
            continue
        if capabilities is None or capabilities.allows_action(spec.action):
            actions.append(spec.action)
    return actions
