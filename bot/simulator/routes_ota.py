"""The OTA host (`ota.srv.smart.com`): `GET /app/info/{vin}` (REFERENCE §7.7).

Not signed and without an envelope: a flat object in the captured key order
(`fixtures/pysmarthashtag/ota_app_info.json`). The caller is named by the `access_token` header:
a live Gigya/OIDC token, or a live API session token (some clients send that instead).
Answers: 401 without a usable token; 403 for INTL accounts (as reported) and, our own choice,
for a car of another account; `{"code": "1003"}` for a car without an OTA record (a #5).
HTTP 500 comes from fault injection (`Simulator.inject_http(500, path_contains="/app/info")`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator.middleware import logged
from bot.simulator.model import VehicleState
from bot.simulator.state import Account, CloudState
from bot.smart.const import PATH_OTA_INFO, Region

NO_OTA_RECORD = "1003"
_NOTES = (
    "1.In-car display adapted.\n2.Improved alerts audibility when reversing.\n"
    "(See smart.com for more)"
)


def _release_notes(version: str) -> list[dict[str, str]]:
    return [{"language": "en-GB", "description": f"{version}\n{_NOTES}"}]


def ota_info(vehicle: VehicleState) -> dict[str, Any]:
    """The OTA answer for a car with an OTA record."""
    current = vehicle.firmware_version or ""
    target = vehicle.firmware_target or current
    return {
        "currentVersion": current,
        "currentReleaseNotes": _release_notes(current),
        "targetVersion": target,
        "targetReleaseNotes": _release_notes(target),
        "hasNewAssignment": vehicle.update_offered,
        "newStatus": "",
    }


def _caller(state: CloudState, token: str) -> Account | None:
    grant = state.valid_grant(state.oauth_tokens, token, consume=False)
    if grant is not None:
        return grant.account
    session = state.sessions.get(token)
    if session is not None and session.expires_at > state.now():
        return session.account
    return None


def answer(state: CloudState, token: str, vin: str) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of `GET /app/info/{vin}` for the caller holding `token`."""
    account = _caller(state, token) if token else None
    if account is None:
        return 401, {"message": "Unauthorized"}
    if account.region is not Region.EU or vin not in account.vehicles:
        return 403, {"message": "Forbidden"}
    vehicle = account.vehicles[vin]
    if vehicle.firmware_version is None:
        return 200, {"code": NO_OTA_RECORD}
    return 200, ota_info(vehicle)


def routes(state: CloudState) -> list[Route]:
    """Routes for the OTA host."""

    async def app_info(request: Request) -> Response:
        entry = logged(request)
        entry.verdict = "unsigned"
        with state.lock:
            status, body = answer(
                state, request.headers.get("access_token", ""), request.path_params["vin"]
            )
        entry.code = body.get("code")
        return JSONResponse(body, status)

    return [Route(PATH_OTA_INFO, app_info, methods=["GET"])]
