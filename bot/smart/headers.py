"""Header sets the client sends (REFERENCE §3.4, §5): signed API headers for EU and INTL,
per-vehicle binding headers, the login webview headers and the INTL IAM headers.

Everything here is pure: nonces, device ids and timestamps come in as arguments.
"""

from __future__ import annotations

import secrets
import uuid
from urllib.parse import quote

from bot.smart.const import (
    APP_IDS,
    DEVICE_ID_HEX_LENGTH,
    OPERATOR_CODES,
    SIGNATURE_VERSION,
    SIGNED_ACCEPT,
    VC_APP_KEY,
    Region,
)

WEBVIEW_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
WEBVIEW_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
    "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
WEBVIEW_ACCEPT_LANGUAGE = "de-DE,de;q=0.9,en-DE;q=0.8,en-US;q=0.7,en;q=0.6"
REQUESTED_WITH = "com.smart.hellosmart"
APP_ID_ORIGIN = "https://app.id.smart.com"

_EU_STATIC = {
    "x-app-id": APP_IDS[Region.EU],
    "accept": SIGNED_ACCEPT,
    "x-agent-type": "iOS",
    "x-device-type": "mobile",
    "x-operator-code": OPERATOR_CODES[Region.EU],
    "x-env-type": "production",
    "x-version": "smartNew",
    "accept-language": "en_US",
    "x-api-signature-version": SIGNATURE_VERSION,
    "x-device-manufacture": "Apple",
    "x-device-brand": "Apple",
    "x-device-model": "iPhone",
    "x-agent-version": "17.1",
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Hello smart/1.4.0 (iPhone; iOS 17.1; Scale/3.00)",
}
_INTL_STATIC = {
    "x-app-id": APP_IDS[Region.INTL],
    "accept": SIGNED_ACCEPT,
    "x-agent-type": "iOS",
    "x-device-type": "mobile",
    "x-operator-code": OPERATOR_CODES[Region.INTL],
    "x-env-type": "production",
    "accept-language": "en_US",
    "x-api-signature-version": SIGNATURE_VERSION,
    "x-device-manufacture": "Apple",
    "x-device-brand": "Apple",
    "x-device-model": "iPhone",
    "x-agent-version": "18.6.1",
    "content-type": "application/json",
    "user-agent": "GlobalSmart/1.0.7 (iPhone; iOS 18.6.1; Scale/3.00)",
    "platform": "NON-CMA",
}


def new_device_id(region: Region) -> str:
    """A fresh device identifier: 16 hex characters (EU) or 32 (INTL)."""
    return secrets.token_hex(DEVICE_ID_HEX_LENGTH[region] // 2)


def new_nonce(region: Region) -> str:
    """A fresh signature nonce: 16 lower-case hex (EU) or an upper-case UUID4 (INTL)."""
    if region is Region.INTL:
        return str(uuid.uuid4()).upper()
    return secrets.token_hex(8)


def signed_headers(
    region: Region,
    *,
    device_id: str,
    nonce: str,
    timestamp: str,
    signature: str,
    access_token: str = "",
    client_id: str = "",
) -> dict[str, str]:
    """The full header set of a signed ecloudeu request.

    `authorization` carries the raw API token (no `Bearer`) and is left out before a session
    exists; INTL adds `x-client-id` once the session exchange has named the client.
    """
    headers = dict(_INTL_STATIC if region is Region.INTL else _EU_STATIC)
    headers["x-device-identifier"] = device_id
    headers["x-api-signature-nonce"] = nonce
    headers["x-signature"] = signature
    headers["x-timestamp"] = timestamp
    if access_token:
        headers["authorization"] = access_token
    if region is Region.INTL and client_id:
        headers["x-client-id"] = client_id
    return headers


def vehicle_headers(vin: str, mat_code: str) -> dict[str, str]:
    """Per-request VIN binding, so a call does not depend on the account-wide selection."""
    headers = {"X-Vehicle-IDENTIFIER": vin}
    if mat_code:
        quoted = quote(mat_code, safe="")
        headers["X-VEHICLE-SERIES"] = quoted
        headers["X-VEHICLE-MODEL"] = quoted
    return headers


def webview_headers(*, accept: str = WEBVIEW_ACCEPT, cookie: str = "") -> dict[str, str]:
    """Headers of the app's login webview (EU OIDC hops and Gigya)."""
    headers = {
        "accept": accept,
        "accept-language": WEBVIEW_ACCEPT_LANGUAGE,
        "x-requested-with": REQUESTED_WITH,
        "user-agent": WEBVIEW_USER_AGENT,
    }
    if cookie:
        headers["cookie"] = cookie
    return headers


def iam_headers(*, nonce: str, timestamp: str, id_token: str = "") -> dict[str, str]:
    """Headers of the INTL IAM login and authorize calls (not signature-checked there)."""
    headers = {
        "content-type": "application/json;charset=UTF-8",
        "accept": "application/json;charset=UTF-8",
        "x-ca-key": VC_APP_KEY,
        "x-ca-nonce": nonce,
        "x-ca-timestamp": timestamp,
        "x-app-id": "SmartAPPGlobal",
        "user-agent": "ALIYUN-ANDROID-DEMO",
    }
    if id_token:
        headers["xs-auth-token"] = id_token
    return headers
