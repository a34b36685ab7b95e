"""Charging numbers from `electricVehicleStatus` (REFERENCE §7.2) and the smart #5 DC charge
info (`qrvs`, §7.5): the state tables, AC and DC power, minutes to full.

- AC: power = `chargeUAct` x `chargeIAct`, times sqrt(3) from 260 V up (three-phase), as
  pySmartHashtag computes it.
- DC: `chargeUAct`/`chargeIAct` read 0 (pySmartHashtag issue #55); the current is
  `dcChargeIAct` (negative while charging; deci-amps on a #5, SmartHashtag #459). A #5 on a
  DC charger also answers `qrvs` with measured current and voltage, which win. Otherwise the
  voltage is estimated from the state of charge (`charge_power_estimated` = True): the pack
  of the #1/#3 rises from about 370 V empty to about 465 V full, close to linearly (the range
  of pySmartHashtag 0.15.0's lookup; the line is our own approximation).
- `timeToFullyCharged` 2047 means "not available".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.smart.values import in_range, non_negative, number, whole

MINUTES_NOT_AVAILABLE = 2047
THREE_PHASE_MIN_VOLTS = 260.0
# smart #5: `dcChargeIAct` in deci-amps.
SMART5_DC_CURRENT_DIVIDER = 10.0
# qrvs: current A = |chargeI - 16380| / 10, voltage V = chargeU / 4 (as SMore# decodes it).
QRVS_CURRENT_OFFSET = 16380.0
QRVS_CURRENT_DIVIDER = 10.0
QRVS_VOLTAGE_DIVIDER = 4.0
# `dcDcConnectStatus` "3": a DC charger is connected (the #5 then answers qrvs).
DC_CONNECTED_CODE = 3
PACK_VOLTS_EMPTY = 370.0
PACK_VOLTS_FULL = 465.0


class ChargingState(StrEnum):
    """`chargerState` codes: pySmartHashtag's table (0-15) and the APK's extra codes."""

    NOT_CHARGING = "not_charging"
    DEFAULT = "default"
    AC_CHARGING = "ac_charging"
    ERROR = "error"
    COMPLETE = "complete"
    FULLY_CHARGED = "fully_charged"
    FINISHED_FULLY_CHARGED = "finished_fully_charged"
    FINISHED_NOT_FULL = "finished_not_full"
    INVALID = "invalid"
    PLUGGED_IN = "plugged_in"
    WAITING = "waiting_for_charging"
    TARGET_REACHED = "target_reached"
    DC_CHARGING = "dc_charging"
    SUPER_CHARGING = "super_charging"
    PLUGGED_NOT_CHARGING = "plugged_not_charging"
    BOOST_CHARGING = "boost_charging"
    WIRELESS_CHARGING = "wireless_charging"
    UNKNOWN = "unknown"


CHARGER_STATE_CODES: dict[int, ChargingState] = {
    0: ChargingState.NOT_CHARGING,
    1: ChargingState.DEFAULT,
    2: ChargingState.AC_CHARGING,
    3: ChargingState.ERROR,
    4: ChargingState.COMPLETE,
    5: ChargingState.FULLY_CHARGED,
    6: ChargingState.FINISHED_FULLY_CHARGED,
    7: ChargingState.FINISHED_NOT_FULL,
    8: ChargingState.INVALID,
    9: ChargingState.PLUGGED_IN,
    10: ChargingState.WAITING,
    11: ChargingState.TARGET_REACHED,
    15: ChargingState.DC_CHARGING,
    24: ChargingState.SUPER_CHARGING,
    25: ChargingState.PLUGGED_NOT_CHARGING,
    28: ChargingState.BOOST_CHARGING,
    30: ChargingState.WIRELESS_CHARGING,
}
# States in which energy flows, and those of them on a DC charger.
FLOWING_STATES = frozenset(
    {
        ChargingState.AC_CHARGING,
        ChargingState.DC_CHARGING,
        ChargingState.SUPER_CHARGING,
        ChargingState.BOOST_CHARGING,
        ChargingState.WIRELESS_CHARGING,
    }
)
DC_STATES = frozenset({ChargingState.DC_CHARGING, ChargingState.SUPER_CHARGING})


class ChargerConnection(StrEnum):
    """`statusOfChargerConnection`; the reliable plug signal (chargerState reads 0 while
    plugged, SmartHashtag #441)."""

    NOT_CONNECTED = "not_connected"
    DC_CONNECTED = "dc_connected"
    PLUGGED_NOT_CHARGING = "plugged_not_charging"
    CHARGING = "charging"
    UNKNOWN = "unknown"


CONNECTION_CODES: dict[int, ChargerConnection] = {
    0: ChargerConnection.NOT_CONNECTED,
    1: ChargerConnection.DC_CONNECTED,
    2: ChargerConnection.PLUGGED_NOT_CHARGING,
    3: ChargerConnection.CHARGING,
}
_PLUGGED = frozenset(
    {
        ChargerConnection.DC_CONNECTED,
        ChargerConnection.PLUGGED_NOT_CHARGING,
        ChargerConnection.CHARGING,
    }
)


def charging_state(code: int | None) -> ChargingState | None:
    """The named state of a `chargerState` code (`UNKNOWN` for codes without a meaning)."""
    return None if code is None else CHARGER_STATE_CODES.get(code, ChargingState.UNKNOWN)


def charger_connection(code: int | None) -> ChargerConnection | None:
    """The named `statusOfChargerConnection` code."""
    return None if code is None else CONNECTION_CODES.get(code, ChargerConnection.UNKNOWN)


def estimated_pack_volts(percent: int | None) -> float | None:
    """The pack voltage at `percent` state of charge (an estimate, see the module doc)."""
    if percent is None:
        return None
    share = max(0, min(100, percent)) / 100
    return PACK_VOLTS_EMPTY + (PACK_VOLTS_FULL - PACK_VOLTS_EMPTY) * share


def qrvs_reading(dc_info: dict[str, Any] | None) -> tuple[float, float] | None:
    """(current A, voltage V) from the #5 DC charge info, or `None` when unusable."""
    if not isinstance(dc_info, dict):
        return None
    raw_i, raw_u = number(dc_info.get("chargeI")), number(dc_info.get("chargeU"))
    if raw_i is None or raw_u is None or raw_u <= 0:
        return None
    return abs(raw_i - QRVS_CURRENT_OFFSET) / QRVS_CURRENT_DIVIDER, raw_u / QRVS_VOLTAGE_DIVIDER


def is_dc_session(ev: dict[str, Any]) -> bool:
    """True when the status says a DC charger is at work (state 15/24, or a DC connection)."""
    state = charging_state(whole(ev.get("chargerState")))
    if state in DC_STATES:
        return True
    return whole(ev.get("dcDcConnectStatus")) == DC_CONNECTED_CODE and state in FLOWING_STATES


def _ac(ev: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    volts, amps = (
        non_negative(number(ev.get("chargeUAct"))),
        non_negative(number(ev.get("chargeIAct"))),
    )
    if volts is None or amps is None:
        return volts, amps, None
    watts = volts * amps * (3**0.5 if volts >= THREE_PHASE_MIN_VOLTS else 1.0)
    return volts, amps, watts


def _dc(
    ev: dict[str, Any], percent: int | None, *, smart5: bool, dc_info: dict[str, Any] | None
) -> tuple[float | None, float | None, float | None, bool | None]:
    measured = qrvs_reading(dc_info) if smart5 else None
    if measured is not None:
        amps, volts = measured
        return volts, amps, volts * amps, False
    raw = number(ev.get("dcChargeIAct"))
    if raw is None:
        return None, None, None, None
    current = abs(raw) / (SMART5_DC_CURRENT_DIVIDER if smart5 else 1.0)
    pack = estimated_pack_volts(percent)
    if pack is None:
        return None, current, None, None
    return pack, current, pack * current, True


def parse_charging(
    ev: dict[str, Any], *, smart5: bool = False, dc_info: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`VehicleStatus` fields from `electricVehicleStatus` (and the #5's qrvs answer)."""
    state = charging_state(whole(ev.get("chargerState")))
    connection = charger_connection(whole(ev.get("statusOfChargerConnection")))
    charging = None if state is None else state in FLOWING_STATES
    if charging is None and connection is not None:
        charging = connection is ChargerConnection.CHARGING
    plugged = None if connection is None else connection in _PLUGGED
    if plugged is None and charging:
        plugged = True
    percent = in_range(whole(ev.get("chargeLevel")), 0, 100)
    dc = is_dc_session(ev) if state is not None else None
    estimated: bool | None = None
    if dc:
        volts, amps, watts, estimated = _dc(ev, percent, smart5=smart5, dc_info=dc_info)
    else:
        volts, amps, watts = _ac(ev)
        estimated = None if watts is None else False
    minutes = whole(ev.get("timeToFullyCharged"))
    if minutes == MINUTES_NOT_AVAILABLE or (minutes is not None and minutes < 0):
        minutes = None
    lid = whole(ev.get("chargeLidDcAcStatus"))
    range_km, full_km = (
        whole(ev.get("distanceToEmptyOnBatteryOnly")),
        whole(ev.get("distanceToEmptyOnBattery100Soc")),
    )
    return {
        "battery_percent": percent,
        "range_km": range_km if range_km is not None and range_km >= 0 else None,
        "range_at_full_km": full_km if full_km is not None and full_km > 0 else None,
        "charger_state": whole(ev.get("chargerState")),
        "charging_state": state,
        "charger_connection": connection,
        "is_charging": charging,
        "plugged_in": plugged,
        "dc_charging": dc,
        "charge_voltage_v": None if volts is None else round(volts, 1),
        "charge_current_a": None if amps is None else round(amps, 1),
        "charge_power_kw": None if watts is None else round(watts / 1000, 2),
        "charge_power_estimated": estimated,
        "minutes_to_full": minutes,
        "charge_lid_open": {1: True, 2: False}.get(lid) if lid is not None else None,
    }
