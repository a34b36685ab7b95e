"""The INTL vehicle-ability service on `sg-app-api.smart.com` (REFERENCE §7.12, §4):
`GET /vc/vehicle/v1/ability/{modelCode}/{vin}` behind the Alibaba API gateway.

The gateway checks `x-ca-signature` (HMAC-SHA256 over method, accept, content-md5,
content-type, date, the `x-ca-*` headers and the raw path) and a fresh `x-ca-timestamp`; its
refusals are HTTP 400/403 with the reason in `x-ca-error-message` (the header is documented,
the statuses are inferred). The service then wants the API session token (`authorization`),
the user id (`x-smart-id`) and the IAM id token (`xs-auth-token`) of one account.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator.guard import endpoint
from bot.simulator.middleware import logged, split_host
from bot.simulator.render_other import ability_result
from bot.simulator.state import CloudState
from bot.smart.const import VC_APP_KEY
from bot.smart.signing import vc_sign

PATH_VC_ABILITY = "/vc/vehicle/v1/ability/{model_code}/{vin}"
_HTTP_BAD_REQUEST, _HTTP_FORBIDDEN = 400, 403


def _gateway_error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"message": reason}, status, headers={"x-ca-error-message": reason})


def _vc(code: str, message: str, result: object) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "result": result})


def _signature_problem(request: Request, now: float, skew: float) -> str | None:
    headers = request.headers
    if headers.get("x-ca-key") != VC_APP_KEY:
        return "Invalid AppKey"
    try:
        stamp = int(headers.get("x-ca-timestamp", "")) / 1000
    except ValueError:
        return "Invalid Timestamp"
    if abs(stamp - now) > skew:
        return "Invalid Timestamp"
    _, raw_path = split_host(request.scope.get("raw_path", b"").decode("latin-1"))
    expected = vc_sign(
        method=request.method,
        accept=headers.get("accept", ""),
        content_md5=headers.get("content-md5", ""),
        content_type=headers.get("content-type", ""),
        date=headers.get("date", ""),
        nonce=headers.get("x-ca-nonce", ""),
        timestamp=headers.get("x-ca-timestamp", ""),
        path_and_query=raw_path,
    )
    if not hmac.compare_digest(expected, headers.get("x-ca-signature", "")):
        return "Invalid Signature"
    return None


def routes(state: CloudState) -> list[Route]:
    """The VC routes (mounted with the IAM ones on `sg-app-api.smart.com`)."""

    def ability(request: Request) -> Response:
        problem = _signature_problem(request, state.now(), state.config.timestamp_skew)
        entry = logged(request)
        entry.verdict = f"rejected gateway: {problem}" if problem else "verified"
        if problem:
            return _gateway_error(_HTTP_BAD_REQUEST, problem)
        session = state.sessions.get(request.headers.get("authorization", ""))
        id_grant = state.valid_grant(
            state.iam_tokens, request.headers.get("xs-auth-token", ""), consume=False
        )
        if (
            session is None
            or session.expires_at <= state.now()
            or id_grant is None
            or id_grant.account is not session.account
            or request.headers.get("x-smart-id") != session.account.user_id
        ):
            return _vc("401", "Unauthorized", None)
        vehicle = session.account.vehicles.get(request.path_params["vin"])
        if vehicle is None or request.path_params["model_code"] != vehicle.spec.model_code:
            return _vc("404", "Vehicle not found", None)
        return _vc("200", "Operation is Successful", ability_result(vehicle))

    return [Route(PATH_VC_ABILITY, endpoint(state, ability), methods=["GET"])]
