"""The OTA service (`GET https://ota.srv.smart.com/app/info/{vin}`, REFERENCE §7.7): its
headers and its answer -> `Firmware`.

The OTA host is not the signed ecloudeu API: no signature, no envelope (a flat object with
`currentVersion`, `targetVersion`, release notes, `hasNewAssignment`, `newStatus`). It
authenticates with the Gigya/OIDC access token in an `access_token` header. What its answers
mean for us:

- `{"code": "1003"}` (a #5 without an OTA record), HTTP 404, and HTTP 403 (INTL accounts; the
  reference reports 403 there) mean "no OTA data": `None`.
- HTTP 401 also gives `None`: this host checks the Gigya token, which the token ladder renews
  only as a side effect of the refresh-token PUT, so a 401 here says nothing about the API
  session and must not start a re-login.
- HTTP 5xx (the host answers 500 at times), timeouts and non-JSON pages raise
  `CloudUnavailableError`; 429 or a quota 403 raise `RateLimitedError`. Callers treat firmware
  as best effort and try again later.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.smart.const import SUCCESS_CODES
from bot.smart.errors import CloudUnavailableError, SmartAPIError, error_for_code
from bot.smart.models import Firmware, Tokens
from bot.smart.transport import RawResponse, check_http

_LOGGER = logging.getLogger(__name__)

# The iOS app's user agent on this host, as captured (S2), percent-encoding included.
OTA_USER_AGENT = "Hello%20smart/1 CFNetwork/3826.500.131 Darwin/24.5.0"
NO_OTA_RECORD_CODE = "1003"
_HTTP_UNAUTHORIZED = 401
_NO_DATA_STATUSES = frozenset({403, 404})
_HTTP_CLIENT_ERROR = 400


def ota_headers(tokens: Tokens, cookie: str = "") -> dict[str, str]:
    """The app's header set for the OTA host.

    `access_token` is the Gigya/OIDC token (the API session token when there is none);
    `id-token` is the OIDC id token, or the device id as some clients send.
    """
    headers = {
        "accept": "*/*",
        "content-type": "application/json",
        "accept-language": "en-GB,en;q=0.9",
        "user-agent": OTA_USER_AGENT,
        "id-token": tokens.id_token or tokens.device_id,
        "access_token": tokens.oauth_access_token or tokens.access_token,
    }
    if cookie:
        headers["cookie"] = cookie
    return headers


def _version(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def parse_firmware(body: dict[str, Any]) -> Firmware | None:
    """The OTA answer body -> `Firmware`; `None` when it holds no version at all.

    Raises:
        SmartAPIError: the body is an error (a `code` other than success or 1003).
    """
    code = body.get("code")
    code_text = "" if code is None else str(code)
    if code_text == NO_OTA_RECORD_CODE:
        return None
    if code_text and code_text not in SUCCESS_CODES:
        message = body.get("message")
        raise error_for_code(code_text, message if isinstance(message, str) else "")
    data = body.get("data")
    if "currentVersion" not in body and isinstance(data, dict):
        body = data  # tolerate an envelope, should the host ever add one
    current, target = _version(body, "currentVersion"), _version(body, "targetVersion")
    if current is None and target is None:
        return None
    flag = body.get("hasNewAssignment")
    if isinstance(flag, bool):
        available = flag
    else:
        available = current is not None and target is not None and current != target
    return Firmware(current_version=current, target_version=target, update_available=available)


def read_firmware(response: RawResponse, now: float) -> Firmware | None:
    """The `Firmware` an OTA response carries, `None` for "no data", or the mapped error."""
    if response.status == _HTTP_UNAUTHORIZED:
        _LOGGER.info("OTA service refused the login token (HTTP 401); no firmware data")
        return None
    check_http(response, now)
    if response.status in _NO_DATA_STATUSES:
        _LOGGER.debug("OTA service answered HTTP %s: no firmware data", response.status)
        return None
    body = response.json_object()
    if body is None:
        msg = f"OTA service answered a non-JSON page (HTTP {response.status})"
        raise CloudUnavailableError(msg, http_status=response.status)
    firmware = parse_firmware(body)
    no_record = str(body.get("code")) == NO_OTA_RECORD_CODE
    if firmware is None and not no_record and response.status >= _HTTP_CLIENT_ERROR:
        msg = f"OTA service refused the request (HTTP {response.status})"
        raise SmartAPIError(msg, http_status=response.status)
    return firmware
