"""Checks shared by the ecloudeu handlers: signature, session token, VIN ownership, host and
selected vehicle - in the order the cloud reports them - and the wrapper that turns a
`CloudError` into its envelope and records the outcome in the request log."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.middleware import api_path, cloud_host, logged, raw_body
from bot.simulator.model import VehicleState
from bot.simulator.physics import settle
from bot.simulator.signature import verify_request
from bot.simulator.state import ApiSession, CloudState
from bot.smart.const import HOST_API_V2, Region

Handler = Callable[[Request], Awaitable[Response]]
SyncHandler = Callable[[Request], Response]


@dataclass(frozen=True, slots=True)
class Signed:
    """A request whose signature verified: its region (from `x-app-id`)."""

    region: Region


def verify_signed(request: Request, state: CloudState) -> Signed:
    """Verify the signature headers; raises `CloudError` (1400/1442/1443/1445)."""
    verdict = verify_request(
        request.headers,
        method=request.method,
        api_path=api_path(request),
        raw_query=request.scope.get("query_string", b"").decode("latin-1"),
        body=raw_body(request),
        now=state.now(),
        skew=state.config.timestamp_skew,
        remember_nonce=state.remember_nonce,
    )
    entry = logged(request)
    entry.verdict = "verified" if verdict.ok else f"rejected {verdict.code}: {verdict.reason}"
    if verdict.code is not None or verdict.region is None:
        raise CloudError(verdict.code or codes.SIGNATURE_ERROR)
    entry.extra["signature"] = "verified"
    return Signed(verdict.region)


def require_session(request: Request, state: CloudState, signed: Signed) -> ApiSession:
    """The live API session named by `authorization`; 1402 when missing, unknown or expired."""
    token = request.headers.get("authorization", "")
    session = state.sessions.get(token)
    if session is None or session.expires_at <= state.now() or session.region is not signed.region:
        raise CloudError(codes.TOKEN_INVALID)
    return session


def require_vehicle(
    request: Request, state: CloudState, session: ApiSession, vin: str, *, selected: bool = True
) -> VehicleState:
    """The caller's car `vin`, settled to now.

    Raises `CloudError`: 8060 for an unknown VIN or a #5 asked on the v1 host, 8040 for a car
    of another account, 8006 when another vehicle (or none) is selected for the account.
    """
    vehicle = state.find_vehicle(vin)
    if vehicle is None:
        raise CloudError(codes.VIN_NOT_FOUND)
    if vin not in session.account.vehicles:
        raise CloudError(codes.NOT_BOUND)
    if vehicle.spec.uses_api_v2 and cloud_host(request) != HOST_API_V2:
        raise CloudError(codes.VIN_NOT_FOUND)
    if selected and session.account.selected_vin != vin:
        raise CloudError(codes.NOT_SELECTED)
    settle(vehicle, state.now())
    return vehicle


def endpoint(state: CloudState, func: SyncHandler) -> Handler:
    """Run `func` under the state lock; answer a `CloudError` with its envelope; log the code.

    Handlers are synchronous on purpose: nothing awaits while the lock is held.
    """

    async def wrapped(request: Request) -> Response:
        await request.body()
        entry = logged(request)
        with state.lock:
            try:
                response = func(request)
            except CloudError as err:
                response = err.response()
        if entry.verdict == "unhandled":
            entry.verdict = "unsigned"
        if response.media_type == "application/json":
            try:
                body = json.loads(bytes(response.body))
                code = body.get("code", body.get("errorCode"))
            except (ValueError, AttributeError):
                code = None
            entry.code = None if code is None else str(code)
        return response

    return wrapped
