"""The OTA host: the captured answer shape, who may ask, software offers, and the client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.simulator.model import DEFAULT_FIRMWARE
from bot.smart import CloudUnavailableError, Endpoints, Firmware, Region, SmartClient
from tests.fixture_files import smart_fixture
from tests.simulator.cars import SMART1_VIN, SMART3_VIN, SMART5_VIN
from tests.simulator.wire import BASE, eu_login, intl_login

CAPTURE = smart_fixture("pysmarthashtag/ota_app_info.json")


def _url(vin: str) -> str:
    return f"{BASE}/ota.srv.smart.com/app/info/{vin}"


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


async def test_the_answer_has_the_captured_shape_and_key_order(
    http: httpx.AsyncClient,
) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    response = await http.get(_url(SMART1_VIN), headers={"access_token": session.oauth_token})
    assert response.status_code == 200
    body = response.json()
    assert _shape(body) == _shape(CAPTURE)
    assert list(body) == list(CAPTURE)
    assert (body["currentVersion"], body["targetVersion"]) == (DEFAULT_FIRMWARE, DEFAULT_FIRMWARE)
    assert body["hasNewAssignment"] is False


async def test_callers_need_a_live_eu_token_for_their_own_car(http: httpx.AsyncClient) -> None:
    eu = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    intl = await intl_login(http, DEMO_INTL_EMAIL, DEMO_PASSWORD)
    answers = {
        "no token": await http.get(_url(SMART1_VIN)),
        "unknown token": await http.get(_url(SMART1_VIN), headers={"access_token": "st2.s.x"}),
        "api session token": await http.get(
            _url(SMART1_VIN), headers={"access_token": eu.access_token}
        ),
        "intl": await http.get(_url(SMART3_VIN), headers={"access_token": intl.access_token}),
        "other account's car": await http.get(
            _url(SMART3_VIN), headers={"access_token": eu.oauth_token}
        ),
        "#5": await http.get(_url(SMART5_VIN), headers={"access_token": eu.oauth_token}),
    }
    assert {name: r.status_code for name, r in answers.items()} == {
        "no token": 401,
        "unknown token": 401,
        "api session token": 200,
        "intl": 403,
        "other account's car": 403,
        "#5": 200,
    }
    assert answers["#5"].json() == {"code": "1003"}


@pytest.fixture
async def client(sim: Simulator, clock: ManualClock) -> AsyncIterator[SmartClient]:
    """The bot's client, logged in to the EU demo account on the simulator."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        smart = SmartClient(Region.EU, endpoints=Endpoints.local(BASE), http=http, clock=clock.now)
        await smart.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
        yield smart


async def test_an_offered_version_reaches_the_client_until_it_is_installed(
    sim: Simulator, client: SmartClient
) -> None:
    assert await client.get_firmware(SMART1_VIN) == Firmware(
        DEFAULT_FIRMWARE, DEFAULT_FIRMWARE, update_available=False
    )
    stamp = sim.vehicle(SMART1_VIN).updated_at
    sim.advance(60)
    sim.offer_update(SMART1_VIN, "smart OS 1.6.0 EU")
    assert sim.vehicle(SMART1_VIN).updated_at == stamp  # an OTA assignment is no car upload
    assert await client.get_firmware(SMART1_VIN) == Firmware(
        DEFAULT_FIRMWARE, "smart OS 1.6.0 EU", update_available=True
    )
    sim.install_update(SMART1_VIN)
    assert await client.get_firmware(SMART1_VIN) == Firmware(
        "smart OS 1.6.0 EU", "smart OS 1.6.0 EU", update_available=False
    )
    ota = [e for e in sim.requests if e.host == "ota.srv.smart.com"]
    assert {(e.verdict, e.status) for e in ota} == {("unsigned", 200)}


async def test_a_smart_5_has_no_ota_record_until_an_update_is_offered(
    sim: Simulator, client: SmartClient
) -> None:
    assert await client.get_firmware(SMART5_VIN) is None
    sim.offer_update(SMART5_VIN, "smart OS 2.0 EU")
    assert await client.get_firmware(SMART5_VIN) == Firmware(
        DEFAULT_FIRMWARE, "smart OS 2.0 EU", update_available=True
    )


async def test_a_server_error_on_the_ota_host_reaches_the_client_as_unavailable(
    sim: Simulator, client: SmartClient
) -> None:
    sim.inject_http(500, path_contains="/app/info")
    with pytest.raises(CloudUnavailableError):
        await client.get_firmware(SMART1_VIN)
    assert (await client.get_firmware(SMART1_VIN)) is not None


async def test_offers_can_be_made_through_the_control_api(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    response = await http.post(
        f"{BASE}/_sim/vehicles/{SMART1_VIN}/offer_update", json={"version": "smart OS 1.7 EU"}
    )
    assert response.status_code == 200
    assert response.json()["firmware_target"] == "smart OS 1.7 EU"
    assert sim.vehicle(SMART1_VIN).update_offered
    empty = await http.post(f"{BASE}/_sim/vehicles/{SMART1_VIN}/offer_update", json={"version": ""})
    assert empty.status_code == 400
