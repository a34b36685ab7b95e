"""Issue 14 end to end at the cloud boundary: the bot's client against the simulator.

A #1 owner warms the car with seat heat in one command and sees it confirmed; a #5 owner
defrosts and heats seats through ZAF, and switches all comfort off; DC sessions show kW and
minutes to full; capability lists hide what a trim lacks; a destination reaches the car."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.smart import Endpoints, Region, SmartClient
from bot.smart.capabilities import CapabilitySource, Function, available_actions
from bot.smart.charging import ChargingState
from bot.smart.const import HOST_API_V1, HOST_API_V2
from bot.smart.models import CarModel
from tests.simulator.cars import SMART1_VIN, SMART3_VIN, SMART5_VIN
from tests.simulator.wire import BASE


@pytest.fixture
async def client(sim: Simulator, clock: ManualClock) -> AsyncIterator[SmartClient]:
    async def sleep(seconds: float) -> None:
        sim.advance(seconds)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        smart = SmartClient(
            Region.EU, endpoints=Endpoints.local(BASE), http=http, clock=clock.now, sleep=sleep
        )
        await smart.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
        yield smart


def _commands(sim: Simulator) -> list[str]:
    return [
        str(entry.extra.get("command"))
        for entry in sim.requests
        if entry.host in (HOST_API_V1, HOST_API_V2) and "command" in entry.extra
    ]


def _verified(sim: Simulator) -> None:
    signed = [e for e in sim.requests if e.host in (HOST_API_V1, HOST_API_V2)]
    assert {e.verdict for e in signed} == {"verified"}


async def test_a_smart_1_owner_warms_the_car_with_seat_heat_in_one_command(
    client: SmartClient, sim: Simulator
) -> None:
    result = await client.warm_car(SMART1_VIN, 22, heat={"driver": 3, "wheel": 1})
    assert result.accepted
    assert _commands(sim) == ["climate on 22.0 °C"]
    sim.advance(3)
    status = await client.get_status(SMART1_VIN)
    assert status.climate_on is True
    assert status.seat_heat is not None
    assert status.seat_heat["driver"] == 3
    assert status.steering_wheel_heat is True
    _verified(sim)


async def test_seat_heat_riding_in_climate_keeps_the_climate_running(
    client: SmartClient, sim: Simulator
) -> None:
    await client.start_climate(SMART1_VIN, 21)
    sim.advance(10)
    await client.set_seat_heating(SMART1_VIN, "passenger", 2, climate_temp_c=21)
    sim.advance(3)
    status = await client.get_status(SMART1_VIN)
    assert status.climate_on is True
    assert status.seat_heat is not None
    assert status.seat_heat["passenger"] == 2


async def test_a_smart_5_owner_defrosts_through_zaf(client: SmartClient, sim: Simulator) -> None:
    result = await client.start_defrost(SMART5_VIN)
    assert result.service_id == "ZAF"
    assert _commands(sim) == ["ZAF DF on"]
    sim.advance(3)
    assert (await client.get_status(SMART5_VIN)).defrost_on is True


async def test_a_smart_5_owner_heats_seats_then_switches_all_comfort_off(
    client: SmartClient, sim: Simulator
) -> None:
    on = await client.set_comfort(
        SMART5_VIN, heat={"driver": 3, "rear_left": 2}, ventilation={"passenger": 1}
    )
    assert on.accepted
    assert _commands(sim) == ["ZAF SH.11 on", "ZAF SH.21 on", "ZAF SV.19 on"]
    sim.advance(3)
    status = await client.get_status(SMART5_VIN)
    assert status.seat_heat is not None
    assert (status.seat_heat["driver"], status.seat_heat["driver_rear"]) == (3, 2)
    assert status.seat_ventilation is not None
    assert status.seat_ventilation["passenger"] == 1
    sim.advance(5)
    off = await client.comfort_off(SMART5_VIN)
    assert off.accepted
    assert len(off.steps) == 8
    sim.advance(3)
    status = await client.get_status(SMART5_VIN)
    assert status.seat_heat is not None
    assert set(status.seat_heat.values()) == {0}
    assert status.defrost_on is False
    _verified(sim)


async def test_a_smart_5_warm_up_is_climate_then_one_zaf_request_per_seat(
    client: SmartClient, sim: Simulator
) -> None:
    result = await client.warm_car(SMART5_VIN, 21, heat={"driver": 2, "passenger": 2})
    assert result.accepted
    assert _commands(sim) == ["climate on 21.0 °C", "ZAF SH.11 on", "ZAF SH.19 on"]


async def test_a_dc_session_on_a_smart_1_shows_kilowatts_and_minutes_to_full(
    client: SmartClient, sim: Simulator
) -> None:
    sim.drain_battery(SMART1_VIN, 30)
    sim.plug_in(SMART1_VIN, dc=True)
    status = await client.get_status(SMART1_VIN)
    car = sim.vehicle(SMART1_VIN)
    assert status.charging_state is ChargingState.DC_CHARGING
    assert status.dc_charging is True
    # The #1 sends only the DC current; the voltage estimate is within a few percent.
    assert status.charge_power_kw == pytest.approx(150, rel=0.05)
    assert status.charge_power_estimated is True
    assert status.minutes_to_full == car.minutes_to_full


async def test_a_dc_session_on_a_smart_5_reads_the_measured_dc_info(
    client: SmartClient, sim: Simulator
) -> None:
    sim.drain_battery(SMART5_VIN, 20)
    sim.plug_in(SMART5_VIN, dc=True)
    status = await client.get_status(SMART5_VIN)
    assert any("qrvs" in e.path for e in sim.requests)
    assert status.charge_power_estimated is False
    assert status.charge_power_kw == pytest.approx(400, rel=0.01)
    assert status.charge_voltage_v == pytest.approx(sim.vehicle(SMART5_VIN).pack_volts, abs=0.3)
    assert status.minutes_to_full == sim.vehicle(SMART5_VIN).minutes_to_full


async def test_plugged_but_idle_reads_as_plugged_not_charging(
    client: SmartClient, sim: Simulator
) -> None:
    sim.plug_in(SMART1_VIN, charge=False)
    status = await client.get_status(SMART1_VIN)
    assert (status.plugged_in, status.is_charging) == (True, False)
    assert status.charge_power_kw == 0.0


async def test_capability_lists_hide_what_the_trim_lacks(
    client: SmartClient, sim: Simulator
) -> None:
    premium = await client.get_capabilities(SMART5_VIN)
    assert Function.SEAT_VENTILATION in premium.functions
    assert "seat_ventilation" in available_actions(CarModel.SMART_5, premium)
    sim.vehicle(SMART5_VIN).trim = "Pro"
    pro = await client.get_capabilities(SMART5_VIN)
    assert not pro.allows(Function.SEAT_VENTILATION)
    assert "seat_ventilation" not in available_actions(CarModel.SMART_5, pro)
    smart1 = await client.get_capabilities(SMART1_VIN)
    assert not smart1.allows(Function.SEAT_VENTILATION)
    assert smart1.allows(Function.SEAT_HEATING)


async def test_a_forwarded_location_reaches_the_cars_navigation(
    client: SmartClient, sim: Simulator
) -> None:
    result = await client.send_destination(
        SMART1_VIN, latitude=52.5163, longitude=13.3777, name="Brandenburger Tor", address="Berlin"
    )
    assert result.accepted
    sim.advance(3)
    destination = sim.vehicle(SMART1_VIN).destinations[-1]
    assert (destination["name"], destination["address"]) == ("Brandenburger Tor", "Berlin")
    assert (destination["lat"], destination["lon"]) == (52.5163, 13.3777)
    _verified(sim)


async def test_the_new_status_fields_match_the_simulated_car(
    client: SmartClient, sim: Simulator
) -> None:
    car = sim.vehicle(SMART1_VIN)
    car.washer_fluid_low = True
    car.cabin_pm25 = 17
    sim.open_door(SMART1_VIN, "passenger")
    status = await client.get_status(SMART1_VIN)
    assert status.door_locks == dict.fromkeys(
        ("driver", "passenger", "driver_rear", "passenger_rear"), car.locked
    )
    assert status.trunk_locked is car.trunk_locked
    assert status.park_brake_on is True
    assert status.aux_battery_percent == car.aux_battery_percent
    assert status.service_due_km == car.distance_to_service_km
    assert status.days_to_service == car.days_to_service
    assert status.range_at_full_km == car.spec.full_range_km
    assert (status.washer_fluid_low, status.brake_fluid_low, status.coolant_low) == (
        True,
        False,
        False,
    )
    assert status.cabin_pm25 == 17
    assert status.window_percent == dict.fromkeys(
        ("driver", "passenger", "driver_rear", "passenger_rear"), 0
    )
    assert status.doors_open == frozenset({"passenger"})


async def test_an_intl_car_reads_its_ability_inventory(sim: Simulator, clock: ManualClock) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        smart = SmartClient(
            Region.INTL, endpoints=Endpoints.local(BASE), http=http, clock=clock.now
        )
        await smart.login(DEMO_INTL_EMAIL, DEMO_PASSWORD)
        caps = await smart.get_capabilities(SMART3_VIN)
        assert caps.source is CapabilitySource.VEHICLE_ABILITY
        assert {Function.SEAT_HEATING, Function.DOOR_LOCK, Function.CLIMATE} <= caps.functions
        # An inventory: a #3 lists no ventilated seats, so the bot hides them.
        assert not caps.allows(Function.SEAT_VENTILATION)
        ability = [e for e in sim.requests if e.path.startswith("/vc/vehicle/v1/ability/")]
        assert [e.verdict for e in ability] == ["verified"]
        sim.switch_capability(SMART3_VIN, "remote_contro_seat_heating", enabled=False)
        assert not (await smart.get_capabilities(SMART3_VIN)).allows(Function.SEAT_HEATING)
