"""Vehicle calls beside status and commands: the capability list (REFERENCE §7.11), the
smart #5 DC charge info (§7.5) and a destination for the car's navigation (§7.14).

Each takes the client's `ApiSession` and the `Vehicle`, so the session's token renewal,
vehicle selection and host choice (apiv2 for a #5) apply as to every other call.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from bot.smart.capabilities import Capabilities, parse_capabilities
from bot.smart.const import NO_DATA_CODE, PATH_CAPABILITY
from bot.smart.errors import CloudUnavailableError, NotFoundError
from bot.smart.models import CommandResult, Vehicle
from bot.smart.redact import short_vin
from bot.smart.session import ApiSession

_LOGGER = logging.getLogger(__name__)

PATH_DC_CHARGE_INFO = "/geelyTCAccess/tcservices/vehicle/status/qrvs/{vin}"
PATH_SEND_TO_CAR = "/geelyTCAccess/tcservices/ihu/send/to/car"
SEND_TO_CAR_SERVICE = "send_to_car"


async def read_capabilities(session: ApiSession, vehicle: Vehicle) -> Capabilities:
    """The car's capability list; an empty `Capabilities` (all UNKNOWN) when it has none.

    Sent through the session pipeline, so it carries the `X-Vehicle-*` binding headers
    (pySmartHashtag leaves them off this path; nothing says the cloud minds either way).
    """
    try:
        body = await session.call("GET", PATH_CAPABILITY.format(vin=vehicle.vin), vehicle=vehicle)
    except NotFoundError:
        return Capabilities()
    except CloudUnavailableError as err:
        if err.code == NO_DATA_CODE:
            return Capabilities()
        raise
    return parse_capabilities(body)


async def read_dc_charge_info(session: ApiSession, vehicle: Vehicle) -> dict[str, Any] | None:
    """`data` of the #5's qrvs answer (`chargeI`, `chargeU`), or `None` when unavailable.

    Best effort: a refusal or "no data" gives `None` so the status read still succeeds.
    """
    try:
        body = await session.call(
            "GET", PATH_DC_CHARGE_INFO.format(vin=vehicle.vin), vehicle=vehicle
        )
    except (NotFoundError, CloudUnavailableError) as err:
        _LOGGER.info("no DC charge info for %s (%s)", short_vin(vehicle.vin), type(err).__name__)
        return None
    data = body.get("data")
    return data if isinstance(data, dict) else None


def destination_body(
    latitude: float, longitude: float, name: str, address: str = ""
) -> dict[str, Any]:
    """The send-to-car body `{"lat", "lon", "name", "address"}` (decimal degrees).

    Raises:
        ValueError: coordinates not numbers in range, an empty name, a non-text address.
    """
    for value in (latitude, longitude):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            msg = f"coordinates must be numbers, got {value!r}"
            raise ValueError(msg)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        msg = "latitude must be -90..90 and longitude -180..180 degrees"
        raise ValueError(msg)
    if not isinstance(name, str) or not name.strip():
        msg = "a destination needs a name"
        raise ValueError(msg)
    unchecked: object = address
    if not isinstance(unchecked, str):
        msg = "the address must be text"
        raise ValueError(msg)
    return {
        "lat": float(latitude),
        "lon": float(longitude),
        "name": name.strip(),
        "address": address.strip(),
    }


async def send_destination(
    session: ApiSession, vehicle: Vehicle, payload: dict[str, Any]
) -> CommandResult:
    """`POST /geelyTCAccess/tcservices/ihu/send/to/car?vin=...` with a `destination_body`."""
    _LOGGER.info("sending a destination to %s", short_vin(vehicle.vin))
    body = await session.call(
        "POST",
        PATH_SEND_TO_CAR,
        vehicle=vehicle,
        params={"vin": vehicle.vin},
        payload=payload,
        force_select=True,
    )
    message, success = body.get("message"), body.get("success")
    return CommandResult(
        accepted=success if isinstance(success, bool) else str(body.get("code")) == "1000",
        service_id=SEND_TO_CAR_SERVICE,
        vin=vehicle.vin,
        message=message if isinstance(message, str) else "",
    )
