"""Logins and sessions as the cloud answers them: EU chain, INTL IAM, expiry and refresh."""

from __future__ import annotations

import httpx

from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.smart.const import GIGYA_API_KEY, PATH_SESSION_SECURE, Region
from tests.simulator.wire import (
    BASE,
    WEBVIEW_UA,
    call,
    compact,
    eu_login,
    eu_oauth_token,
    exchange,
    intl_login,
    signed_headers,
)

LIST = "/device-platform/user/vehicle/secure"
LOGIN_FORM = {
    "loginID": DEMO_EU_EMAIL,
    "password": DEMO_PASSWORD,
    "APIKey": GIGYA_API_KEY,
    "pageURL": "https://app.id.smart.com/login",
}


async def _bootstrap_cookie(http: httpx.AsyncClient) -> str:
    ids = (
        await http.get(
            f"{BASE}/socialize.eu1.gigya.com/socialize.getIDs", params={"APIKey": GIGYA_API_KEY}
        )
    ).json()
    return f"gmid={ids['gmid']}; ucid={ids['ucid']}; gig_bootstrap_{GIGYA_API_KEY}=auth_ver4"


async def _vehicle_list_code(http: httpx.AsyncClient, region: Region, user: str, token: str) -> str:
    response = await call(
        http, region, "GET", LIST, params={"needSharedCar": 1, "userId": user}, token=token
    )
    return str(response.json()["code"])


async def test_the_eu_chain_ends_in_a_session_that_reads_the_vehicle_list(
    http: httpx.AsyncClient,
) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    assert (
        await _vehicle_list_code(http, Region.EU, session.user_id, session.access_token) == "1000"
    )


async def test_the_eu_chain_redirects_stay_under_the_host_prefixes(http: httpx.AsyncClient) -> None:
    first = await http.get(
        f"{BASE}/awsapi.future.smart.com/login-app/api/v1/authorize",
        headers={"user-agent": WEBVIEW_UA},
    )
    assert first.status_code == 302
    assert first.headers["location"].startswith(f"{BASE}/auth.smart.com/oidc/op/v1.0/")
    second = await http.get(first.headers["location"], headers={"user-agent": WEBVIEW_UA})
    assert second.headers["location"].startswith(f"{BASE}/app.id.smart.com/proxy?context=eu1_")


async def test_a_library_user_agent_is_turned_away_with_403(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{BASE}/awsapi.future.smart.com/login-app/api/v1/authorize")
    assert response.status_code == 403
    assert response.headers["x-amzn-errortype"] == "ForbiddenException"


async def test_a_wrong_eu_password_answers_gigya_403042(http: httpx.AsyncClient) -> None:
    cookie = await _bootstrap_cookie(http)
    form = {**LOGIN_FORM, "password": "wrong"}
    response = await http.post(
        f"{BASE}/auth.smart.com/accounts.login", data=form, headers={"cookie": cookie}
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["errorCode"], body["errorMessage"]) == (403042, "Invalid LoginID")
    assert "sessionInfo" not in body


async def test_a_login_without_the_bootstrap_cookie_is_blocked_with_400006(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(f"{BASE}/auth.smart.com/accounts.login", data=LOGIN_FORM)
    body = response.json()
    assert body["errorCode"] == 400006
    assert "security" in body["errorDetails"]


async def test_authorize_continue_without_the_glt_cookie_redirects_to_the_error_page(
    http: httpx.AsyncClient,
) -> None:
    cookie = await _bootstrap_cookie(http)
    login = await http.post(
        f"{BASE}/auth.smart.com/accounts.login", data=LOGIN_FORM, headers={"cookie": cookie}
    )
    token = login.json()["sessionInfo"]["login_token"]
    hop = await http.get(
        f"{BASE}/awsapi.future.smart.com/login-app/api/v1/authorize",
        headers={"user-agent": WEBVIEW_UA},
    )
    context_url = await http.get(hop.headers["location"], headers={"user-agent": WEBVIEW_UA})
    context = httpx.URL(context_url.headers["location"]).params["context"]
    response = await http.get(
        f"{BASE}/auth.smart.com/oidc/op/v1.0/{GIGYA_API_KEY}/authorize/continue",
        params={"context": context, "login_token": token},
        headers={"cookie": cookie},
    )
    location = httpx.URL(response.headers["location"])
    assert location.path == "/app.id.smart.com/proxy"
    assert location.params["mode"] == "error"


async def test_the_intl_login_ends_in_a_session_on_the_intl_secret(http: httpx.AsyncClient) -> None:
    session = await intl_login(http, DEMO_INTL_EMAIL, DEMO_PASSWORD)
    assert (
        await _vehicle_list_code(http, Region.INTL, session.user_id, session.access_token) == "1000"
    )
    # The same token with EU headers is not this session's region.
    assert (
        await _vehicle_list_code(http, Region.EU, session.user_id, session.access_token) == "1402"
    )


async def test_a_wrong_intl_password_has_no_result(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{BASE}/sg-app-api.smart.com/iam/service/api/v1/login",
        json={"email": DEMO_INTL_EMAIL, "password": "nope"},
    )
    body = response.json()
    assert body["code"] != "200"
    assert body["result"] is None


async def test_an_intl_auth_code_works_only_once(http: httpx.AsyncClient) -> None:
    login = await http.post(
        f"{BASE}/sg-app-api.smart.com/iam/service/api/v1/login",
        json={"email": DEMO_INTL_EMAIL, "password": DEMO_PASSWORD},
    )
    result = login.json()["result"]
    code = (
        await http.get(
            f"{BASE}/sg-app-api.smart.com/iam/service/api/v1/oauth20/authorize",
            params={"accessToken": result["accessToken"]},
            headers={"Xs-Auth-Token": result["idToken"]},
        )
    ).json()["result"]
    first = await exchange(http, Region.INTL, {"authCode": code})
    second = await exchange(http, Region.INTL, {"authCode": code})
    assert first.json()["code"] == 1000
    assert second.json()["code"] == "1501"


async def test_an_access_token_expires_with_1402_after_its_lifetime(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.config.token_lifetime = 600
    sim.config.timestamp_skew = 10_000  # our timestamps come from the real clock
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    clock.advance(601)
    assert (
        await _vehicle_list_code(http, Region.EU, session.user_id, session.access_token) == "1402"
    )


async def test_expire_tokens_makes_the_next_call_answer_1402(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    assert sim.expire_tokens(DEMO_EU_EMAIL) == 1
    assert (
        await _vehicle_list_code(http, Region.EU, session.user_id, session.access_token) == "1402"
    )


async def test_reexchanging_the_oauth_token_gives_a_fresh_session(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    again = await exchange(http, Region.EU, {"accessToken": session.oauth_token})
    assert again.json()["data"]["accessToken"] != session.access_token


async def test_an_expired_oauth_token_answers_1501(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.config.timestamp_skew = 10_000_000
    oauth = await eu_oauth_token(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    clock.advance(sim.config.oauth_lifetime + 1)
    response = await exchange(http, Region.EU, {"accessToken": oauth})
    assert response.json()["code"] == "1501"


async def test_a_refresh_token_works_once(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    body = {"refreshToken": session.refresh_token, "proprietaryPlatform": "0"}
    first = await _put_refresh(http, session.client_id, body)
    assert first.json()["code"] == "1000"
    new_oauth = first.json()["data"]["accessToken"]
    assert (await exchange(http, Region.EU, {"accessToken": new_oauth})).json()["code"] == 1000
    assert (await _put_refresh(http, session.client_id, body)).json()["code"] == "1400"


async def test_a_refresh_without_the_client_id_header_is_refused(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    body = {"refreshToken": session.refresh_token, "proprietaryPlatform": "0"}
    response = await call(http, Region.EU, "PUT", PATH_SESSION_SECURE, body=body)
    assert response.json()["code"] == "1400"


async def _put_refresh(
    http: httpx.AsyncClient, client_id: str, body: dict[str, str]
) -> httpx.Response:
    raw = compact(body)
    headers = signed_headers(Region.EU, method="PUT", path=PATH_SESSION_SECURE, body=raw)
    headers["x-client-id"] = client_id
    url = f"{BASE}/api.ecloudeu.com{PATH_SESSION_SECURE}"
    return await http.put(url, content=raw, headers=headers)
