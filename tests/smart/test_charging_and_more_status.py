"""Charging numbers in every mode (AC, #1/#3 DC, #5 DC with and without its DC info,
plugged but idle) and the extra status fields, parsed from the fidelity fixtures."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.smart import parse_status
from bot.smart.charging import (
    ChargerConnection,
    ChargingState,
    charging_state,
    estimated_pack_volts,
    parse_charging,
)
from bot.smart.models import CarModel, VehicleStatus
from tests.smart.fidelity import fixture

AC = fixture("status_ac_charging_smart1.json")
DC1 = fixture("status_dc_charging_smart1.json")
DC5 = fixture("status_dc_charging_smart5.json")
IDLE = fixture("status_plugged_not_charging_smart1.json")
PARKED = fixture("status_parked_smart1.json")
QRVS = fixture("qrvs_dc_charge_info_smart5.json")["data"]


def test_ac_charging_shows_three_phase_power_and_minutes_to_full() -> None:
    status = parse_status(AC, model=CarModel.SMART_1)
    assert status.charging_state is ChargingState.AC_CHARGING
    assert status.charger_connection is ChargerConnection.CHARGING
    assert status.dc_charging is False
    assert (status.charge_voltage_v, status.charge_current_a) == (407.7, 6.0)
    assert status.charge_power_kw == pytest.approx(4.24, abs=0.01)
    assert status.charge_power_estimated is False
    assert status.minutes_to_full == 155
    assert status.range_at_full_km == 324


def test_dc_charging_on_a_smart_1_shows_kilowatts_not_zero() -> None:
    status = parse_status(DC1, model=CarModel.SMART_1)
    assert status.is_charging is True
    assert status.plugged_in is True
    assert status.dc_charging is True
    assert status.charging_state is ChargingState.DC_CHARGING
    assert status.charger_connection is ChargerConnection.DC_CONNECTED
    assert status.charge_current_a == 102.6
    # 67 % on a 370-465 V pack: about 434 V, so about 44.5 kW.
    assert status.charge_voltage_v == pytest.approx(433.7, abs=0.1)
    assert status.charge_power_kw == pytest.approx(44.5, abs=0.1)
    assert status.charge_power_estimated is True
    assert status.minutes_to_full == 37


def test_a_smart_5_dc_current_is_in_deci_amps() -> None:
    as_smart1 = parse_status(DC5, model=CarModel.SMART_1)
    status = parse_status(DC5, model=CarModel.SMART_5)
    assert status.charge_current_a == 150.0
    assert as_smart1.charge_current_a == 1500.0
    assert status.charge_power_estimated is True


def test_a_smart_5_dc_info_gives_measured_voltage_and_power() -> None:
    status = parse_status(DC5, model=CarModel.SMART_5, dc_info=QRVS)
    assert (status.charge_current_a, status.charge_voltage_v) == (150.0, 400.0)
    assert status.charge_power_kw == 60.0
    assert status.charge_power_estimated is False


def test_the_dc_info_is_ignored_for_a_smart_1_and_when_unusable() -> None:
    smart1 = parse_status(DC1, model=CarModel.SMART_1, dc_info=QRVS)
    assert smart1.charge_power_estimated is True
    junk = parse_status(DC5, model=CarModel.SMART_5, dc_info={"chargeI": "x", "chargeU": "0"})
    assert junk.charge_current_a == 150.0
    assert junk.charge_power_estimated is True


def test_plugged_in_but_not_charging_reads_as_plugged_and_idle() -> None:
    status = parse_status(IDLE)
    assert status.plugged_in is True
    assert status.is_charging is False
    assert status.charging_state is ChargingState.NOT_CHARGING
    assert status.charger_connection is ChargerConnection.PLUGGED_NOT_CHARGING
    assert status.charge_power_kw == 0.0
    assert status.minutes_to_full is None


@pytest.mark.parametrize(
    ("code", "state"),
    [
        (0, ChargingState.NOT_CHARGING),
        (2, ChargingState.AC_CHARGING),
        (4, ChargingState.COMPLETE),
        (9, ChargingState.PLUGGED_IN),
        (11, ChargingState.TARGET_REACHED),
        (13, ChargingState.UNKNOWN),
        (15, ChargingState.DC_CHARGING),
        (24, ChargingState.SUPER_CHARGING),
        (25, ChargingState.PLUGGED_NOT_CHARGING),
        (30, ChargingState.WIRELESS_CHARGING),
        (99, ChargingState.UNKNOWN),
    ],
)
def test_every_charger_state_code_has_a_name(code: int, state: ChargingState) -> None:
    assert charging_state(code) is state


def test_the_pack_voltage_estimate_rises_with_the_charge() -> None:
    assert estimated_pack_volts(0) == 370.0
    assert estimated_pack_volts(100) == 465.0
    assert estimated_pack_volts(250) == 465.0
    assert estimated_pack_volts(None) is None


def test_a_parked_car_reads_locks_service_battery_fluids_and_air() -> None:
    status = parse_status(PARKED)
    assert status.door_locks == dict.fromkeys(
        ("driver", "passenger", "driver_rear", "passenger_rear"), True
    )
    assert status.trunk_locked is True
    assert status.park_brake_on is True
    assert status.days_to_service == 321
    assert status.service_due_km == 12345
    assert status.aux_battery_percent == 94.2
    assert status.aux_battery_health == 0
    assert status.brake_fluid_low is False
    # Code 1 = low per hello_smart (doubtful: every capture shows 1, see PROVENANCE.md).
    assert status.washer_fluid_low is True
    assert status.coolant_low is False
    assert status.cabin_pm25 == 1.0
    assert status.seat_heat == dict.fromkeys(
        ("driver", "passenger", "driver_rear", "passenger_rear"), 0
    )
    assert status.steering_wheel_heat is False
    assert status.window_percent == dict.fromkeys(
        ("driver", "passenger", "driver_rear", "passenger_rear"), 0
    )


def test_open_windows_and_unlocked_doors_read_per_side() -> None:
    status = parse_status(DC1)
    assert status.window_percent == {
        "driver": 12,
        "passenger": 12,
        "driver_rear": 20,
        "passenger_rear": 20,
    }
    assert status.door_locks is not None
    assert not any(status.door_locks.values())
    assert status.trunk_locked is False
    assert status.steering_wheel_heat is False  # code 2 = off


def test_seat_heat_levels_and_a_heated_wheel_are_read() -> None:
    body = copy.deepcopy(PARKED)
    climate = body["data"]["vehicleStatus"]["additionalVehicleStatus"]["climateStatus"]
    climate.update({"drvHeatSts": "3", "passHeatingSts": "1", "steerWhlHeatingSts": "1"})
    climate["winPosDriver"] = "101"  # not fitted: left out
    status = parse_status(body)
    assert status.seat_heat is not None
    assert (status.seat_heat["driver"], status.seat_heat["passenger"]) == (3, 1)
    assert status.steering_wheel_heat is True
    assert status.window_percent is not None
    assert "driver" not in status.window_percent


def test_new_fields_survive_the_json_round_trip() -> None:
    status = parse_status(DC5, model=CarModel.SMART_5, dc_info=QRVS)
    again = VehicleStatus.from_json_dict(status.to_json_dict())
    assert again == status
    assert again.charging_state == ChargingState.DC_CHARGING


_JUNK = st.one_of(
    st.none(),
    st.sampled_from(["", "abc", "2047", "-1", "nan", "1e400", "3", "15", "16380"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.just([]),
    st.just({}),
)
_EV_KEYS = sorted(DC1["data"]["vehicleStatus"]["additionalVehicleStatus"]["electricVehicleStatus"])


@settings(max_examples=200, deadline=None)
@given(
    ev=st.dictionaries(st.sampled_from(_EV_KEYS), _JUNK, max_size=12),
    info=st.one_of(st.none(), st.dictionaries(st.sampled_from(["chargeI", "chargeU"]), _JUNK)),
    smart5=st.booleans(),
)
def test_odd_charging_values_never_raise(
    ev: dict[str, Any], info: dict[str, Any] | None, smart5: bool
) -> None:
    fields = parse_charging(ev, smart5=smart5, dc_info=info)
    power = fields["charge_power_kw"]
    assert power is None or power >= 0
