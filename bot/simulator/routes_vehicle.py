"""Signed vehicle endpoints on the ecloudeu hosts: vehicle list, selection, status, charge
target, car state, capabilities, #5 DC info, and the command PUTs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.guard import endpoint, require_session, require_vehicle, verify_signed
from bot.simulator.middleware import logged, raw_body
from bot.simulator.model import PendingChange, VehicleState
from bot.simulator.physics import settle
from bot.simulator.render_other import (
    capability_data,
    qrvs_data,
    soc_data,
    state_data,
    telematics_data,
    vehicle_list_item,
)
from bot.simulator.render_status import render_status
from bot.simulator.routes_session import json_object
from bot.simulator.services import parse_destination, plan_command
from bot.simulator.services_comfort import pace_rce
from bot.simulator.state import ApiSession, CloudState
from bot.smart.const import (
    PATH_CAPABILITY,
    PATH_JOURNAL_TOGGLE,
    PATH_SELECT_VEHICLE,
    PATH_SOC,
    PATH_STATE,
    PATH_STATUS,
    PATH_TELEMATICS,
    PATH_VEHICLE_LIST,
)

PATH_QRVS = "/geelyTCAccess/tcservices/vehicle/status/qrvs/{vin}"
PATH_SEND_TO_CAR = "/geelyTCAccess/tcservices/ihu/send/to/car"


def routes(state: CloudState) -> list[Route]:  # noqa: C901, PLR0915 (one closure per endpoint)
    """Routes for the ecloudeu hosts."""

    def caller(request: Request) -> ApiSession:
        return require_session(request, state, verify_signed(request, state))

    def car(request: Request, *, selected: bool = True) -> VehicleState:
        session = caller(request)
        return require_vehicle(
            request, state, session, request.path_params["vin"], selected=selected
        )

    def vehicle_list(request: Request) -> Response:
        session = caller(request)
        if request.query_params.get("userId") != session.account.user_id:
            raise CloudError(codes.ILLEGAL_PARAMETER)
        account = session.account
        items = [
            vehicle_list_item(v, index=i, selected=v.vin == account.selected_vin)
            for i, v in enumerate(account.vehicles.values())
        ]
        return codes.ok({"list": items}, message=None)

    def select(request: Request) -> Response:
        session = caller(request)
        body = json_object(request)
        if body.get("sessionToken") != session.access_token:
            raise CloudError(codes.TOKEN_INVALID)
        vin = str(body.get("vin", ""))
        if state.find_vehicle(vin) is None:
            raise CloudError(codes.VIN_NOT_FOUND)
        if vin not in session.account.vehicles:
            raise CloudError(codes.NOT_BOUND)
        session.account.selected_vin = vin
        return codes.ok(None)

    def status(request: Request) -> Response:
        return JSONResponse(render_status(car(request)))

    def soc(request: Request) -> Response:
        return codes.ok(soc_data(car(request), state.now()))

    def car_state(request: Request) -> Response:
        return codes.ok(state_data(car(request), state.now()))

    def capability(request: Request) -> Response:
        return codes.ok(capability_data(car(request, selected=False)))

    def qrvs(request: Request) -> Response:
        vehicle = car(request)
        if not vehicle.spec.uses_api_v2:
            raise CloudError(codes.DATA_UNAVAILABLE)
        return codes.ok(qrvs_data(vehicle))

    def send_to_car(request: Request) -> Response:
        session = caller(request)
        vin = request.query_params.get("vin", "")
        vehicle = require_vehicle(request, state, session, vin, selected=True)
        destination = parse_destination(json_object(request))
        now = state.now()

        def arrive(car: VehicleState, at: float) -> None:
            car.destinations.append({**destination, "at": at})
            car.record(at, f"navigation to {destination['name']}")

        vehicle.pending.append(
            PendingChange(now + state.config.command_delay, "IHU", "destination", arrive)
        )
        settle(vehicle, now)
        logged(request).extra["command"] = "send destination"
        return codes.ok(None)

    def command(request: Request, *, journal_path: bool) -> VehicleState:
        vehicle = car(request)
        plan = plan_command(
            raw_body(request),
            vehicle,
            journal_path=journal_path,
            climate_minutes=state.config.climate_minutes,
        )
        now = state.now()
        plan = pace_rce(plan, vehicle, now, state.config.rce_ignore_seconds)
        vehicle.pending.append(
            PendingChange(
                now + state.config.command_delay, plan.service_id, plan.description, plan.apply
            )
        )
        settle(vehicle, now)
        logged(request).extra["command"] = plan.description
        return vehicle

    def telematics(request: Request) -> Response:
        vehicle = command(request, journal_path=False)
        service_id = str(json_object(request)["serviceId"])
        return codes.ok(telematics_data(vehicle, service_id, state.now()))

    def journal(request: Request) -> Response:
        command(request, journal_path=True)
        return codes.ok({})

    return [
        Route(PATH_VEHICLE_LIST, endpoint(state, vehicle_list), methods=["GET"]),
        Route(PATH_SELECT_VEHICLE, endpoint(state, select), methods=["POST"]),
        Route(PATH_SOC, endpoint(state, soc), methods=["GET"]),
        Route(PATH_STATE, endpoint(state, car_state), methods=["GET"]),
        Route(PATH_STATUS, endpoint(state, status), methods=["GET"]),
        Route(PATH_CAPABILITY, endpoint(state, capability), methods=["GET"]),
        Route(PATH_QRVS, endpoint(state, qrvs), methods=["GET"]),
        Route(PATH_TELEMATICS, endpoint(state, telematics), methods=["PUT"]),
        Route(PATH_SEND_TO_CAR, endpoint(state, send_to_car), methods=["POST"]),
        Route(PATH_JOURNAL_TOGGLE, endpoint(state, journal), methods=["PUT"]),
    ]
