from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.smart import (
    CarModel,
    CloudUnavailableError,
    Endpoints,
    RateLimitedError,
    Region,
    SmartClient,
    TokenExpiredError,
    Tokens,
    VehicleNotLinkedError,
    VehicleNotSelectedError,
)
from tests.smart.router import VIN1, VIN5, Clock, Nonces, SmartCloudMock, envelope, make_tokens

MakeClient = Callable[..., SmartClient]


async def test_vehicle_list_detects_models_and_is_read_from_the_v1_host(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    vehicles = await client.list_vehicles()
    assert [(v.vin, v.model) for v in vehicles] == [
        (VIN1, CarModel.SMART_1),
        (VIN5, CarModel.SMART_5),
    ]
    request = cloud.routes["vehicles"].calls.last.request
    assert request.url.query == b"needSharedCar=1&userId=112233"
    assert request.headers["authorization"] == "api-token-1"
    assert "X-Vehicle-IDENTIFIER" not in request.headers


async def test_status_selects_the_vehicle_then_sends_the_vin_binding_headers(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    status = await client.get_status(VIN1)
    assert status.battery_percent == 89
    select = cloud.routes["select@api.ecloudeu.com"].calls.last.request
    assert json.loads(select.content) == {
        "vin": VIN1,
        "sessionToken": "api-token-1",
        "language": "",
    }
    assert "x-vehicle-identifier" not in select.headers
    request = cloud.routes["status@api.ecloudeu.com"].calls.last.request
    assert request.url.query == b"latest=true&target=basic%2Cmore&userId=112233"
    assert request.headers["x-vehicle-identifier"] == VIN1
    assert request.headers["x-vehicle-series"] == VIN1  # url-quoted matCode of the fixture
    # A second read does not select again.
    await client.get_status(VIN1)
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 1


async def test_smart_5_uses_the_apiv2_host_after_the_vehicle_list(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    status = await client.get_status(VIN5)
    assert status.battery_percent == 89
    assert cloud.routes["select@apiv2.ecloudeu.com"].called
    assert cloud.routes["status@apiv2.ecloudeu.com"].called
    assert not cloud.routes["status@api.ecloudeu.com"].called
    assert cloud.routes["vehicles"].called


async def test_expired_token_is_re_exchanged_and_the_call_retried_once(
    cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    seen: list[Tokens] = []

    async def on_tokens(tokens: Tokens) -> None:
        seen.append(tokens)

    client = make_client(on_tokens=on_tokens)
    await client.get_status(VIN1)
    cloud.expire_token()
    status = await client.get_status(VIN1)
    assert status.battery_percent == 89
    assert cloud.routes["exchange@api.ecloudeu.com"].call_count == 1
    assert not cloud.routes["refresh"].called
    assert [t.access_token for t in seen] == ["api-token-2"]
    assert client.tokens is not None
    assert client.tokens.access_token == "api-token-2"
    # The new session token is re-bound to the vehicle before the retry.
    select = cloud.routes["select@api.ecloudeu.com"].calls.last.request
    assert json.loads(select.content)["sessionToken"] == "api-token-2"


async def test_main_token_expiry_uses_the_refresh_put_then_the_exchange(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    cloud.expire_main_token()
    status = await client.get_status(VIN1)
    assert status.battery_percent == 89
    refresh = cloud.routes["refresh"].calls.last.request
    assert refresh.headers["x-client-id"] == make_tokens().client_id
    assert "authorization" not in refresh.headers
    assert refresh.url.query == b""
    assert client.tokens is not None
    assert client.tokens.oauth_access_token == "st2.s.oauth-refreshed"


async def test_a_token_rejected_again_after_renewal_is_not_retried_twice(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    cloud.routes["status@api.ecloudeu.com"].mock(
        return_value=httpx.Response(200, json=envelope("1402", "Token expired"))
    )
    with pytest.raises(TokenExpiredError):
        await client.get_status(VIN1)
    assert cloud.routes["status@api.ecloudeu.com"].call_count == 2
    assert cloud.routes["exchange@api.ecloudeu.com"].call_count == 1


async def test_http_401_triggers_the_same_renewal(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    route = cloud.routes["vehicles"]
    original: Any = route.side_effect
    route.side_effect = [httpx.Response(401), original]
    assert len(await client.list_vehicles()) == 2
    assert cloud.routes["exchange@api.ecloudeu.com"].call_count == 1


async def test_concurrent_calls_share_one_renewal(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    await client.list_vehicles()
    cloud.expire_token()
    results = await asyncio.gather(*(client.list_vehicles() for _ in range(4)))
    assert all(len(vehicles) == 2 for vehicles in results)
    assert cloud.routes["exchange@api.ecloudeu.com"].call_count == 1


async def test_vehicle_selected_elsewhere_is_re_selected_and_retried_once(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    await client.get_status(VIN1)
    cloud.select_elsewhere()
    assert (await client.get_status(VIN1)).locked is True
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 2


async def test_persistent_8006_raises_after_one_re_selection(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    cloud.routes["status@api.ecloudeu.com"].mock(
        return_value=httpx.Response(200, json=envelope("4038", "Current vehicle is not in use"))
    )
    with pytest.raises(VehicleNotSelectedError):
        await client.get_status(VIN1)
    assert cloud.routes["status@api.ecloudeu.com"].call_count == 2


async def test_charge_target_comes_from_the_soc_endpoint(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    assert await client.get_charge_target(VIN1) == 80
    assert cloud.routes["soc@api.ecloudeu.com"].calls.last.request.url.query == b"setting=charging"
    status = await client.get_status(VIN1, with_charge_target=True)
    assert status.charge_target_percent == 80


@pytest.mark.parametrize("code", ["1405", "8153"])
async def test_missing_charge_target_is_none(
    cloud: SmartCloudMock, client: SmartClient, code: str
) -> None:
    cloud.soc_body = envelope(code, "no data")
    assert await client.get_charge_target(VIN1) is None


async def test_status_errors_pass_through_typed(cloud: SmartCloudMock, client: SmartClient) -> None:
    cloud.routes["status@api.ecloudeu.com"].mock(
        return_value=httpx.Response(429, headers={"retry-after": "30"})
    )
    with pytest.raises(RateLimitedError) as caught:
        await client.get_status(VIN1)
    assert caught.value.retry_after == 30
    cloud.routes["status@api.ecloudeu.com"].mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(CloudUnavailableError):
        await client.get_status(VIN1)


async def test_unknown_vin_raises_not_linked(cloud: SmartCloudMock, client: SmartClient) -> None:
    with pytest.raises(VehicleNotLinkedError):
        await client.get_status("WMEEJ9AA7FK812345")


async def test_without_tokens_or_credentials_calls_ask_for_a_login(
    cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    with pytest.raises(TokenExpiredError):
        await make_client(tokens=None).list_vehicles()
    assert not cloud.calls


def test_tokens_of_another_region_are_refused() -> None:
    with pytest.raises(ValueError, match="region"):
        SmartClient(Region.INTL, tokens=make_tokens(Region.EU))


async def test_the_simulator_endpoint_prefixes_hosts_and_still_verifies(clock: Clock) -> None:
    endpoints = Endpoints.local("http://127.0.0.1:8787")
    with SmartCloudMock(Region.EU, endpoints=endpoints) as cloud:
        async with SmartClient(
            Region.EU, tokens=make_tokens(), endpoints=endpoints, clock=clock, nonce=Nonces()
        ) as client:
            status = await client.get_status(VIN5)
        url = str(cloud.calls.last.request.url)
    assert status.odometer_km == 1904.0
    assert "/remote-control/vehicle/status/TestVIN0000000002" in cloud.signed_paths
    assert url.startswith("http://127.0.0.1:8787/apiv2.ecloudeu.com/remote-control/")
