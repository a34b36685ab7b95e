from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from bot.smart import (
    InvalidCredentialsError,
    RateLimitedError,
    SmartClient,
    TokenExpiredError,
    Tokens,
)
from bot.smart.const import Region
from tests.smart.router import (
    EMAIL,
    PASSWORD,
    VIN1,
    Clock,
    SmartCloudMock,
    load,
    make_tokens,
)

MakeClient = Callable[..., SmartClient]
GIGYA_LOGIN = load("pysmarthashtag/eu_gigya_accounts_login.json")


@pytest.fixture
def eu_cloud(cloud: SmartCloudMock) -> SmartCloudMock:
    cloud.add_eu_login_routes()
    return cloud


@pytest.fixture
def intl_cloud() -> Iterator[SmartCloudMock]:
    with SmartCloudMock(Region.INTL) as router:
        router.add_intl_login_routes()
        yield router


async def test_eu_login_walks_the_whole_chain_and_returns_storable_tokens(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    stored: list[Tokens] = []

    async def on_tokens(tokens: Tokens) -> None:
        stored.append(tokens)

    client = make_client(tokens=None, on_tokens=on_tokens)
    tokens = await client.login(EMAIL, PASSWORD)

    assert tokens.access_token == "api-token-2"
    assert tokens.user_id == "112233"
    assert tokens.client_id == "APPLE0000APP00IPHONE241P10804023"
    assert tokens.oauth_access_token == eu_cloud.oauth_token
    assert tokens.oauth_refresh_token.startswith("st2.s.")
    assert tokens.id_token.startswith("eyJ")
    assert re.fullmatch(r"[0-9a-f]{16}", tokens.device_id)
    assert Tokens.from_json(tokens.to_json()) == tokens
    assert stored == [tokens]
    assert client.tokens == tokens
    assert PASSWORD not in tokens.to_json()

    login = eu_cloud.routes["accounts.login"].calls.last.request
    form = parse_qs(login.content.decode())
    assert form["loginID"] == [EMAIL]
    assert form["include"] == ["profile,data,emails,subscriptions,preferences,"]
    assert login.headers["origin"] == "https://app.id.smart.com"
    assert "gmid=gmid.ver4.test; ucid=ucid-test; hasGmid=ver4" in login.headers["cookie"]
    continued = eu_cloud.routes["continue"].calls.last.request
    assert continued.url.params["login_token"] == GIGYA_LOGIN["sessionInfo"]["login_token"]
    assert continued.url.params["context"].startswith("eu1_tk1.")
    exchange = eu_cloud.routes["exchange@api.ecloudeu.com"].calls.last.request
    assert exchange.url.query == b"identity_type=smart"
    assert "authorization" not in exchange.headers
    assert json.loads(exchange.content) == {"accessToken": eu_cloud.oauth_token}
    assert exchange.headers["x-device-identifier"] == tokens.device_id


async def test_eu_login_then_reads_the_vehicle_list(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    client = make_client(tokens=None)
    await client.login(EMAIL, PASSWORD)
    vehicles = await client.list_vehicles()
    assert [vehicle.vin for vehicle in vehicles] == [VIN1, "TestVIN0000000002"]


async def test_wrong_password_raises_invalid_credentials_with_the_clouds_reason(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    client = make_client(tokens=None)
    with pytest.raises(InvalidCredentialsError) as caught:
        await client.login(EMAIL, "wrong password")
    assert caught.value.message == "invalid loginID or password"
    assert caught.value.code == "403042"
    assert "wrong password" not in f"{caught.value} {caught.value!r}"
    assert client.tokens is None


async def test_gigya_400006_block_raises_rate_limited(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    eu_cloud.routes["getIDs"].mock(
        return_value=httpx.Response(200, json={"errorCode": 0, "gmid": "other", "ucid": "u"})
    )
    with pytest.raises(RateLimitedError) as caught:
        await make_client(tokens=None).login(EMAIL, PASSWORD)
    assert caught.value.code == "400006"
    assert caught.value.retry_after > 0


async def test_gateway_403_raises_rate_limited_and_pauses_further_logins(
    eu_cloud: SmartCloudMock, make_client: MakeClient, clock: Clock
) -> None:
    authorize = eu_cloud.routes["authorize"]
    authorize.mock(return_value=httpx.Response(403, json={"message": "Forbidden"}))
    client = make_client(tokens=None)
    with pytest.raises(RateLimitedError) as first:
        await client.login(EMAIL, PASSWORD)
    assert first.value.http_status == 403
    with pytest.raises(RateLimitedError) as second:
        await client.login(EMAIL, PASSWORD)
    assert authorize.call_count == 1  # the second attempt never reached the gateway
    assert 0 < second.value.retry_after <= 120
    clock.now += 121
    authorize.mock(return_value=httpx.Response(500))
    with pytest.raises(Exception):  # noqa: B017, PT011 (only the call count matters)
        await client.login(EMAIL, PASSWORD)
    assert authorize.call_count == 2


async def test_error_redirect_is_surfaced_with_its_message(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    eu_cloud.routes["continue"].mock(
        return_value=httpx.Response(
            302,
            headers={
                "location": "https://app.id.smart.com/proxy?mode=error&errorCode=403047"
                "&errorMessage=Account+is+disabled"
            },
        )
    )
    with pytest.raises(InvalidCredentialsError, match="Account is disabled"):
        await make_client(tokens=None).login(EMAIL, PASSWORD)


async def test_redirect_to_a_foreign_host_is_refused(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    eu_cloud.routes["authorize"].mock(
        return_value=httpx.Response(302, headers={"location": "https://evil.example.com/x"})
    )
    with pytest.raises(Exception, match="outside the Smart cloud"):
        await make_client(tokens=None).login(EMAIL, PASSWORD)


async def test_intl_login_exchanges_the_iam_code_on_apiv2(
    intl_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    client = make_client(Region.INTL, tokens=None)
    tokens = await client.login(EMAIL, PASSWORD)
    assert tokens.region is Region.INTL
    assert tokens.oauth_access_token == "iam-access"
    assert tokens.id_token == "iam-id"
    assert tokens.access_token == "api-token-2"
    assert re.fullmatch(r"[0-9a-f]{32}", tokens.device_id)
    exchange = intl_cloud.routes["exchange@apiv2.ecloudeu.com"].calls.last.request
    assert exchange.url.query == b"identity_type=smart-israel"
    assert json.loads(exchange.content) == {"authCode": "CODE-TEST"}
    assert exchange.headers["x-app-id"] == "SMARTAPP-ISRAEL"
    assert not intl_cloud.routes["exchange@api.ecloudeu.com"].called
    authorize = intl_cloud.routes["iam-authorize"].calls.last.request
    assert authorize.headers["xs-auth-token"] == "iam-id"


async def test_intl_wrong_password_raises_invalid_credentials(
    intl_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    with pytest.raises(InvalidCredentialsError, match="Incorrect account or password"):
        await make_client(Region.INTL, tokens=None).login(EMAIL, "nope")


async def test_without_a_password_an_unrenewable_session_asks_to_log_in_again(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    cloud.expire_main_token()
    cloud.refresh_token = "rotated-elsewhere"
    with pytest.raises(TokenExpiredError, match="log in again"):
        await client.get_status(VIN1)


async def test_full_login_rung_uses_the_credentials_provider_and_keeps_the_device(
    eu_cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    asked: list[int] = []

    async def credentials() -> tuple[str, str]:
        asked.append(1)
        return EMAIL, PASSWORD

    client = make_client(credentials=credentials)
    eu_cloud.expire_main_token()
    eu_cloud.refresh_token = "rotated-elsewhere"
    status = await client.get_status(VIN1)
    assert status.battery_percent == 89
    assert asked == [1]
    assert eu_cloud.routes["accounts.login"].call_count == 1
    assert client.tokens is not None
    assert client.tokens.device_id == make_tokens().device_id


async def test_failing_automatic_login_is_not_retried_in_a_tight_loop(
    eu_cloud: SmartCloudMock, make_client: MakeClient, clock: Clock
) -> None:
    async def credentials() -> tuple[str, str]:
        return EMAIL, "changed in the app"

    client = make_client(credentials=credentials)
    eu_cloud.expire_main_token()
    eu_cloud.refresh_token = "rotated-elsewhere"
    with pytest.raises(InvalidCredentialsError):
        await client.get_status(VIN1)
    with pytest.raises(RateLimitedError):
        await client.get_status(VIN1)
    assert eu_cloud.routes["accounts.login"].call_count == 1
    clock.now += 61
    with pytest.raises(InvalidCredentialsError):
        await client.get_status(VIN1)
    assert eu_cloud.routes["accounts.login"].call_count == 2


async def test_login_logs_neither_password_nor_tokens(
    eu_cloud: SmartCloudMock, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="bot.smart")
    client = make_client(tokens=None)
    tokens = await client.login(EMAIL, PASSWORD)
    await client.get_status(VIN1)
    assert caplog.records  # the client does log its requests
    for secret in (PASSWORD, tokens.access_token, tokens.oauth_access_token, VIN1):
        assert secret not in caplog.text
