"""Journeys: whole charging sessions and drives on the manual clock, and the story each
returns, worked out from the car's own figures."""

from __future__ import annotations

import pytest

from bot.simulator import Simulator
from bot.simulator.journeys import Wait, ac_session, dc_session, drives
from tests.simulator.cars import SMART1_VIN


def _waiter(sim: Simulator, powers: list[float]) -> Wait:
    """Minute by minute, noting the charger's power the car shows."""

    async def wait(seconds: float) -> None:
        for _ in range(int(seconds // 60)):
            sim.advance(60)
            powers.append(sim.vehicle(SMART1_VIN).charge_power_kw)

    return wait


async def test_an_ac_session_pauses_once_fills_to_the_target_and_ends_unplugged(
    sim: Simulator,
) -> None:
    powers: list[float] = []
    story = await ac_session(sim, SMART1_VIN, _waiter(sim, powers))
    car = sim.vehicle(SMART1_VIN)
    assert (car.plugged_in, car.charging, car.battery_percent) == (False, False, 90)
    assert (story.dc, story.start_soc, story.end_soc, story.power_kw) == (False, 40, 90, 22.0)
    assert story.kwh_added == pytest.approx(33.0)  # half of a 66 kWh pack
    assert story.charging_minutes == pytest.approx(90.0)
    charging = [p > 0 for p in powers]
    # Idle while parked, then charging, a pause, charging again, idle once full.
    runs = [c for i, c in enumerate(charging) if i == 0 or c != charging[i - 1]]
    assert runs == [False, True, False, True, False]
    assert story.plugged_minutes > story.charging_minutes + 10


async def test_a_dc_session_charges_without_a_break_at_the_fast_chargers_power(
    sim: Simulator,
) -> None:
    powers: list[float] = []
    story = await dc_session(sim, SMART1_VIN, _waiter(sim, powers))
    assert (story.dc, story.start_soc, story.end_soc, story.power_kw) == (True, 40, 90, 150.0)
    assert story.charging_minutes == pytest.approx(13.2)
    # Seen at the end of each minute: charging after 13, full (idle) after the 14th.
    assert sum(1 for p in powers if p > 0) == 13
    assert not sim.vehicle(SMART1_VIN).plugged_in


async def test_drives_move_the_car_east_and_use_the_models_consumption(sim: Simulator) -> None:
    before = sim.vehicle(SMART1_VIN).odometer_km
    stories = await drives(sim, SMART1_VIN, _waiter(sim, []))
    car = sim.vehicle(SMART1_VIN)
    assert car.odometer_km == pytest.approx(before + sum(s.km for s in stories))
    assert not car.driving
    for story in stories:
        assert story.end[1] > story.start[1]
        assert story.kwh_used == pytest.approx(story.km * 16.5 / 100)
        assert story.end_soc < story.start_soc
