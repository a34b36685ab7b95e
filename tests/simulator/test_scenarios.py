"""Scenario helpers: what happens to a car outside the API, as the status then shows it."""

from __future__ import annotations

import pytest

from bot.simulator import ManualClock, Simulator
from tests.simulator.cars import SMART1_VIN, SMART5_VIN


def test_a_plugged_in_car_charges_up_to_its_target_and_stops(
    sim: Simulator, clock: ManualClock
) -> None:
    sim.drain_battery(SMART1_VIN, 50)
    car = sim.plug_in(SMART1_VIN)
    assert car.charging is True
    assert car.minutes_to_full == 72  # 40 % of 66 kWh at 22 kW
    sim.advance(1800)
    assert 65 < sim.vehicle(SMART1_VIN).soc < 70
    sim.advance(3 * 3600)
    car = sim.vehicle(SMART1_VIN)
    assert (car.battery_percent, car.charging, car.plugged_in) == (90, False, True)
    assert clock.now() > car.updated_at - 1


def test_driving_uses_battery_adds_kilometres_and_moves_the_car(sim: Simulator) -> None:
    before = sim.vehicle(SMART1_VIN)
    soc, odometer, lon = before.soc, before.odometer_km, before.longitude
    car = sim.drive(SMART1_VIN, 33.0)
    assert car.odometer_km == pytest.approx(odometer + 33.0)
    assert car.soc == pytest.approx(soc - 33.0 * 16.5 / 100 / 66 * 100)
    assert car.longitude is not None
    assert lon is not None
    assert car.longitude > lon


def test_a_drive_unplugs_a_charging_car(sim: Simulator) -> None:
    sim.plug_in(SMART5_VIN)
    car = sim.drive(SMART5_VIN, 5.0, latitude=52.4, longitude=13.1)
    assert (car.plugged_in, car.charging, car.latitude) == (False, False, 52.4)


def test_moving_while_locked_keeps_the_car_locked_and_parked(sim: Simulator) -> None:
    sim.start_driving(SMART1_VIN)
    car = sim.move_while_locked(SMART1_VIN, 48.1, 11.5)
    assert (car.locked, car.driving, car.latitude, car.longitude) == (True, False, 48.1, 11.5)


def test_doors_open_and_close_by_name(sim: Simulator) -> None:
    sim.open_door(SMART1_VIN, "passenger_rear")
    sim.open_door(SMART1_VIN, "hood")
    car = sim.vehicle(SMART1_VIN)
    assert (car.doors_open, car.hood_open) == ({"passenger_rear"}, True)
    sim.close_door(SMART1_VIN, "passenger_rear")
    assert sim.vehicle(SMART1_VIN).doors_open == set()
    with pytest.raises(ValueError, match="unknown door"):
        sim.open_door(SMART1_VIN, "roof")


def test_every_scenario_stamps_a_new_upload_time(sim: Simulator, clock: ManualClock) -> None:
    clock.advance(60)
    car = sim.drain_battery(SMART1_VIN, 12)
    assert car.updated_at == clock.now()
    assert car.battery_percent == 12
