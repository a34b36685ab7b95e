"""The bot's cloud client against the simulator: both logins, the vehicle list, status that
parses to the simulated state, every command, and the client's reaction to each fault.
Every ecloudeu request the client sends must pass the simulator's signature check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.simulator.model import VehicleState
from bot.smart import (
    ACTIONS,
    CloudUnavailableError,
    Endpoints,
    InvalidCredentialsError,
    RateLimitedError,
    Region,
    SignatureError,
    SmartAPIError,
    SmartClient,
)
from bot.smart.commands import spec_for
from bot.smart.const import HOST_API_V1, HOST_API_V2
from tests.simulator.cars import SMART1_VIN, SMART3_VIN, SMART5_VIN
from tests.simulator.wire import BASE

ARGS: dict[str, dict[str, Any]] = {
    "climate_start": {"temp_c": 22.5, "minutes": 20},
    "seat_heating": {"seat": "driver", "level": 2},
    "seat_ventilation": {"seat": "passenger", "level": 1},
    "charge_limit": {"percent": 80},
}


@pytest.fixture
async def raw_http(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on the simulator (the client adds its own base URLs)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        yield http


def _client(http: httpx.AsyncClient, clock: ManualClock, region: Region) -> SmartClient:
    return SmartClient(region, endpoints=Endpoints.local(BASE), http=http, clock=clock.now)


async def _logged_in(
    http: httpx.AsyncClient, clock: ManualClock, region: Region = Region.EU
) -> SmartClient:
    client = _client(http, clock, region)
    email = DEMO_EU_EMAIL if region is Region.EU else DEMO_INTL_EMAIL
    await client.login(email, DEMO_PASSWORD)
    return client


def _all_signed_requests_verified(sim: Simulator) -> None:
    signed = [e for e in sim.requests if e.host in (HOST_API_V1, HOST_API_V2)]
    assert signed
    assert {e.verdict for e in signed} == {"verified"}, [(e.path, e.verdict) for e in signed]


def _expected(car: VehicleState) -> dict[str, Any]:
    return {
        "battery_percent": car.battery_percent,
        "range_km": car.range_km,
        "is_charging": car.charging,
        "plugged_in": car.plugged_in,
        "minutes_to_full": car.minutes_to_full,
        "charge_lid_open": car.charge_lid_open,
        "locked": car.locked,
        "doors_open": frozenset(car.doors_open),
        "windows_open": car.windows_open,
        "trunk_open": car.trunk_open,
        "hood_open": car.hood_open,
        "climate_on": car.climate_on,
        "interior_temp_c": round(car.reported_interior_temp_c, 3),
        "exterior_temp_c": car.exterior_temp_c,
        "odometer_km": car.odometer_km,
        "tyre_pressure_kpa": car.tyre_kpa,
        "tyre_warning": car.tyre_warning,
        "aux_battery_v": car.aux_battery_v,
        "engine_running": car.driving,
        "days_to_service": car.days_to_service,
    }


@pytest.mark.parametrize(
    ("region", "vin"), [(Region.EU, SMART1_VIN), (Region.EU, SMART5_VIN), (Region.INTL, SMART3_VIN)]
)
async def test_a_fresh_car_parses_to_the_state_the_simulator_holds(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock, region: Region, vin: str
) -> None:
    client = await _logged_in(raw_http, clock, region)
    status = await client.get_status(vin)
    car = sim.vehicle(vin)
    expected = _expected(car)
    assert {name: getattr(status, name) for name in expected} == expected
    assert status.latitude == pytest.approx(car.latitude, abs=1e-6)
    assert status.longitude == pytest.approx(car.longitude, abs=1e-6)
    assert status.updated_at is not None
    assert status.updated_at.timestamp() == pytest.approx(car.updated_at, abs=0.001)
    _all_signed_requests_verified(sim)


async def test_a_charging_car_parses_as_charging_with_power_and_time(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.drain_battery(SMART1_VIN, 40)
    sim.plug_in(SMART1_VIN)
    client = await _logged_in(raw_http, clock)
    status = await client.get_status(SMART1_VIN, with_charge_target=True)
    car = sim.vehicle(SMART1_VIN)
    assert (status.is_charging, status.plugged_in) == (True, True)
    assert status.minutes_to_full == car.minutes_to_full
    assert status.charge_power_kw == pytest.approx(22.0, rel=0.01)
    assert status.charge_target_percent == car.charge_target


async def test_both_logins_list_their_cars_with_models(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    eu = await _logged_in(raw_http, clock, Region.EU)
    intl = await _logged_in(raw_http, clock, Region.INTL)
    eu_cars = {v.vin: v.model.value for v in await eu.list_vehicles()}
    intl_cars = {v.vin: v.model.value for v in await intl.list_vehicles()}
    assert eu_cars == {SMART1_VIN: "#1", SMART5_VIN: "#5"}
    assert intl_cars == {SMART3_VIN: "#3"}
    _all_signed_requests_verified(sim)


async def test_a_wrong_password_raises_invalid_credentials(
    raw_http: httpx.AsyncClient, clock: ManualClock
) -> None:
    for region, email in ((Region.EU, DEMO_EU_EMAIL), (Region.INTL, DEMO_INTL_EMAIL)):
        with pytest.raises(InvalidCredentialsError):
            await _client(raw_http, clock, region).login(email, "wrong")


def _command_cases() -> list[tuple[str, str]]:
    cases = []
    for action in ACTIONS:
        for vin, model in ((SMART1_VIN, "#1"), (SMART5_VIN, "#5")):
            try:
                spec_for(action, _model(model))
            except ValueError:
                continue
            cases.append((action, vin))
    return cases


def _model(text: str) -> Any:
    from bot.smart.models import CarModel

    return CarModel(text)


@pytest.mark.parametrize(("action", "vin"), _command_cases())
async def test_every_client_command_is_accepted_and_verified(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock, action: str, vin: str
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    result = await client.send_command(vin, action, **ARGS.get(action, {}))
    assert result.accepted is True
    assert sim.pending(vin), "an accepted command must be queued for the car"
    _all_signed_requests_verified(sim)


async def test_lock_from_the_client_shows_in_status_after_the_delay(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    await client.unlock(SMART1_VIN)
    assert (await client.get_status(SMART1_VIN)).locked is True
    clock.advance(sim.config.command_delay + 0.1)
    assert (await client.get_status(SMART1_VIN)).locked is False


async def test_an_expired_token_is_renewed_without_the_caller_noticing(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    sim.expire_tokens(DEMO_EU_EMAIL)
    assert (await client.get_status(SMART1_VIN)).battery_percent == 76
    codes = [e.code for e in sim.requests]
    assert "1402" in codes


async def test_an_injected_1402_is_retried_once_after_renewal(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    sim.inject_code("1402", path_contains="/remote-control/vehicle/status/")
    assert (await client.get_status(SMART1_VIN)).battery_percent == 76


async def test_another_selected_car_is_reselected_and_retried(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    await client.get_status(SMART1_VIN)
    sim.select_vehicle(DEMO_EU_EMAIL, SMART5_VIN)
    assert (await client.get_status(SMART1_VIN)).battery_percent == 76
    assert sim.account(DEMO_EU_EMAIL).selected_vin == SMART1_VIN


async def test_a_command_after_the_app_selected_another_car_reaches_the_car_once(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    await client.get_status(SMART1_VIN)
    sim.select_vehicle(DEMO_EU_EMAIL, SMART5_VIN)
    sim.clear_requests()
    assert (await client.unlock(SMART1_VIN)).accepted is True
    puts = [r for r in sim.requests if r.method == "PUT" and "/telematics/" in r.path]
    assert [r.code for r in puts] == ["8006", "1000"], "refused unexecuted, then sent once"
    assert len(sim.pending(SMART1_VIN)) == 1
    assert sim.account(DEMO_EU_EMAIL).selected_vin == SMART1_VIN


@pytest.mark.parametrize(
    ("arm", "error"),
    [
        (lambda s: s.inject_code("8153", count=3), CloudUnavailableError),
        (lambda s: s.inject_code("1445", count=3), SignatureError),
        (lambda s: s.inject_http(429, count=3, retry_after=17), RateLimitedError),
        (lambda s: s.inject_http(500, count=3), CloudUnavailableError),
        (lambda s: s.inject_http(502, count=3), CloudUnavailableError),
        (lambda s: s.drop_connection(count=3), CloudUnavailableError),
    ],
    ids=["8153", "1445", "429", "500", "502-html", "dropped"],
)
async def test_each_fault_surfaces_as_the_matching_client_error(
    raw_http: httpx.AsyncClient,
    sim: Simulator,
    clock: ManualClock,
    arm: Any,
    error: type[Exception],
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    await client.get_status(SMART1_VIN)
    arm(sim)
    with pytest.raises(error) as caught:
        await client.get_status(SMART1_VIN)
    if isinstance(caught.value, RateLimitedError):
        assert caught.value.retry_after == pytest.approx(17, abs=1)


async def test_an_http_401_is_answered_by_renewing_the_session(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    sim.inject_http(401, path_contains="/remote-control/vehicle/status/")
    assert (await client.get_status(SMART1_VIN)).battery_percent == 76
    statuses = [e.status for e in sim.requests if "/vehicle/status/" in e.path]
    assert statuses[:2] == [401, 200]


async def test_a_plain_403_block_surfaces_as_a_refusal_with_its_status(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    sim.inject_http(403, count=3)
    with pytest.raises(SmartAPIError) as caught:
        await client.get_status(SMART1_VIN)
    assert caught.value.http_status == 403


async def test_a_delayed_answer_still_arrives(
    raw_http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    client = await _logged_in(raw_http, clock)
    await client.list_vehicles()
    sim.inject_delay(2.0)
    assert (await client.get_status(SMART1_VIN)).battery_percent == 76
    delayed = [e for e in sim.requests if e.extra.get("fault") == "fault:delay-2.0"]
    assert [e.verdict for e in delayed] == ["verified"]
