"""The simulator verifies signatures the way the cloud does: what is refused, and with what."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, Simulator
from bot.smart.const import Region
from tests.simulator.wire import BASE, call, eu_login, signed_headers

LIST = "/device-platform/user/vehicle/secure"


async def _list(http: httpx.AsyncClient, **options: Any) -> dict[str, object]:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    params = {"needSharedCar": 1, "userId": session.user_id}
    response = await call(
        http, Region.EU, "GET", LIST, params=params, token=session.access_token, **options
    )
    body: dict[str, object] = response.json()
    return body


async def test_a_correctly_signed_request_is_verified_and_answered(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    body = await _list(http)
    assert body["code"] == "1000"
    assert sim.requests[-1].verdict == "verified"


async def test_a_request_signed_with_the_wrong_secret_gets_1445(http: httpx.AsyncClient) -> None:
    body = await _list(http, secret_region=Region.INTL)
    assert body["code"] == "1445"
    assert body["message"] == "Check signature error"


async def test_an_unsorted_query_signed_as_sent_gets_1445(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    query = f"userId={session.user_id}&needSharedCar=1"  # keys not in ascending order
    headers = signed_headers(
        Region.EU, method="GET", path=LIST, query=query, token=session.access_token
    )
    response = await http.get(f"{BASE}/api.ecloudeu.com{LIST}?{query}", headers=headers)
    assert response.json()["code"] == "1445"
    assert sim.requests[-1].verdict.startswith("rejected 1445")


async def test_an_unencoded_comma_signed_raw_gets_1445(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    vin = next(iter(await _vins(http, session.user_id, session.access_token)))
    await call(
        http,
        Region.EU,
        "POST",
        "/device-platform/user/session/update",
        body={"vin": vin, "sessionToken": session.access_token, "language": ""},
        token=session.access_token,
    )
    path = f"/remote-control/vehicle/status/{vin}"
    query = f"latest=true&target=basic,more&userId={session.user_id}"
    headers = signed_headers(
        Region.EU, method="GET", path=path, query=query, token=session.access_token
    )
    response = await http.get(f"{BASE}/api.ecloudeu.com{path}?{query}", headers=headers)
    assert response.json()["code"] == "1445"


async def _vins(http: httpx.AsyncClient, user_id: str, token: str) -> list[str]:
    response = await call(
        http, Region.EU, "GET", LIST, params={"needSharedCar": 1, "userId": user_id}, token=token
    )
    return [car["vin"] for car in response.json()["data"]["list"]]


async def test_a_body_reserialised_after_signing_gets_1445(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    payload = {"vin": "HESXR1C46PS000101", "sessionToken": session.access_token, "language": ""}
    signed = json.dumps(payload, separators=(",", ":")).encode()
    sent = json.dumps(payload).encode()  # with spaces, as another JSON library would write it
    path = "/device-platform/user/session/update"
    headers = signed_headers(
        Region.EU,
        method="POST",
        path=path,
        body=sent,
        sign_body=signed,
        token=session.access_token,
    )
    response = await http.post(f"{BASE}/api.ecloudeu.com{path}", content=sent, headers=headers)
    assert response.json()["code"] == "1445"


async def test_the_signature_covers_the_real_path_not_the_simulator_prefix(
    http: httpx.AsyncClient,
) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    query = f"needSharedCar=1&userId={session.user_id}"
    prefixed = f"/api.ecloudeu.com{LIST}"
    headers = signed_headers(
        Region.EU, method="GET", path=prefixed, query=query, token=session.access_token
    )
    response = await http.get(f"{BASE}{prefixed}?{query}", headers=headers)
    assert response.json()["code"] == "1445"


async def test_a_stale_timestamp_gets_1442(http: httpx.AsyncClient) -> None:
    stale = str(int((time.time() - 3600) * 1000))
    body = await _list(http, timestamp=stale)
    assert body["code"] == "1442"


async def test_a_repeated_nonce_gets_1443(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    params = {"needSharedCar": 1, "userId": session.user_id}
    first = await call(
        http, Region.EU, "GET", LIST, params=params, token=session.access_token, nonce="abc123"
    )
    again = await call(
        http, Region.EU, "GET", LIST, params=params, token=session.access_token, nonce="abc123"
    )
    assert first.json()["code"] == "1000"
    assert again.json()["code"] == "1443"


async def test_an_intl_app_id_with_the_eu_operator_code_is_refused(
    http: httpx.AsyncClient,
) -> None:
    headers = signed_headers(Region.INTL, method="GET", path=LIST)
    headers["x-operator-code"] = "SMART"
    response = await http.get(f"{BASE}/api.ecloudeu.com{LIST}", headers=headers)
    assert response.json()["code"] == "1400"


async def test_an_unknown_app_id_is_refused(http: httpx.AsyncClient) -> None:
    headers = signed_headers(Region.EU, method="GET", path=LIST)
    headers["x-app-id"] = "SomeOtherApp"
    response = await http.get(f"{BASE}/api.ecloudeu.com{LIST}", headers=headers)
    assert response.json()["code"] == "1400"


def test_a_nonce_is_refused_within_the_replay_window_whatever_came_between_and_taken_after() -> (
    None
):
    from bot.simulator.clock import ManualClock
    from bot.simulator.state import CloudState, SimConfig

    clock = ManualClock()
    state = CloudState(clock, SimConfig(timestamp_skew=300.0))  # a 600 s replay window
    assert state.remember_nonce("first")
    for number in range(30_000):  # 33 a second for 909 s: the window holds ~19,800
        clock.advance(1 / 33)
        assert state.remember_nonce(f"n{number}")
        if number == 15_000:  # 455 s after "first": still inside the window
            assert not state.remember_nonce("first")
    assert not state.remember_nonce("n29000")  # 30 s ago
    assert state.remember_nonce("first")  # 909 s ago: outside the window, a new request
    assert len(state.nonces) <= 600 * 33 + 2  # only the window's nonces are kept
