"""The trip journal's endpoints (REFERENCE §7.6): the per-session grant
(`POST /remote-control/user/authorization/insert`, service `travelLogBusiCode`) and
`GET …/journalLogV4/{vin}`, which answers 8153 until the session is granted for the car
and whenever the asked page holds no trip."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.guard import endpoint, require_session, require_vehicle, verify_signed
from bot.simulator.routes_session import json_object
from bot.simulator.state import CloudState
from bot.simulator.trips import journal_page
from bot.smart.const import PATH_JOURNAL_GRANT, PATH_JOURNAL_LOG, TRAVEL_LOG_SERVICE

MAX_PAGE_SIZE = 100


def _whole(request: Request, name: str, low: int = 0) -> int:
    try:
        value = int(request.query_params.get(name, ""))
    except ValueError:
        raise CloudError(codes.ILLEGAL_PARAMETER) from None
    if value < low:
        raise CloudError(codes.ILLEGAL_PARAMETER)
    return value


def routes(state: CloudState) -> list[Route]:
    """Routes for the ecloudeu hosts."""

    def grant(request: Request) -> Response:
        session = require_session(request, state, verify_signed(request, state))
        body = json_object(request)
        if body.get("serviceCode") != TRAVEL_LOG_SERVICE or body.get("authStatus") != 1:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        vin = str(body.get("vin", ""))
        require_vehicle(request, state, session, vin, selected=False)
        session.journal_grants.add(vin)
        return codes.ok(None)

    def journal(request: Request) -> Response:
        session = require_session(request, state, verify_signed(request, state))
        vin = request.path_params["vin"]
        vehicle = require_vehicle(request, state, session, vin)
        if request.query_params.get("userId") != session.account.user_id:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        start, end = _whole(request, "startTime"), _whole(request, "endTime")
        page, size = _whole(request, "pageIndex", 1), _whole(request, "pageSize", 1)
        if start > end or size > MAX_PAGE_SIZE:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        if vin not in session.journal_grants:
            raise CloudError(codes.DATA_UNAVAILABLE)
        data = journal_page(vehicle.trips, start_ms=start, end_ms=end, page=page, size=size)
        if data is None:
            raise CloudError(codes.DATA_UNAVAILABLE)
        return codes.ok(data)

    return [
        Route(PATH_JOURNAL_GRANT, endpoint(state, grant), methods=["POST"]),
        Route(PATH_JOURNAL_LOG, endpoint(state, journal), methods=["GET"]),
    ]
