"""The INTL vehicle-ability service (REFERENCE §7.12, §4): `GET https://sg-app-api.smart.com
/vc/vehicle/v1/ability/{modelCode}/{vin}`, signed for the Alibaba API gateway (HMAC-SHA256
`x-ca-signature`), authorised with the API session token, the user id and the IAM id token.

Its `result.abilities[]` is an inventory of the car's remote functions, so what it does not
list the car lacks (see `bot.smart.capabilities`). Best effort: any refusal, gateway error
(`x-ca-error-message`) or odd answer gives an empty `Capabilities`; only a rate limit raises.
"""

from __future__ import annotations

import logging
import uuid
from email.utils import formatdate
from urllib.parse import quote

from bot.smart.capabilities import Capabilities, parse_capabilities
from bot.smart.const import HOST_SG_APP_API, VC_APP_KEY
from bot.smart.errors import RateLimitedError, SmartAPIError
from bot.smart.models import Tokens, Vehicle
from bot.smart.redact import short_vin
from bot.smart.signing import vc_sign
from bot.smart.transport import Transport, check_http

_LOGGER = logging.getLogger(__name__)

PATH_VC_ABILITY = "/vc/vehicle/v1/ability/{model_code}/{vin}"
VC_CONTENT_TYPE = "application/json;charset=UTF-8"
VC_SIGNED_HEADERS = "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp"
VC_USER_AGENT = "ALIYUN-ANDROID-DEMO"
VC_SUCCESS = "200"
_HTTP_OK = 200


def ability_path(vehicle: Vehicle) -> str:
    """The ability path for `vehicle` (its `modelCode`, percent-encoded as a path segment)."""
    return PATH_VC_ABILITY.format(model_code=quote(vehicle.model_code, safe=""), vin=vehicle.vin)


def vc_headers(tokens: Tokens, *, path: str, nonce: str, now: float) -> dict[str, str]:
    """The gateway-signed headers S1 sends to the VC service (a GET: empty Content-MD5)."""
    timestamp = str(int(now * 1000))
    date = formatdate(now, usegmt=True)
    signature = vc_sign(
        method="GET",
        accept=VC_CONTENT_TYPE,
        content_md5="",
        content_type=VC_CONTENT_TYPE,
        date=date,
        nonce=nonce,
        timestamp=timestamp,
        path_and_query=path,
    )
    return {
        "accept": VC_CONTENT_TYPE,
        "content-type": VC_CONTENT_TYPE,
        "date": date,
        "user-agent": VC_USER_AGENT,
        "x-ca-key": VC_APP_KEY,
        "x-ca-nonce": nonce,
        "x-ca-timestamp": timestamp,
        "x-ca-signature-method": "HmacSHA256",
        "x-ca-signature-headers": VC_SIGNED_HEADERS,
        "x-ca-signature": signature,
        "ca_version": "1",
        "x-smart-id": tokens.user_id,
        "authorization": tokens.access_token,
        "xs-auth-token": tokens.id_token,
    }


async def read_vehicle_ability(
    transport: Transport, tokens: Tokens, vehicle: Vehicle, now: float
) -> Capabilities:
    """The car's ability inventory, or an empty `Capabilities` when the service has none.

    Raises:
        RateLimitedError: HTTP 429 or a quota 403.
    """
    if not vehicle.model_code or not tokens.id_token:
        return Capabilities()
    path = ability_path(vehicle)
    headers = vc_headers(tokens, path=path, nonce=str(uuid.uuid4()), now=now)
    try:
        response = await transport.fetch("GET", HOST_SG_APP_API, path, headers=headers)
        check_http(response, now)
    except RateLimitedError:
        raise
    except SmartAPIError as err:
        _LOGGER.info("no vehicle ability for %s (%s)", short_vin(vehicle.vin), type(err).__name__)
        return Capabilities()
    body = response.json_object()
    gateway_error = response.headers.get("x-ca-error-message")
    if response.status != _HTTP_OK or gateway_error or body is None:
        _LOGGER.info(
            "vehicle ability for %s refused (HTTP %s%s)",
            short_vin(vehicle.vin),
            response.status,
            ", gateway error" if gateway_error else "",
        )
        return Capabilities()
    if str(body.get("code")) != VC_SUCCESS:
        return Capabilities()
    return parse_capabilities(body)
