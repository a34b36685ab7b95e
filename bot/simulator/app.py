"""The ASGI application: every cloud host mounted under `/<host>`, `/_sim` for control, all
wrapped in `CloudMiddleware` (request log, latency, faults)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp

from bot.simulator import (
    car_timers,
    routes_control,
    routes_eu_auth,
    routes_intl_auth,
    routes_journal,
    routes_ota,
    routes_session,
    routes_vc,
    routes_vehicle,
)
from bot.simulator.middleware import CONTROL_PREFIX, CloudMiddleware
from bot.smart.const import HOST_API_V1, HOST_API_V2, HOST_OTA, HOST_SG_APP_API


def build_app(sim: routes_control.ControlledCloud) -> ASGIApp:
    """The simulator's ASGI app for `sim`."""
    state = sim.state
    ecloud = (
        routes_session.routes(state)
        + routes_vehicle.routes(state)
        + routes_journal.routes(state)
        + car_timers.routes(state)
    )
    per_host: dict[str, list[BaseRoute]] = {HOST_API_V1: list(ecloud), HOST_API_V2: list(ecloud)}
    per_host[HOST_SG_APP_API] = [*routes_intl_auth.routes(state), *routes_vc.routes(state)]
    per_host[HOST_OTA] = list(routes_ota.routes(state))
    for host, routes in routes_eu_auth.routes(state).items():
        per_host.setdefault(host, []).extend(routes)
    mounts: list[BaseRoute] = [Mount(CONTROL_PREFIX, routes=routes_control.routes(sim))]
    mounts += [Mount(f"/{host}", routes=routes) for host, routes in per_host.items()]
    return CloudMiddleware(
        Starlette(routes=mounts), state=state, faults=sim.faults, log=sim.log, sleep=sim.sleep
    )
