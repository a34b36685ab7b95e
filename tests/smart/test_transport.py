from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import respx

from bot.smart.const import EMPTY_BODY_MD5, Region
from bot.smart.endpoints import Endpoints
from bot.smart.errors import (
    CloudUnavailableError,
    RateLimitedError,
    SignatureError,
    SmartAPIError,
    TokenExpiredError,
)
from bot.smart.headers import new_device_id, new_nonce
from bot.smart.signing import body_md5, sign
from bot.smart.transport import Transport
from tests.smart.router import NOW, Clock, Nonces

MakeTransport = Callable[..., Transport]

API = "https://api.ecloudeu.com"
PATH = "/remote-control/vehicle/status/TestVIN0000000001"
OK = {"code": "1000", "data": {}, "success": True}

EU_HEADERS = {
    "x-app-id": "SmartAPPEU",
    "accept": "application/json;responseformat=3",
    "x-agent-type": "iOS",
    "x-device-type": "mobile",
    "x-operator-code": "SMART",
    "x-device-identifier": "0123456789abcdef",
    "x-env-type": "production",
    "x-version": "smartNew",
    "accept-language": "en_US",
    "x-api-signature-version": "1.0",
    "x-device-manufacture": "Apple",
    "x-device-brand": "Apple",
    "x-device-model": "iPhone",
    "x-agent-version": "17.1",
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Hello smart/1.4.0 (iPhone; iOS 17.1; Scale/3.00)",
    "authorization": "api-token-1",
}


@pytest.fixture
async def make_transport() -> AsyncIterator[Callable[..., Transport]]:
    made: list[Transport] = []

    def factory(region: Region = Region.EU, **kwargs: object) -> Transport:
        options: dict[str, object] = {
            "endpoints": Endpoints.real(),
            "http": None,
            "clock": Clock(),
            "nonce": Nonces(),
        }
        options.update(kwargs)
        transport = Transport(region, **options)  # type: ignore[arg-type]
        made.append(transport)
        return transport

    yield factory
    for transport in made:
        await transport.aclose()


async def _call(transport: Transport, **kwargs: object) -> dict[str, object]:
    options: dict[str, object] = {"device_id": "0123456789abcdef", "access_token": "api-token-1"}
    options.update(kwargs)
    return await transport.call("GET", "api.ecloudeu.com", PATH, **options)  # type: ignore[arg-type]


@respx.mock
async def test_eu_request_carries_exactly_the_reference_headers(
    make_transport: MakeTransport,
) -> None:
    route = respx.get(f"{API}{PATH}").mock(return_value=httpx.Response(200, json=OK))
    await _call(make_transport(), params={"userId": "112233"})
    sent = route.calls.last.request.headers
    for name, value in EU_HEADERS.items():
        assert sent[name] == value, name
    assert sent["x-api-signature-nonce"] == "0000000000000001"
    assert sent["x-timestamp"] == str(int(NOW * 1000))
    assert "x-client-id" not in sent
    assert "platform" not in sent


@respx.mock
async def test_intl_request_uses_the_intl_identity_and_secret(
    make_transport: MakeTransport,
) -> None:
    route = respx.get(f"{API}{PATH}").mock(return_value=httpx.Response(200, json=OK))
    nonce = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
    transport = make_transport(Region.INTL, nonce=lambda: nonce)
    await _call(transport, device_id="0" * 32, client_id="client-7")
    request = route.calls.last.request
    sent = request.headers
    assert sent["x-app-id"] == "SMARTAPP-ISRAEL"
    assert sent["x-operator-code"] == "SMART-ISRAEL"
    assert sent["content-type"] == "application/json"
    assert sent["x-agent-version"] == "18.6.1"
    assert sent["platform"] == "NON-CMA"
    assert sent["x-client-id"] == "client-7"
    assert "x-version" not in sent
    expected = sign(
        Region.INTL,
        method="GET",
        path=PATH,
        query="",
        body=b"",
        nonce=nonce,
        timestamp=sent["x-timestamp"],
    )
    assert sent["x-signature"] == expected


def test_device_ids_and_nonces_have_the_regional_format() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", new_device_id(Region.EU))
    assert re.fullmatch(r"[0-9a-f]{32}", new_device_id(Region.INTL))
    assert re.fullmatch(r"[0-9a-f]{16}", new_nonce(Region.EU))
    assert re.fullmatch(
        r"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[0-9A-F]{4}-[0-9A-F]{12}", new_nonce(Region.INTL)
    )


@respx.mock
async def test_query_in_url_is_the_sorted_encoded_string_that_was_signed(
    make_transport: MakeTransport,
) -> None:
    route = respx.get(f"{API}{PATH}").mock(return_value=httpx.Response(200, json=OK))
    await _call(
        make_transport(), params={"userId": "112233", "target": "basic,more", "latest": True}
    )
    request = route.calls.last.request
    query = "latest=true&target=basic%2Cmore&userId=112233"
    assert request.url.query.decode() == query
    expected = sign(
        Region.EU,
        method="GET",
        path=PATH,
        query=query,
        body=b"",
        nonce=request.headers["x-api-signature-nonce"],
        timestamp=request.headers["x-timestamp"],
    )
    assert request.headers["x-signature"] == expected
    assert body_md5(request.content) == EMPTY_BODY_MD5


@respx.mock
async def test_body_is_compact_json_and_those_bytes_are_signed(
    make_transport: MakeTransport,
) -> None:
    route = respx.put(f"{API}{PATH}").mock(return_value=httpx.Response(200, json=OK))
    transport = make_transport()
    await transport.call(
        "PUT",
        "api.ecloudeu.com",
        PATH,
        device_id="0123456789abcdef",
        payload={"serviceId": "RDL_2", "note": "a b", "n": None},
    )
    request = route.calls.last.request
    assert request.content == b'{"serviceId":"RDL_2","note":"a b","n":null}'
    expected = sign(
        Region.EU,
        method="PUT",
        path=PATH,
        query="",
        body=request.content,
        nonce=request.headers["x-api-signature-nonce"],
        timestamp=request.headers["x-timestamp"],
    )
    assert request.headers["x-signature"] == expected
    assert "authorization" not in request.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [("17", 17.0), ("Tue, 23 Jan 2024 16:45:30 GMT", 90.0), (None, 60.0)],
)
@respx.mock
async def test_429_raises_rate_limited_with_the_retry_after_wait(
    make_transport: MakeTransport, header: str | None, expected: float
) -> None:
    headers = {"retry-after": header} if header else {}
    respx.get(f"{API}{PATH}").mock(return_value=httpx.Response(429, headers=headers, text="slow"))
    with pytest.raises(RateLimitedError) as caught:
        await _call(make_transport())
    assert caught.value.retry_after == pytest.approx(expected)
    assert caught.value.http_status == 429


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(502, text="<html><body>Bad gateway</body></html>"), CloudUnavailableError),
        (
            httpx.Response(200, text="<!DOCTYPE html><html>maintenance</html>"),
            CloudUnavailableError,
        ),
        (httpx.Response(200, json=["not", "an", "object"]), CloudUnavailableError),
        (httpx.Response(401, text=""), TokenExpiredError),
        (httpx.Response(403, text="Limit Exceeded: quota reached"), RateLimitedError),
        (
            httpx.Response(200, json={"code": "8153", "message": "Connection interruption"}),
            CloudUnavailableError,
        ),
        (
            httpx.Response(200, json={"code": "1445", "message": "Check signature error"}),
            SignatureError,
        ),
        (httpx.Response(200, json={"code": "9999", "message": "new"}), SmartAPIError),
    ],
    ids=["502-html", "200-html", "json-list", "401", "403-quota", "8153", "1445", "unknown"],
)
@respx.mock
async def test_failures_become_typed_errors(
    make_transport: MakeTransport, response: httpx.Response, error: type[SmartAPIError]
) -> None:
    respx.get(f"{API}{PATH}").mock(return_value=response)
    with pytest.raises(error) as caught:
        await _call(make_transport())
    assert type(caught.value) is error


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("slow"), httpx.ConnectError("refused")], ids=type
)
@respx.mock
async def test_timeouts_and_connection_errors_do_not_leak_httpx(
    make_transport: MakeTransport, failure: httpx.HTTPError
) -> None:
    respx.get(f"{API}{PATH}").mock(side_effect=failure)
    with pytest.raises(CloudUnavailableError) as caught:
        await _call(make_transport())
    assert not isinstance(caught.value, httpx.HTTPError)


@respx.mock
async def test_hosts_outside_the_allowlist_are_refused_before_sending(
    make_transport: MakeTransport,
) -> None:
    catch_all = respx.route().mock(return_value=httpx.Response(200, json=OK))
    transport = make_transport()
    with pytest.raises(SmartAPIError):
        await transport.call("GET", "evil.example.com", "/x", device_id="d")
    assert not catch_all.called


def test_local_endpoints_only_accept_loopback_addresses() -> None:
    assert Endpoints.local("http://127.0.0.1:8787").is_local
    assert Endpoints.local("http://localhost:1").is_local
    with pytest.raises(SmartAPIError):
        Endpoints.local("http://10.0.0.5:8787")
    with pytest.raises(SmartAPIError):
        Endpoints.local("ftp://127.0.0.1")


@respx.mock
async def test_simulator_prefix_is_not_part_of_the_signed_path(
    make_transport: MakeTransport,
) -> None:
    route = respx.get(f"http://127.0.0.1:8787/api.ecloudeu.com{PATH}").mock(
        return_value=httpx.Response(200, json=OK)
    )
    transport = make_transport(endpoints=Endpoints.local("http://127.0.0.1:8787"))
    await _call(transport)
    headers = route.calls.last.request.headers
    assert headers["x-signature"] == sign(
        Region.EU,
        method="GET",
        path=PATH,
        query="",
        body=b"",
        nonce=headers["x-api-signature-nonce"],
        timestamp=headers["x-timestamp"],
    )


@respx.mock
async def test_a_shared_client_is_borrowed_and_its_cookie_jar_never_sent(
    make_transport: MakeTransport,
) -> None:
    route = respx.get(f"{API}{PATH}").mock(return_value=httpx.Response(200, json=OK))
    async with httpx.AsyncClient() as shared:
        shared.cookies.set("glt_other_account", "secret-login-token", domain="api.ecloudeu.com")
        transport = make_transport(http=shared)
        await _call(transport)
        await transport.aclose()
        assert "cookie" not in route.calls.last.request.headers
        assert not shared.is_closed


async def test_an_own_client_is_closed_with_the_transport(make_transport: MakeTransport) -> None:
    transport = make_transport()
    await transport.aclose()
    assert transport._http.is_closed
