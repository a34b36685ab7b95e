"""The EU login chain (REFERENCE §5.1): OIDC context redirects, Gigya bootstrap
(`socialize.getIDs`), `accounts.login` (form post, bootstrap cookie required),
`authorize/continue` (needs the `glt_` cookie) and the `FinalPage` -> `MobileData` redirect.

Redirects point at the simulator's own `/<host>` prefixes; the `MobileData` hop is relative,
as captured, so clients must resolve relative `Location`s.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.simulator.guard import endpoint
from bot.simulator.middleware import raw_body
from bot.simulator.state import CloudState, new_jwt, new_token
from bot.smart.const import (
    GIGYA_API_KEY,
    GIGYA_SESSION_EXPIRATION,
    HOST_APP_ID,
    HOST_AWSAPI,
    HOST_GIGYA_AUTH,
    HOST_GIGYA_SOCIALIZE,
    OIDC_CLIENT_ID,
    PATH_EU_AUTHORIZE,
    PATH_GIGYA_GET_IDS,
    PATH_GIGYA_LOGIN,
    PATH_OIDC_CONTINUE,
    Region,
)

PATH_OIDC_AUTHORIZE = f"/oidc/op/v1.0/{GIGYA_API_KEY}/authorize"
PATH_FINAL_PAGE = "/login-app/api/v1/FinalPage"
PATH_MOBILE_DATA = "/login-app/api/v1/MobileData"
SCOPE = "openid EmailScope profile MarketInformation"
# The API gateway turns away HTTP-library default user agents (S1b: 403 ForbiddenException).
_LIBRARY_AGENT = re.compile(r"^(python-|aiohttp|curl/|Go-http-client|okhttp)", re.IGNORECASE)
CONTEXT_LIFETIME = 600.0


def local_url(request: Request, host: str, path: str, query: dict[str, str] | None = None) -> str:
    """Absolute simulator URL for `path` on cloud `host` (same scheme and port as `request`)."""
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{request.url.scheme}://{request.url.netloc}/{host}{path}{suffix}"


def gigya_body(
    error_code: int, message: str = "", details: str = "", status: int = 200
) -> dict[str, Any]:
    """Gigya's common response fields (always HTTP 200; the status is in the body)."""
    reasons = {200: "OK", 400: "Bad Request", 403: "Forbidden"}
    body: dict[str, Any] = {
        "callId": secrets.token_hex(16),
        "errorCode": error_code,
        "apiVersion": 2,
        "statusCode": status,
        "statusReason": reasons.get(status, "Error"),
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if error_code:
        body.update({"errorMessage": message, "errorDetails": details})
    return body


def _error_redirect(request: Request, code: int, message: str) -> Response:
    query = {"mode": "error", "errorCode": str(code), "errorMessage": message}
    return RedirectResponse(local_url(request, HOST_APP_ID, "/proxy", query), status_code=302)


def routes(state: CloudState) -> dict[str, list[Route]]:  # noqa: C901 (one closure per hop)
    """Routes per cloud host."""

    def authorize(request: Request) -> Response:
        agent = request.headers.get("user-agent", "")
        if not agent or _LIBRARY_AGENT.match(agent):
            return JSONResponse(
                {"message": "Forbidden"}, 403, headers={"x-amzn-ErrorType": "ForbiddenException"}
            )
        query = {
            "client_id": OIDC_CLIENT_ID,
            "response_type": "code",
            "scope": SCOPE,
            "redirect_uri": f"https://{HOST_AWSAPI}{PATH_FINAL_PAGE}",
            "ui_locales": request.query_params.get("uiLocales", "de-DE"),
        }
        return RedirectResponse(
            local_url(request, HOST_GIGYA_AUTH, PATH_OIDC_AUTHORIZE, query), 302
        )

    def oidc_authorize(request: Request) -> Response:
        context = f"eu1_tk1.{secrets.token_urlsafe(32)}.{int(state.now())}"
        state.oidc_contexts[context] = state.now() + CONTEXT_LIFETIME
        query = {
            "context": context,
            "client_id": OIDC_CLIENT_ID,
            "mode": "login",
            "scope": SCOPE,
            "gig_ui_locales": request.query_params.get("ui_locales", "de-DE"),
            "gig_skipConsent": "true",
        }
        return RedirectResponse(local_url(request, HOST_APP_ID, "/proxy", query), 302)

    def proxy(request: Request) -> Response:
        mode = request.query_params.get("mode", "login")
        return HTMLResponse(f"<html><body>smart ID ({mode})</body></html>")

    def get_ids(request: Request) -> Response:
        if request.query_params.get("APIKey") != GIGYA_API_KEY:
            return JSONResponse(gigya_body(400093, "Invalid ApiKey parameter", "", 400))
        gmid = f"gmid.ver4.{secrets.token_urlsafe(10)}.{secrets.token_urlsafe(40)}.sc3"
        state.gmids.add(gmid)
        body = gigya_body(0)
        body.update(
            {"gcid": secrets.token_urlsafe(16), "ucid": secrets.token_urlsafe(16), "gmid": gmid}
        )
        return JSONResponse(body)

    def login(request: Request) -> Response:
        form = dict(parse_qsl(raw_body(request).decode("utf-8", "replace"), keep_blank_values=True))
        if form.get("APIKey") != GIGYA_API_KEY:
            return JSONResponse(gigya_body(400093, "Invalid ApiKey parameter", "", 400))
        cookies = request.cookies
        bootstrapped = (
            cookies.get("gmid") in state.gmids
            and cookies.get(f"gig_bootstrap_{GIGYA_API_KEY}") == "auth_ver4"
        )
        if not bootstrapped or not form.get("pageURL"):
            details = "Your request is blocked because of security issues"
            return JSONResponse(gigya_body(400006, "Invalid parameter value", details, 400))
        if not form.get("loginID") or not form.get("password"):
            return JSONResponse(gigya_body(400002, "Missing required parameter", "loginID", 400))
        account = state.accounts.get(form["loginID"].strip().lower())
        if (
            account is None
            or account.region is not Region.EU
            or account.password != form["password"]
        ):
            details = "invalid loginID or password"
            return JSONResponse(gigya_body(403042, "Invalid LoginID", details, 403))
        login_token = state.grant(
            state.login_tokens, new_token(), account, float(GIGYA_SESSION_EXPIRATION)
        )
        expires = form.get("sessionExpiration", "")
        body = gigya_body(0)
        body.update(
            {
                "UID": account.uid,
                "UIDSignature": secrets.token_urlsafe(20),
                "signatureTimestamp": str(int(state.now())),
                "isActive": True,
                "isRegistered": True,
                "isVerified": True,
                "loginProvider": "site",
                "profile": {"email": account.email, "firstName": "Demo", "country": "DE"},
                "newUser": False,
                "sessionInfo": {
                    "login_token": login_token,
                    "expires_in": expires if expires.isdigit() else str(GIGYA_SESSION_EXPIRATION),
                },
            }
        )
        return JSONResponse(body)

    def continue_(request: Request) -> Response:
        context = request.query_params.get("context", "")
        login_token = request.query_params.get("login_token", "")
        if state.oidc_contexts.get(context, 0.0) <= state.now():
            return _error_redirect(request, 400006, "Invalid context")
        if request.cookies.get(f"glt_{GIGYA_API_KEY}") != login_token:
            return _error_redirect(request, 403005, "Unauthorized user")
        grant = state.valid_grant(state.login_tokens, login_token, consume=False)
        if grant is None:
            return _error_redirect(request, 403005, "Unauthorized user")
        del state.oidc_contexts[context]
        code = state.grant(state.oidc_codes, new_token(), grant.account, CONTEXT_LIFETIME)
        return RedirectResponse(
            local_url(request, HOST_AWSAPI, PATH_FINAL_PAGE, {"code": code}), 302
        )

    def final_page(request: Request) -> Response:
        grant = state.valid_grant(
            state.oidc_codes, request.query_params.get("code", ""), consume=True
        )
        if grant is None:
            return _error_redirect(request, 403005, "Unauthorized user")
        lifetime = state.config.oauth_lifetime
        access = state.grant(state.oauth_tokens, new_token(), grant.account, lifetime)
        now = int(state.now())
        id_token = new_jwt(
            {
                "iss": f"https://{HOST_GIGYA_AUTH}/oidc/op/v1.0/{GIGYA_API_KEY}/",
                "aud": OIDC_CLIENT_ID,
                "sub": grant.account.uid,
                "iat": now,
                "exp": now + 604_800,
            },
            alg="RS256",
        )
        query = urlencode(
            {"access_token": access, "id_token": id_token, "refresh_token": new_token()}
        )
        # Relative Location, as captured (`/login-app/api/v1/MobileData?...`), with our prefix.
        return RedirectResponse(f"/{HOST_AWSAPI}{PATH_MOBILE_DATA}?{query}", 302)

    def mobile_data(_request: Request) -> Response:
        return HTMLResponse("<html><body>login complete</body></html>")

    return {
        HOST_AWSAPI: [
            Route(PATH_EU_AUTHORIZE, endpoint(state, authorize), methods=["GET"]),
            Route(PATH_FINAL_PAGE, endpoint(state, final_page), methods=["GET"]),
            Route(PATH_MOBILE_DATA, endpoint(state, mobile_data), methods=["GET"]),
        ],
        HOST_GIGYA_AUTH: [
            Route(PATH_OIDC_AUTHORIZE, endpoint(state, oidc_authorize), methods=["GET"]),
            Route(PATH_OIDC_CONTINUE, endpoint(state, continue_), methods=["GET"]),
            Route(PATH_GIGYA_LOGIN, endpoint(state, login), methods=["POST"]),
        ],
        HOST_APP_ID: [Route("/proxy", endpoint(state, proxy), methods=["GET"])],
        HOST_GIGYA_SOCIALIZE: [
            Route(PATH_GIGYA_GET_IDS, endpoint(state, get_ids), methods=["GET", "POST"])
        ],
    }
