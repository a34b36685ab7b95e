"""The EU web login up to the Gigya/OIDC tokens (REFERENCE §5.1, steps 1-3).

OIDC context redirect walk -> Gigya bootstrap cookie (`socialize.getIDs`) -> `accounts.login`
-> `authorize/continue` with the `glt_` cookie -> `MobileData?access_token=...`. The session
exchange (step 4) lives in `bot.smart.auth`. The password is only put into the one form post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from bot.smart.const import (
    GIGYA_API_KEY,
    GIGYA_SESSION_EXPIRATION,
    HOST_AWSAPI,
    HOST_GIGYA_AUTH,
    HOST_GIGYA_SOCIALIZE,
    MAX_REDIRECT_HOPS,
    PATH_EU_AUTHORIZE,
    PATH_GIGYA_GET_IDS,
    PATH_GIGYA_LOGIN,
    PATH_OIDC_CONTINUE,
)
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    InvalidCredentialsError,
    RateLimitedError,
    SmartAPIError,
)
from bot.smart.headers import APP_ID_ORIGIN, webview_headers
from bot.smart.redirects import location_params, next_hop
from bot.smart.signing import canonical_query
from bot.smart.transport import RawResponse, Transport, check_http

_LOGGER = logging.getLogger(__name__)

# Gigya answers that mean "blocked", not "wrong password": security block, account lockout.
GIGYA_BLOCKED_CODES = frozenset({"400006", "403120", "403048"})
LOGIN_BLOCK_WAIT = 120.0
_HTTP_FORBIDDEN = 403


@dataclass(frozen=True, slots=True)
class OidcTokens:
    """The Gigya/OIDC tokens the web login ends with."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    id_token: str = field(default="", repr=False)


def gigya_error(code: str, message: str) -> SmartAPIError:
    """The exception for a failed Gigya call or an OIDC error redirect."""
    reason = message or f"login refused (Gigya {code})"
    if code in GIGYA_BLOCKED_CODES:
        return RateLimitedError(reason, retry_after=LOGIN_BLOCK_WAIT, code=code)
    return InvalidCredentialsError(reason, code=code)


def _check_login_http(response: RawResponse, now: float, step: str) -> None:
    """A 403 from the login gateway is its WAF or User-Agent filter: back off."""
    if response.status == _HTTP_FORBIDDEN:
        msg = f"login gateway refused the {step} step (HTTP 403)"
        raise RateLimitedError(msg, retry_after=LOGIN_BLOCK_WAIT, http_status=_HTTP_FORBIDDEN)
    check_http(response, now)


def _raise_if_error_redirect(location: str) -> None:
    params = location_params(location)
    if params.get("mode") == "error" or "errorCode" in params:
        raise gigya_error(params.get("errorCode", ""), params.get("errorMessage", ""))


async def oidc_context(transport: Transport) -> str:
    """Step 1: walk the redirects of the OIDC entry until a `Location` carries `context=`."""
    headers = webview_headers()
    headers["x-app-id"] = "SmartAPPEU"
    headers["content-type"] = "application/json; charset=utf-8"
    host, path, query = HOST_AWSAPI, PATH_EU_AUTHORIZE, "uiLocales=de-DE"
    for _ in range(MAX_REDIRECT_HOPS):
        response = await transport.fetch("GET", host, path, query=query, headers=headers)
        _check_login_http(response, transport.clock(), "authorize")
        if not response.is_redirect:
            break
        location = response.location
        _raise_if_error_redirect(location)
        context = location_params(location).get("context")
        if context:
            return context
        host, path, query = next_hop(transport.endpoints, host, path, location)
    msg = "login page did not hand out an OIDC context"
    raise AuthenticationError(msg)


def _gigya_json(response: RawResponse, now: float, step: str) -> dict[str, Any]:
    _check_login_http(response, now, step)
    body = response.json_object()
    if body is None:
        msg = f"Gigya {step} answered a non-JSON page (HTTP {response.status})"
        raise CloudUnavailableError(msg, http_status=response.status)
    code = str(body.get("errorCode", "0"))
    if code != "0":
        message = str(body.get("errorDetails") or body.get("errorMessage") or "")
        raise gigya_error(code, message)
    return body


async def gigya_bootstrap_cookie(transport: Transport) -> str:
    """Step 1.5: fresh `gmid`/`ucid` so Gigya does not answer 400006."""
    query = canonical_query({"APIKey": GIGYA_API_KEY, "format": "json", "includeTicket": "true"})
    headers = webview_headers(accept="*/*")
    response = await transport.fetch(
        "GET", HOST_GIGYA_SOCIALIZE, PATH_GIGYA_GET_IDS, query=query, headers=headers
    )
    body = _gigya_json(response, transport.clock(), "bootstrap")
    gmid, ucid = body.get("gmid"), body.get("ucid")
    if not isinstance(gmid, str) or not isinstance(ucid, str) or not gmid:
        msg = "Gigya bootstrap answered without gmid/ucid"
        raise AuthenticationError(msg)
    return f"gmid={gmid}; ucid={ucid}; hasGmid=ver4; gig_bootstrap_{GIGYA_API_KEY}=auth_ver4"


async def gigya_login(transport: Transport, email: str, password: str, cookie: str) -> str:
    """Step 2: `accounts.login`; returns the `login_token`."""
    form = urlencode(
        [
            ("loginID", email),
            ("password", password),
            ("sessionExpiration", str(GIGYA_SESSION_EXPIRATION)),
            ("targetEnv", "jssdk"),
            ("include", "profile,data,emails,subscriptions,preferences,"),
            ("includeUserInfo", "true"),
            ("loginMode", "standard"),
            ("lang", "de"),
            ("APIKey", GIGYA_API_KEY),
            ("source", "showScreenSet"),
            ("sdk", "js_latest"),
            ("pageURL", f"{APP_ID_ORIGIN}/login?gig_ui_locales=de-DE"),
            ("sdkBuild", "15482"),
            ("format", "json"),
        ]
    )
    headers = webview_headers(accept="*/*", cookie=cookie)
    headers["accept-language"] = "de"
    headers["origin"] = APP_ID_ORIGIN
    headers["content-type"] = "application/x-www-form-urlencoded"
    response = await transport.fetch(
        "POST", HOST_GIGYA_AUTH, PATH_GIGYA_LOGIN, headers=headers, content=form.encode()
    )
    body = _gigya_json(response, transport.clock(), "login")
    session = body.get("sessionInfo")
    token = session.get("login_token") if isinstance(session, dict) else None
    if not isinstance(token, str) or not token:
        msg = "Gigya login answered without a login token"
        raise AuthenticationError(msg)
    return token


async def oidc_continue(
    transport: Transport, context: str, login_token: str, cookie: str
) -> OidcTokens:
    """Step 3: `authorize/continue`, then follow to `MobileData?access_token=...`."""
    query = canonical_query({"context": context, "login_token": login_token})
    auth_cookie = f"{cookie}; glt_{GIGYA_API_KEY}={login_token}"
    host, path = HOST_GIGYA_AUTH, PATH_OIDC_CONTINUE
    for _ in range(MAX_REDIRECT_HOPS):
        headers = webview_headers(
            accept="*/*", cookie=auth_cookie if host == HOST_GIGYA_AUTH else ""
        )
        response = await transport.fetch("GET", host, path, query=query, headers=headers)
        _check_login_http(response, transport.clock(), "authorize/continue")
        if not response.is_redirect:
            break
        location = response.location
        _raise_if_error_redirect(location)
        params = location_params(location)
        if params.get("access_token"):
            return OidcTokens(
                access_token=params["access_token"],
                refresh_token=params.get("refresh_token", ""),
                id_token=params.get("id_token", ""),
            )
        host, path, query = next_hop(transport.endpoints, host, path, location)
    msg = "OIDC login did not end with an access token"
    raise AuthenticationError(msg)


async def web_login(transport: Transport, email: str, password: str) -> OidcTokens:
    """Steps 1-3 of the EU login."""
    context = await oidc_context(transport)
    cookie = await gigya_bootstrap_cookie(transport)
    login_token = await gigya_login(transport, email, password, cookie)
    tokens = await oidc_continue(transport, context, login_token, cookie)
    _LOGGER.debug("EU web login reached the OIDC tokens")
    return tokens
