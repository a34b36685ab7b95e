"""The OTA call: unsigned request with the app's headers, answers -> `Firmware` or no data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from bot.smart import (
    CloudUnavailableError,
    Firmware,
    RateLimitedError,
    Region,
    SmartAPIError,
    SmartClient,
)
from bot.smart.firmware import OTA_USER_AGENT, parse_firmware
from tests.smart.router import VIN1, VIN5, SmartCloudMock, load

MakeClient = Callable[..., SmartClient]
FULL = "pysmarthashtag/ota_app_info.json"
MINIMAL = "hello_smart_docs/ota_app_info_minimal.json"


def _ota(cloud: SmartCloudMock, *answers: httpx.Response) -> respx.Route:
    route = cloud.on("GET", "ota.srv.smart.com", r"/app/info/(?P<vin>\w{17})", "ota")
    return route.mock(side_effect=list(answers))


def _bootstrap(cloud: SmartCloudMock, answer: httpx.Response | None = None) -> respx.Route:
    route = cloud.on("GET", "socialize.eu1.gigya.com", "/socialize.getIDs", "getIDs")
    return route.mock(
        return_value=answer
        or httpx.Response(200, json={"errorCode": 0, "gmid": "gmid.ver4.ota", "ucid": "u-1"})
    )


async def test_captured_answer_reads_as_up_to_date_and_the_request_is_the_apps(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    _bootstrap(cloud)
    route = _ota(cloud, httpx.Response(200, json=load(FULL)))

    firmware = await client.get_firmware(VIN1)

    assert firmware == Firmware("smart OS 1.5.2 EU", "smart OS 1.5.2 EU", update_available=False)
    request = route.calls.last.request
    assert str(request.url) == f"https://ota.srv.smart.com/app/info/{VIN1}"
    assert "x-signature" not in request.headers
    assert "authorization" not in request.headers
    assert request.headers["access_token"] == "st2.s.oauth-1"  # the Gigya token
    assert request.headers["id-token"] == "0123456789abcdef"  # no id token: the device id
    assert request.headers["user-agent"] == OTA_USER_AGENT
    assert "gmid=gmid.ver4.ota" in request.headers["cookie"]


async def test_a_newer_target_version_is_an_update(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    _bootstrap(cloud)
    _ota(cloud, httpx.Response(200, json=load(MINIMAL)))
    assert await client.get_firmware(VIN1) == Firmware("1.2.3", "1.3.0", update_available=True)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, {"code": "1003"}),  # a #5 without an OTA record
        (403, {"message": "Forbidden"}),  # what INTL sessions get
        (401, {"message": "Unauthorized"}),
        (404, {"message": "Not Found"}),
        (200, {"currentVersion": "", "targetVersion": ""}),
    ],
    ids=["1003", "403", "401", "404", "empty"],
)
async def test_answers_without_ota_data_give_none_and_touch_no_session(
    cloud: SmartCloudMock, client: SmartClient, status: int, body: dict[str, Any]
) -> None:
    _bootstrap(cloud)
    _ota(cloud, httpx.Response(status, json=body))
    assert await client.get_firmware(VIN5) is None
    assert not cloud.routes["exchange@api.ecloudeu.com"].called


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, json={"message": "Internal server error"}),
        httpx.Response(502, text="<html>502 Bad Gateway</html>"),
        httpx.Response(200, text="<html>maintenance</html>"),
    ],
    ids=["500", "502-html", "html"],
)
async def test_server_errors_raise_cloud_unavailable(
    cloud: SmartCloudMock, client: SmartClient, answer: httpx.Response
) -> None:
    _bootstrap(cloud)
    _ota(cloud, answer)
    with pytest.raises(CloudUnavailableError):
        await client.get_firmware(VIN1)


async def test_a_rate_limit_says_how_long_to_wait(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    _bootstrap(cloud)
    _ota(cloud, httpx.Response(429, headers={"retry-after": "120"}))
    with pytest.raises(RateLimitedError) as caught:
        await client.get_firmware(VIN1)
    assert caught.value.retry_after == 120


async def test_intl_accounts_are_not_asked(make_client: MakeClient) -> None:
    with SmartCloudMock(Region.INTL) as cloud:
        client = make_client(Region.INTL)
        assert await client.get_firmware(VIN1) is None
        assert not any(route.called for route in cloud.routes)


async def test_the_bootstrap_cookie_is_fetched_once_and_is_optional(
    cloud: SmartCloudMock, make_client: MakeClient
) -> None:
    ok = httpx.Response(200, json=load(MINIMAL))
    bootstrap = _bootstrap(cloud)
    route = _ota(cloud, ok, ok, ok)
    client = make_client()
    await client.get_firmware(VIN1)
    await client.get_firmware(VIN5)
    assert bootstrap.call_count == 1

    bootstrap.mock(return_value=httpx.Response(503, text="down"))
    cloud.seen_nonces.clear()  # the second client's nonces start over
    other = make_client()
    assert await other.get_firmware(VIN1) == Firmware("1.2.3", "1.3.0", update_available=True)
    assert "cookie" not in route.calls.last.request.headers


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"currentVersion": "1.5", "targetVersion": "1.5", "hasNewAssignment": True},
            Firmware("1.5", "1.5", update_available=True),
        ),
        (
            {"currentVersion": "1.5", "targetVersion": "1.6", "hasNewAssignment": False},
            Firmware("1.5", "1.6", update_available=False),
        ),
        ({"currentVersion": " 1.5 ", "targetVersion": None}, Firmware("1.5", None, False)),
        ({"currentVersion": 15, "targetVersion": "1.6"}, Firmware(None, "1.6", False)),
        (
            {"code": "1000", "data": {"currentVersion": "1", "targetVersion": "2"}},
            Firmware("1", "2", update_available=True),
        ),
        ({}, None),
    ],
)
def test_the_service_flag_wins_and_odd_values_never_raise(
    body: dict[str, Any], expected: Firmware | None
) -> None:
    assert parse_firmware(body) == expected


def test_an_error_code_raises_its_error() -> None:
    with pytest.raises(SmartAPIError) as caught:
        parse_firmware({"code": "8153", "message": "Connection interruption"})
    assert caught.value.code == "8153"
