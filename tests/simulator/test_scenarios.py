"""Scenario helpers: what happens to a car outside the API, as the status then shows it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from bot.simulator import ManualClock, Simulator
from bot.simulator.model import PendingChange
from bot.simulator.render_status import render_status
from bot.simulator.routes_control import SCENARIOS
from bot.simulator.services import plan_command
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


# Every scenario helper with arguments, and what must be true before it means something.
SCENARIO_CALLS: list[tuple[str, dict[str, Any], Callable[[Simulator], object] | None]] = [
    ("plug_in", {}, None),
    ("unplug", {}, lambda s: s.plug_in(SMART1_VIN)),
    ("start_charging", {}, lambda s: s.plug_in(SMART1_VIN, charge=False)),
    ("stop_charging", {}, lambda s: s.plug_in(SMART1_VIN)),
    ("drive", {"km": 5.0}, None),
    ("start_driving", {}, None),
    ("park", {}, lambda s: s.start_driving(SMART1_VIN)),
    ("move", {"latitude": 52.4, "longitude": 13.1}, None),
    ("move_while_locked", {"latitude": 52.4, "longitude": 13.1}, None),
    ("open_door", {"door": "trunk"}, None),
    ("close_door", {"door": "trunk"}, lambda s: s.open_door(SMART1_VIN, "trunk")),
    ("drain_battery", {"to_percent": 12}, None),
    ("lose_gps", {}, None),
    ("install_update", {}, lambda s: s.offer_update(SMART1_VIN, "smart OS 1.6 EU")),
]


def _status(sim: Simulator, vin: str = SMART1_VIN) -> dict[str, Any]:
    status: dict[str, Any] = render_status(sim.vehicle(vin))["data"]["vehicleStatus"]
    return status


def test_every_scenario_helper_is_covered_here() -> None:
    cloud_side = {"offer_update", "switch_capability"}  # no upload from the car
    assert {name for name, _, _ in SCENARIO_CALLS} == SCENARIOS - cloud_side


@pytest.mark.parametrize(
    ("name", "kwargs", "before"), SCENARIO_CALLS, ids=[c[0] for c in SCENARIO_CALLS]
)
def test_every_scenario_stamps_the_status_with_the_simulator_time(
    sim: Simulator,
    clock: ManualClock,
    name: str,
    kwargs: dict[str, Any],
    before: Callable[[Simulator], object] | None,
) -> None:
    if before is not None:
        before(sim)
    clock.advance(60)
    getattr(sim, name)(SMART1_VIN, **kwargs)
    assert sim.vehicle(SMART1_VIN).updated_at == clock.now()
    assert _status(sim)["updateTime"] == str(int(clock.now() * 1000))


def _accept(sim: Simulator, body: dict[str, Any], vin: str = SMART1_VIN) -> float:
    """Accept a command as the telematics route does; returns when it lands."""
    with sim.state.lock:
        car = sim.vehicle(vin)
        plan = plan_command(
            json.dumps(body).encode(),
            car,
            journal_path=False,
            climate_minutes=sim.config.climate_minutes,
        )
        due = sim.now() + sim.config.command_delay
        car.pending.append(PendingChange(due, plan.service_id, plan.description, plan.apply))
        return due


def _command(service: str, params: list[tuple[str, str]], minutes: int = 0) -> dict[str, Any]:
    return {
        "creator": "tc",
        "command": "start",
        "operationScheduling": {
            "duration": minutes,
            "interval": 0,
            "occurs": 1,
            "recurrentOperation": False,
        },
        "serviceId": service,
        "timestamp": "1706028240000",
        "serviceParameters": [{"key": k, "value": v} for k, v in params],
    }


def test_the_status_never_changes_without_a_new_update_time(
    sim: Simulator, clock: ManualClock
) -> None:
    """A real car uploads a new status (new `updateTime`) whenever its state changes, so two
    reads with the same `updateTime` show the same status; the cloud keeps showing the last
    upload while nothing happens (a parked cabin cools without uploading)."""
    charge = _command("rcs", [("operation", "1"), ("rcs.restart", "1")])
    climate = _command("RCE_2", [("rce.conditioner", "1"), ("rce.temp", "22.0")], minutes=20)

    def later(action: Callable[[], object]) -> Callable[[], object]:
        # Reads upload nothing, but a charging car uploads at every read: a change needs a
        # moment of its own to get a stamp of its own.
        return lambda: (clock.advance(30), action())

    steps: list[Callable[[], object]] = [
        lambda: clock.advance(1800),  # parked: the cabin cools silently
        later(lambda: sim.plug_in(SMART1_VIN, charge=False)),
        later(lambda: _accept(sim, charge)),
        lambda: clock.advance(5),  # the command lands
        lambda: clock.advance(600),  # charging
        later(lambda: sim.unplug(SMART1_VIN)),
        later(lambda: _accept(sim, climate)),
        lambda: clock.advance(5),
        lambda: clock.advance(300),  # the cabin warms, the car reports it
        lambda: clock.advance(1800),  # climate ran out
        lambda: clock.advance(1800),  # cooling again, silently
        later(lambda: _accept(sim, _command("RHL", [("rhl", "horn")]))),
        lambda: clock.advance(5),
    ]
    previous = _status(sim)
    for index, step in enumerate(steps):
        step()
        current = _status(sim)
        stamp = int(current["updateTime"]) / 1000
        assert stamp <= clock.now()
        if {**current, "updateTime": None} != {**previous, "updateTime": None}:
            assert current["updateTime"] > previous["updateTime"], f"step {index}"
        previous = current
    assert sim.vehicle(SMART1_VIN).events[-1][1] == "horn"
