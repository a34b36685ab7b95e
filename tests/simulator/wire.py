"""Hand-built cloud requests for the simulator tests: signed headers (REFERENCE §3.4) and the
two login flows walked step by step, independent of the bot's client."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from bot.smart.const import (
    APP_IDS,
    GIGYA_API_KEY,
    HOST_API_V1,
    HOST_API_V2,
    IDENTITY_TYPES,
    OPERATOR_CODES,
    PATH_SESSION_SECURE,
    SIGNED_ACCEPT,
    Region,
)
from bot.smart.signing import canonical_query, sign

BASE = "http://127.0.0.1:8787"
WEBVIEW_UA = "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 Chrome/120.0 Mobile"


def signed_headers(
    region: Region,
    *,
    method: str,
    path: str,
    query: str = "",
    body: bytes = b"",
    token: str | None = None,
    nonce: str | None = None,
    timestamp: str | None = None,
    secret_region: Region | None = None,
    sign_query: str | None = None,
    sign_body: bytes | None = None,
) -> dict[str, str]:
    """The header set of §3.4; `secret_region`/`sign_query`/`sign_body` let a test sign
    something other than what it sends."""
    nonce = nonce or secrets.token_hex(8)
    timestamp = timestamp or str(int(time.time() * 1000))
    headers = {
        "x-app-id": APP_IDS[region],
        "accept": SIGNED_ACCEPT,
        "x-agent-type": "iOS",
        "x-device-type": "mobile",
        "x-operator-code": OPERATOR_CODES[region],
        "x-device-identifier": "0123456789abcdef",
        "x-env-type": "production",
        "accept-language": "en_US",
        "x-api-signature-version": "1.0",
        "x-api-signature-nonce": nonce,
        "content-type": "application/json; charset=utf-8",
        "x-timestamp": timestamp,
        "x-signature": sign(
            secret_region or region,
            method=method,
            path=path,
            query=query if sign_query is None else sign_query,
            body=body if sign_body is None else sign_body,
            nonce=nonce,
            timestamp=timestamp,
        ),
    }
    if token:
        headers["authorization"] = token
    return headers


def compact(obj: Any) -> bytes:
    """Compact JSON bytes, as the clients send."""
    return json.dumps(obj, separators=(",", ":")).encode()


@dataclass
class Session:
    """What a login yields."""

    region: Region
    access_token: str
    refresh_token: str
    user_id: str
    client_id: str
    oauth_token: str = ""


async def call(
    http: httpx.AsyncClient,
    region: Region,
    method: str,
    path: str,
    *,
    host: str = HOST_API_V1,
    params: dict[str, object] | None = None,
    body: Any = None,
    token: str | None = None,
    **sign_options: Any,
) -> httpx.Response:
    """A signed request with a canonical query and compact JSON body."""
    query = canonical_query(params or {})
    raw = b"" if body is None else compact(body)
    headers = signed_headers(
        region, method=method, path=path, query=query, body=raw, token=token, **sign_options
    )
    url = f"{BASE}/{host}{path}" + (f"?{query}" if query else "")
    return await http.request(method, url, content=raw, headers=headers)


async def eu_oauth_token(http: httpx.AsyncClient, email: str, password: str) -> str:
    """Walk the EU chain (§5.1) to the Gigya access token."""
    web = {"user-agent": WEBVIEW_UA, "x-requested-with": "com.smart.hellosmart"}
    url = f"{BASE}/awsapi.future.smart.com/login-app/api/v1/authorize?uiLocales=de-DE"
    context = ""
    for _ in range(5):
        response = await http.get(url, headers=web)
        assert response.status_code == 302, response.text
        url = urljoin(url, response.headers["location"])
        context = parse_qs(urlsplit(url).query).get("context", [""])[0]
        if context:
            break
    ids = (
        await http.get(
            f"{BASE}/socialize.eu1.gigya.com/socialize.getIDs",
            params={"APIKey": GIGYA_API_KEY, "format": "json", "includeTicket": "true"},
        )
    ).json()
    cookie = (
        f"gmid={ids['gmid']}; ucid={ids['ucid']}; hasGmid=ver4; "
        f"gig_bootstrap_{GIGYA_API_KEY}=auth_ver4"
    )
    login = await http.post(
        f"{BASE}/auth.smart.com/accounts.login",
        data={
            "loginID": email,
            "password": password,
            "APIKey": GIGYA_API_KEY,
            "pageURL": "https://app.id.smart.com/login?gig_ui_locales=de-DE",
            "sessionExpiration": "2592000",
            "format": "json",
        },
        headers={**web, "cookie": cookie, "origin": "https://app.id.smart.com"},
    )
    login_token = login.json()["sessionInfo"]["login_token"]
    url = (
        f"{BASE}/auth.smart.com/oidc/op/v1.0/{GIGYA_API_KEY}/authorize/continue?"
        + httpx.QueryParams({"context": context, "login_token": login_token}).__str__()
    )
    cookies = {"cookie": f"{cookie}; glt_{GIGYA_API_KEY}={login_token}"}
    for _ in range(5):
        response = await http.get(url, headers={**web, **cookies})
        assert response.status_code == 302, response.text
        url = urljoin(url, response.headers["location"])
        query = parse_qs(urlsplit(url).query)
        if "access_token" in query:
            return query["access_token"][0]
    raise AssertionError("no access_token in the redirect chain")


async def exchange(http: httpx.AsyncClient, region: Region, body: dict[str, str]) -> httpx.Response:
    """The session exchange (POST session/secure) on the region's host."""
    host = HOST_API_V1 if region is Region.EU else HOST_API_V2
    return await call(
        http,
        region,
        "POST",
        PATH_SESSION_SECURE,
        host=host,
        params={"identity_type": IDENTITY_TYPES[region]},
        body=body,
    )


def session_from(response: httpx.Response, region: Region, oauth: str = "") -> Session:
    """Read a session exchange answer."""
    data = response.json()["data"]
    return Session(
        region, data["accessToken"], data["refreshToken"], data["userId"], data["clientId"], oauth
    )


async def eu_login(http: httpx.AsyncClient, email: str, password: str) -> Session:
    """EU login to an API session."""
    oauth = await eu_oauth_token(http, email, password)
    response = await exchange(http, Region.EU, {"accessToken": oauth})
    assert response.json()["code"] == 1000, response.text
    return session_from(response, Region.EU, oauth)


async def intl_login(http: httpx.AsyncClient, email: str, password: str) -> Session:
    """INTL login (§5.3) to an API session."""
    login = await http.post(
        f"{BASE}/sg-app-api.smart.com/iam/service/api/v1/login",
        json={"email": email, "password": password},
    )
    result = login.json()["result"]
    auth = await http.get(
        f"{BASE}/sg-app-api.smart.com/iam/service/api/v1/oauth20/authorize",
        params={"accessToken": result["accessToken"]},
        headers={"Xs-Auth-Token": result["idToken"]},
    )
    response = await exchange(http, Region.INTL, {"authCode": auth.json()["result"]})
    assert response.json()["code"] == 1000, response.text
    return session_from(response, Region.INTL)


async def select(
    http: httpx.AsyncClient, session: Session, vin: str, host: str = HOST_API_V1
) -> str:
    """Select `vin`; returns the business code."""
    response = await call(
        http,
        session.region,
        "POST",
        "/device-platform/user/session/update",
        host=host,
        body={"vin": vin, "sessionToken": session.access_token, "language": ""},
        token=session.access_token,
    )
    return str(response.json()["code"])
