"""The `/_sim` control API: scenarios, snapshots, accounts, config and the manual clock."""

from __future__ import annotations

import httpx

from bot.simulator import DEMO_EU_EMAIL, Simulator
from tests.simulator.cars import SMART1_VIN, SMART5_VIN, login_car
from tests.simulator.wire import BASE


async def test_a_scenario_over_http_changes_the_car(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    response = await http.post(
        f"{BASE}/_sim/vehicles/{SMART1_VIN}/open_door", json={"door": "trunk"}
    )
    assert response.json()["trunk_open"] is True
    assert sim.vehicle(SMART1_VIN).trunk_open is True


async def test_unknown_scenarios_vins_and_arguments_are_refused(http: httpx.AsyncClient) -> None:
    assert (await http.post(f"{BASE}/_sim/vehicles/{SMART1_VIN}/explode")).status_code == 400
    assert (await http.post(f"{BASE}/_sim/vehicles/NOPE/unplug")).status_code == 404
    bad = await http.post(f"{BASE}/_sim/vehicles/{SMART1_VIN}/open_door", json={"door": "roof"})
    assert bad.status_code == 400


async def test_the_clock_advances_over_http_and_applies_pending_commands(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    sim.plug_in(SMART1_VIN)
    soc_before = sim.vehicle(SMART1_VIN).soc
    await http.post(f"{BASE}/_sim/clock/advance", json={"seconds": 600})
    snapshot = (await http.get(f"{BASE}/_sim/vehicles/{SMART1_VIN}")).json()
    assert snapshot["soc"] > soc_before
    assert car.vin == SMART1_VIN


async def test_accounts_can_be_added_and_another_car_selected(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    added = await http.post(
        f"{BASE}/_sim/accounts",
        json={"email": "new@example.com", "password": "pw", "vehicles": [{"model": "#3"}]},
    )
    emails = [a["email"] for a in added.json()["accounts"]]
    assert "new@example.com" in emails
    await http.post(f"{BASE}/_sim/accounts/{DEMO_EU_EMAIL}/select", json={"vin": SMART5_VIN})
    assert sim.account(DEMO_EU_EMAIL).selected_vin == SMART5_VIN


async def test_config_changes_the_command_delay(http: httpx.AsyncClient, sim: Simulator) -> None:
    response = await http.put(f"{BASE}/_sim/config", json={"command_delay": 0.5})
    assert response.json()["command_delay"] == 0.5
    assert sim.config.command_delay == 0.5
    assert (await http.put(f"{BASE}/_sim/config", json={"warp": 9})).status_code == 400


async def test_sessions_can_be_expired_over_http(http: httpx.AsyncClient) -> None:
    car = await login_car(http, SMART1_VIN)
    expired = await http.post(f"{BASE}/_sim/sessions/expire", json={"email": DEMO_EU_EMAIL})
    assert expired.json()["expired"] == 1
    assert (await car.status())["code"] == "1402"


async def test_unknown_hosts_are_not_served(http: httpx.AsyncClient) -> None:
    assert (await http.get(f"{BASE}/evil.example.com/anything")).status_code == 404
