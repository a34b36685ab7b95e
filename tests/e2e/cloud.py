"""What the simulated cloud saw and how its cars change, for the end-to-end tests."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.simulator import Simulator
from bot.simulator.encode import mas
from bot.simulator.faults import LoggedRequest
from bot.simulator.model import VehicleState

STATUS_RE = re.compile(r"^/remote-control/vehicle/status/([A-HJ-NPR-Z0-9]{17})$")
COMMAND_PATH = "/remote-control/vehicle/telematics/"


def command_requests(sim: Simulator, service_id: str | None = None) -> list[LoggedRequest]:
    """Remote-control requests the cloud received (optionally of one service), oldest first."""
    found = []
    for entry in sim.requests:
        if entry.method not in {"PUT", "POST"}:
            continue
        if COMMAND_PATH not in entry.path:
            continue
        try:
            body = json.loads(entry.body or "{}")
        except ValueError:
            continue
        if service_id is None or str(body.get("serviceId", "")).upper() == service_id:
            found.append(entry)
    return found


def status_requests(sim: Simulator, vin: str | None = None) -> list[LoggedRequest]:
    """Full status reads the cloud received (of one car), oldest first."""
    found = []
    for entry in sim.requests:
        match = STATUS_RE.match(entry.path)
        if match and entry.method == "GET" and (vin is None or match.group(1) == vin):
            found.append(entry)
    return found


def signed_and_verified(entry: LoggedRequest) -> bool:
    """The simulator checked the request's signature and accepted it."""
    return entry.verdict == "verified"


def set_car(sim: Simulator, vin: str, **values: Any) -> VehicleState:
    """Change fields of a simulated car as if the car had uploaded them just now."""
    with sim.state.lock:
        vehicle = sim.vehicle(vin)
        for name, value in values.items():
            if not hasattr(vehicle, name):
                raise AttributeError(name)
            setattr(vehicle, name, value)
        vehicle.touch(sim.now())
        return vehicle


def cloud_secrets(sim: Simulator) -> set[str]:
    """Every token the simulated cloud issued, and its accounts' passwords."""
    state = sim.state
    with state.lock:
        found: set[str] = {a.password for a in state.accounts.values()}
        for table in (
            state.sessions,
            state.refresh_tokens,
            state.oauth_tokens,
            state.login_tokens,
            state.iam_tokens,
            state.auth_codes,
        ):
            found.update(table)
    return {s for s in found if len(s) >= 8}


def _degrees(value: float) -> str:
    """The value as logged with at least its first four decimals ("52.5200", "13.4049")."""
    text = repr(value)
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals[:4]}" if decimals else text


def car_positions(sim: Simulator) -> set[str]:
    """Every car's position as text that would betray it in a log: decimal degrees (4
    decimals) and the cloud's milli-arc-seconds."""
    found: set[str] = set()
    with sim.state.lock:
        vehicles = [v for account in sim.state.accounts.values() for v in account.vehicles.values()]
        for vehicle in vehicles:
            for value in (vehicle.latitude, vehicle.longitude):
                if value is not None:
                    found.update({_degrees(value), mas(value)})
    return found
