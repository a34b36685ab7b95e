"""The `/_sim/...` control API (simulator only, never a cloud host): request log, faults,
latency and config, accounts, car snapshots, scenarios and the manual clock."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator.faults import Fault, FaultBook, LoggedRequest, RequestLog
from bot.simulator.middleware import Sleep
from bot.simulator.model import VehicleState
from bot.simulator.seed import SeedError
from bot.simulator.state import CloudState, SimConfig


class ControlledCloud(Protocol):
    """What the app and its control API use of the simulator (`Simulator` provides it); a
    protocol, so that the simulator can build its app without the two importing each other."""

    state: CloudState
    config: SimConfig
    faults: FaultBook
    log: RequestLog
    sleep: Sleep

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request so far."""

    def now(self) -> float:
        """The simulated time."""

    def advance(self, seconds: float) -> None:
        """Move the simulated time on."""

    def clear_requests(self) -> None:
        """Forget the request log."""

    def clear_faults(self) -> None:
        """Drop every pending fault."""

    def inject(self, fault: Fault) -> Fault:
        """Queue a fault."""

    def load(self, data: dict[str, Any]) -> None:
        """Add accounts and config from a seed mapping."""

    def select_vehicle(self, email: str, vin: str) -> None:
        """Select the account's car as the app would."""

    def expire_tokens(self, email: str | None = None) -> int:
        """Expire the sessions (of one account); returns how many."""

    def vehicle(self, vin: str) -> VehicleState:
        """The simulated car."""


SCENARIOS = frozenset(
    {
        "plug_in", "unplug", "start_charging", "stop_charging", "drive", "start_driving", "park",
        "move", "move_while_locked", "open_door", "close_door", "drain_battery", "lose_gps",
        "offer_update", "install_update", "switch_capability",
    }
)  # fmt: skip
_FAULT_FIELDS = {f.name for f in fields(Fault)}


def snapshot(vehicle: VehicleState) -> dict[str, Any]:
    """A JSON view of a car's simulated state."""
    return {
        "vin": vehicle.vin,
        "model": vehicle.model.value,
        "region": vehicle.region.value,
        "soc": round(vehicle.soc, 3),
        "battery_percent": vehicle.battery_percent,
        "range_km": vehicle.range_km,
        "charge_target": vehicle.charge_target,
        "plugged_in": vehicle.plugged_in,
        "dc_plug": vehicle.dc_plug,
        "charging": vehicle.charging,
        "charge_lid_open": vehicle.charge_lid_open,
        "locked": vehicle.locked,
        "trunk_locked": vehicle.trunk_locked,
        "doors_open": sorted(vehicle.doors_open),
        "trunk_open": vehicle.trunk_open,
        "hood_open": vehicle.hood_open,
        "window_percent": dict(vehicle.window_percent),
        "sunshade_open": vehicle.sunshade_open,
        "climate_on": vehicle.climate_on,
        "climate_target_c": vehicle.climate_target_c,
        "defrost": vehicle.defrost,
        "seat_heat": dict(vehicle.seat_heat),
        "seat_vent": dict(vehicle.seat_vent),
        "trim": vehicle.trim,
        "capabilities_off": sorted(vehicle.capabilities_off),
        "destinations": list(vehicle.destinations),
        "washer_fluid_low": vehicle.washer_fluid_low,
        "aux_battery_percent": vehicle.aux_battery_percent,
        "cabin_pm25": vehicle.cabin_pm25,
        "interior_temp_c": round(vehicle.interior_temp_c, 3),
        "reported_interior_temp_c": round(vehicle.reported_interior_temp_c, 3),
        "exterior_temp_c": vehicle.exterior_temp_c,
        "odometer_km": round(vehicle.odometer_km, 3),
        "latitude": vehicle.latitude,
        "longitude": vehicle.longitude,
        "driving": vehicle.driving,
        "speed_kmh": vehicle.speed_kmh,
        "journal_enabled": vehicle.journal_enabled,
        "fridge_on": vehicle.fridge_on,
        "fragrance_on": vehicle.fragrance_on,
        "tracking_on": vehicle.tracking_on,
        "locker_locked": vehicle.locker_locked,
        "firmware_version": vehicle.firmware_version,
        "firmware_target": vehicle.firmware_target,
        "updated_at": vehicle.updated_at,
        "pending": [
            {"due": p.due, "service_id": p.service_id, "description": p.description}
            for p in vehicle.pending
        ],
        "events": [{"at": at, "event": event} for at, event in vehicle.events],
    }


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        msg = "body must be a JSON object"
        raise TypeError(msg)
    return data


def _bad(reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, 400)


def routes(sim: ControlledCloud) -> list[Route]:  # noqa: C901, PLR0915 (one closure per endpoint)
    """The control routes, relative to `/_sim`."""

    async def health(_request: Request) -> Response:
        return JSONResponse({"ok": True, "now": sim.now()})

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            sim.clear_requests()
            return JSONResponse({"cleared": True})
        return JSONResponse({"requests": [entry.to_dict() for entry in sim.requests]})

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            sim.clear_faults()
            return JSONResponse({"cleared": True})
        if request.method == "POST":
            try:
                body = await _json(request)
                unknown = set(body) - _FAULT_FIELDS
                if unknown:
                    return _bad(f"unknown fault fields: {sorted(unknown)}")
                fault = sim.inject(Fault(**body))
            except (TypeError, ValueError) as err:
                return _bad(str(err))
            return JSONResponse(fault.to_dict(), 201)
        return JSONResponse({"faults": [f.to_dict() for f in sim.faults.pending()]})

    async def config(request: Request) -> Response:
        if request.method == "PUT":
            try:
                with sim.state.lock:
                    sim.config.update(await _json(request))
            except (KeyError, TypeError, ValueError) as err:
                return _bad(f"bad config: {err}")
        return JSONResponse({f.name: getattr(sim.config, f.name) for f in fields(sim.config)})

    async def accounts(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await _json(request)
                with sim.state.lock:
                    sim.load({"accounts": [body]})
            except (KeyError, TypeError, ValueError, SeedError) as err:
                return _bad(f"bad account: {err}")
        with sim.state.lock:
            listing = [
                {
                    "email": a.email,
                    "region": a.region.value,
                    "user_id": a.user_id,
                    "vins": list(a.vehicles),
                    "selected_vin": a.selected_vin,
                }
                for a in sim.state.accounts.values()
            ]
        return JSONResponse({"accounts": listing})

    async def select(request: Request) -> Response:
        try:
            body = await _json(request)
            sim.select_vehicle(request.path_params["email"], str(body["vin"]))
        except (KeyError, TypeError, ValueError) as err:
            return _bad(f"cannot select: {err}")
        return JSONResponse({"selected_vin": body["vin"]})

    async def expire(request: Request) -> Response:
        try:
            body = await _json(request)
            count = sim.expire_tokens(body.get("email"))
        except (KeyError, TypeError, ValueError) as err:
            return _bad(f"cannot expire: {err}")
        return JSONResponse({"expired": count})

    async def vehicle(request: Request) -> Response:
        try:
            with sim.state.lock:
                return JSONResponse(snapshot(sim.vehicle(request.path_params["vin"])))
        except KeyError:
            return JSONResponse({"error": "unknown VIN"}, 404)

    async def scenario(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in SCENARIOS:
            return _bad(f"unknown scenario; one of {sorted(SCENARIOS)}")
        try:
            kwargs = await _json(request)
            with sim.state.lock:
                car = getattr(sim, name)(request.path_params["vin"], **kwargs)
                return JSONResponse(snapshot(car))
        except KeyError:
            return JSONResponse({"error": "unknown VIN"}, 404)
        except (TypeError, ValueError) as err:
            return _bad(f"bad scenario arguments: {err}")

    async def advance(request: Request) -> Response:
        try:
            sim.advance(float((await _json(request))["seconds"]))
        except (KeyError, TypeError, ValueError) as err:
            return JSONResponse({"error": f"cannot advance: {err}"}, 409)
        return JSONResponse({"now": sim.now()})

    return [
        Route("/health", health, methods=["GET"]),
        Route("/requests", requests, methods=["GET", "DELETE"]),
        Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/config", config, methods=["GET", "PUT"]),
        Route("/accounts", accounts, methods=["GET", "POST"]),
        Route("/accounts/{email}/select", select, methods=["POST"]),
        Route("/sessions/expire", expire, methods=["POST"]),
        Route("/vehicles/{vin}", vehicle, methods=["GET"]),
        Route("/vehicles/{vin}/{name}", scenario, methods=["POST"]),
        Route("/clock/advance", advance, methods=["POST"]),
    ]
