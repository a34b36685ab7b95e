"""`/auth/account/session/secure`: POST exchanges an OAuth token (EU) or an auth code (INTL)
for an API session; PUT trades a refresh token (once) for a new OAuth token (REFERENCE §5)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.guard import endpoint, verify_signed
from bot.simulator.middleware import raw_body
from bot.simulator.state import ApiSession, CloudState, Grant, new_token
from bot.smart.const import IDENTITY_TYPES, PATH_SESSION_SECURE


def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; 1400 otherwise."""
    try:
        body = json.loads(raw_body(request) or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise CloudError(codes.ILLEGAL_PARAMETER)
    return body


def _session_body(session: ApiSession, lifetime: float) -> dict[str, Any]:
    # Captured shape: `code` is an int here, unlike every other endpoint.
    return {
        "code": 1000,
        "data": {
            "expiresIn": int(lifetime),
            "deviceType": "mobile",
            "clientId": session.client_id,
            "idToken": "",
            "resultCode": "0",
            "alias": "",
            "accessToken": session.access_token,
            "tcToken": "",
            "resultMessage": "Success",
            "userId": session.account.user_id,
            "refreshToken": session.refresh_token,
        },
        "success": True,
        "hint": None,
        "sessionId": None,
        "message": "Successful.",
    }


def routes(state: CloudState) -> list[Route]:
    """Routes for the ecloudeu hosts."""

    def exchange(request: Request) -> Response:
        signed = verify_signed(request, state)
        if request.query_params.get("identity_type") != IDENTITY_TYPES[signed.region]:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        body = json_object(request)
        grant: Grant | None = None
        if isinstance(body.get("accessToken"), str):
            grant = state.valid_grant(state.oauth_tokens, body["accessToken"], consume=False)
        elif isinstance(body.get("authCode"), str):
            grant = state.valid_grant(state.auth_codes, body["authCode"], consume=True)
        else:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        if grant is None or grant.account.region is not signed.region:
            raise CloudError(codes.MAIN_TOKEN_EXPIRED)
        session = state.open_session(grant.account, signed.region)
        return JSONResponse(_session_body(session, state.config.token_lifetime))

    def refresh(request: Request) -> Response:
        signed = verify_signed(request, state)
        body = json_object(request)
        session = state.refresh_tokens.get(str(body.get("refreshToken", "")))
        client_id = request.headers.get("x-client-id", "")
        if (
            session is None
            or session.refresh_used
            or session.region is not signed.region
            or client_id != session.client_id
        ):
            raise CloudError(codes.ILLEGAL_PARAMETER)
        session.refresh_used = True
        oauth = state.grant(
            state.oauth_tokens, new_token(), session.account, state.config.oauth_lifetime
        )
        data = {"accessToken": oauth, "clientId": session.client_id}
        return codes.ok(data, message="Successful.")

    return [
        Route(PATH_SESSION_SECURE, endpoint(state, exchange), methods=["POST"]),
        Route(PATH_SESSION_SECURE, endpoint(state, refresh), methods=["PUT"]),
    ]
