"""The car's own timers against the simulator: read, set with the documented partial PUTs,
and fired by the car itself (no command goes through the API), unlike a bot-side schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.simulator.car_timers import CAR_ZONE
from bot.smart import Endpoints, Region, SmartClient
from bot.smart.const import HOST_API_V1
from bot.smart.errors import SmartAPIError
from bot.smart.timers import PATH_CLIMATE_SCHEDULE, CarChargingTimer, CarClimateTimer, CarTimers
from tests.simulator.cars import SMART1_VIN
from tests.simulator.wire import BASE


@pytest.fixture
async def client(sim: Simulator, clock: ManualClock) -> SmartClient:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app))
    smart = SmartClient(Region.EU, endpoints=Endpoints.local(BASE), http=http, clock=clock.now)
    await smart.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
    return smart


def _car_clock_in(clock: ManualClock, minutes: int) -> str:
    at = datetime.fromtimestamp(clock.now(), UTC) + timedelta(minutes=minutes)
    return at.astimezone(CAR_ZONE).strftime("%H:%M")


def _timer_puts(sim: Simulator) -> list[tuple[str, str]]:
    return [
        (entry.path.split("/")[2], entry.body)
        for entry in sim.requests
        if entry.method == "PUT" and entry.host == HOST_API_V1
    ]


async def test_a_car_without_timers_reads_as_none(client: SmartClient) -> None:
    assert await client.get_car_timers(SMART1_VIN) == CarTimers()


async def test_the_car_climate_timer_is_set_with_the_two_partial_bodies_and_read_back(
    client: SmartClient, sim: Simulator
) -> None:
    await client.set_car_climate_timer(SMART1_VIN, "07:00")
    assert _timer_puts(sim) == [
        ("schedule", '{"scheduledTime":"07:00"}'),
        ("schedule", '{"enabled":true}'),
    ]
    assert {e.verdict for e in sim.requests if e.host == HOST_API_V1} == {"verified"}
    timers = await client.get_car_timers(SMART1_VIN)
    assert timers.active_climate == CarClimateTimer("1", True, "07:00", 21.0)


async def test_the_car_charging_timer_takes_start_end_and_target_one_request_each(
    client: SmartClient, sim: Simulator
) -> None:
    await client.set_car_charging_timer(SMART1_VIN, "23:00", "06:00", 80)
    assert _timer_puts(sim) == [
        ("charging", '{"startTime":"23:00"}'),
        ("charging", '{"endTime":"06:00"}'),
        ("charging", '{"targetSoc":80}'),
    ]
    timers = await client.get_car_timers(SMART1_VIN)
    assert timers.active_charging == CarChargingTimer(True, "23:00", "06:00", 80)


async def test_a_bad_time_is_refused_before_anything_is_sent(
    client: SmartClient, sim: Simulator
) -> None:
    for bad in ("7:00", "24:00", "07:60", "seven"):
        with pytest.raises(ValueError, match="HH:MM"):
            await client.set_car_climate_timer(SMART1_VIN, bad)
    with pytest.raises(ValueError, match="50-100"):
        await client.set_car_charging_timer(SMART1_VIN, "23:00", "06:00", 30)
    assert _timer_puts(sim) == []


async def test_the_car_starts_climate_by_itself_at_its_timer_without_any_command(
    client: SmartClient, sim: Simulator, clock: ManualClock
) -> None:
    await client.set_car_climate_timer(SMART1_VIN, _car_clock_in(clock, 10))
    sim.clear_requests()
    assert (await client.get_status(SMART1_VIN)).climate_on is False
    clock.advance(11 * 60)
    assert (await client.get_status(SMART1_VIN)).climate_on is True
    assert _timer_puts(sim) == []  # the car did it; nothing went through the API
    clock.advance(24 * 3600 - 30 * 60)  # the next day, shortly before the timer again
    assert (await client.get_status(SMART1_VIN)).climate_on is False
    clock.advance(30 * 60)
    assert (await client.get_status(SMART1_VIN)).climate_on is True


async def test_the_car_charges_by_itself_inside_its_reservation_when_plugged_in(
    client: SmartClient, sim: Simulator, clock: ManualClock
) -> None:
    car = sim.state.vehicle(SMART1_VIN)
    car.plugged_in, car.soc = True, 40.0
    start, end = _car_clock_in(clock, 5), _car_clock_in(clock, 65)
    await client.set_car_charging_timer(SMART1_VIN, start, end, 80)
    clock.advance(6 * 60)
    status = await client.get_status(SMART1_VIN)
    assert status.is_charging is True
    clock.advance(60 * 60)
    assert (await client.get_status(SMART1_VIN)).is_charging is False


async def test_an_odd_timer_body_is_refused_by_the_simulated_cloud(
    client: SmartClient, sim: Simulator
) -> None:
    vehicle = await client._vehicle(SMART1_VIN)
    with pytest.raises(SmartAPIError):
        await client._session.call(
            "PUT",
            PATH_CLIMATE_SCHEDULE.format(vin=SMART1_VIN),
            vehicle=vehicle,
            payload={"scheduledTime": "07:00", "enabled": True},
        )
