"""The INTL (IAM) login up to the authorisation code (REFERENCE §5.3, steps 1-2).

`POST /iam/service/api/v1/login` -> `GET /iam/service/api/v1/oauth20/authorize`. The code is
exchanged for the API session in `bot.smart.auth` on the apiv2 host.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.smart.const import HOST_SG_APP_API, PATH_INTL_AUTHORIZE, PATH_INTL_LOGIN
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    InvalidCredentialsError,
    RateLimitedError,
)
from bot.smart.headers import iam_headers
from bot.smart.login_eu import LOGIN_BLOCK_WAIT
from bot.smart.signing import canonical_query
from bot.smart.transport import RawResponse, Transport, check_http, compact_json

_HTTP_FORBIDDEN = 403


@dataclass(frozen=True, slots=True)
class IamTokens:
    """What the IAM login returns."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    id_token: str = field(default="", repr=False)
    user_id: str = ""


def _iam_body(response: RawResponse, now: float, step: str) -> dict[str, Any]:
    if response.status == _HTTP_FORBIDDEN:
        msg = f"IAM refused the {step} step (HTTP 403)"
        raise RateLimitedError(msg, retry_after=LOGIN_BLOCK_WAIT, http_status=_HTTP_FORBIDDEN)
    check_http(response, now)
    body = response.json_object()
    if body is None:
        msg = f"IAM {step} answered a non-JSON page (HTTP {response.status})"
        raise CloudUnavailableError(msg, http_status=response.status)
    return body


def _headers(transport: Transport, id_token: str = "") -> dict[str, str]:
    return iam_headers(nonce=str(uuid.uuid4()), timestamp=transport.timestamp(), id_token=id_token)


async def iam_login(transport: Transport, email: str, password: str) -> IamTokens:
    """Step 1: e-mail and password for the IAM tokens."""
    response = await transport.fetch(
        "POST",
        HOST_SG_APP_API,
        PATH_INTL_LOGIN,
        headers=_headers(transport),
        content=compact_json({"email": email, "password": password}),
    )
    body = _iam_body(response, transport.clock(), "login")
    result = body.get("result")
    token = result.get("accessToken") if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(token, str) or not token:
        message = body.get("message")
        reason = message if isinstance(message, str) and message else "login refused"
        raise InvalidCredentialsError(reason, code=str(body.get("code", "")) or None)
    return IamTokens(
        access_token=token,
        refresh_token=str(result.get("refreshToken") or ""),
        id_token=str(result.get("idToken") or ""),
        user_id=str(result.get("userId") or ""),
    )


async def iam_authorize(transport: Transport, access_token: str, id_token: str) -> str:
    """Step 2: the IAM access token for an authorisation code."""
    response = await transport.fetch(
        "GET",
        HOST_SG_APP_API,
        PATH_INTL_AUTHORIZE,
        query=canonical_query({"accessToken": access_token}),
        headers=_headers(transport, id_token),
    )
    body = _iam_body(response, transport.clock(), "authorize")
    result = body.get("result")
    code = result.get("authCode") if isinstance(result, dict) else result
    if not isinstance(code, str) or not code:
        message = body.get("message")
        reason = message if isinstance(message, str) and message else "no authorisation code"
        raise AuthenticationError(reason, code=str(body.get("code", "")) or None)
    return code
