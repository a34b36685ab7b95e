"""The car's own timers, simulated: a climate timer and a charging reservation per car.

`GET/PUT /remote-control/schedule/{vin}` and `GET/PUT /remote-control/charging/reservation/
{vin}` in the shapes of REFERENCE §7.9/§7.10 (documentation examples: a `scheduleList`, a
`data` object with `reservationStatus`). A PUT takes the partial bodies of §8.5, one field
each. Once a timer has a time it is armed as a pending change on the car: at that time in the
car's zone the car starts climate (or charging, when plugged in) by itself, and re-arms for
the next day. Tests can thereby tell the car's timer from the bot's own schedule: only the
bot's sends a command through the API.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.guard import endpoint, require_session, require_vehicle, verify_signed
from bot.simulator.middleware import logged
from bot.simulator.model import PendingChange, VehicleState
from bot.simulator.routes_session import json_object
from bot.simulator.state import CloudState
from bot.simulator.timer_state import SimCarTimers
from bot.smart.timers import PATH_CHARGING_RESERVATION, PATH_CLIMATE_SCHEDULE, clock_text

CAR_ZONE = ZoneInfo("Europe/Berlin")  # the simulated cars' clocks (all EU cars here)
TIMER_SERVICE = "car_timer"


def _next_at(clock: str, now: float) -> float:
    hour, minute = (int(part) for part in clock.split(":"))
    local = datetime.fromtimestamp(now, UTC).astimezone(CAR_ZONE)
    for days in range(3):
        day = (local + timedelta(days=days)).date()
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=CAR_ZONE)
        if candidate.timestamp() > now:
            return candidate.timestamp()
    raise AssertionError("unreachable: a clock time recurs every day")  # pragma: no cover


def _arm(vehicle: VehicleState, timers: SimCarTimers, now: float, minutes: float) -> None:
    """Queue the next firing of each timer that has a time; older arms become no-ops."""
    timers.generation += 1
    generation = timers.generation
    if timers.climate_time and timers.climate_enabled:
        due = _next_at(timers.climate_time, now)
        _queue(vehicle, timers, generation, "climate", due, minutes)
    if timers.charge_start:
        due = _next_at(timers.charge_start, now)
        _queue(vehicle, timers, generation, "charge_start", due, minutes)
    if timers.charge_end:
        due = _next_at(timers.charge_end, now)
        _queue(vehicle, timers, generation, "charge_end", due, minutes)


def _queue(  # noqa: PLR0917
    vehicle: VehicleState,
    timers: SimCarTimers,
    generation: int,
    what: str,
    due: float,
    minutes: float,
) -> None:
    def apply(car: VehicleState, at: float) -> None:
        if timers.generation != generation:
            return
        timers.fired.append(what)
        if what == "climate":
            car.climate_on = True
            car.climate_target_c = timers.climate_temperature
            car.climate_until = at + minutes * 60
        elif what == "charge_start":
            if timers.charge_target is not None:
                car.charge_target = timers.charge_target
            car.charging = car.plugged_in and car.soc < car.charge_target
        else:
            car.charging = False
        next_clock = {
            "climate": timers.climate_time,
            "charge_start": timers.charge_start,
            "charge_end": timers.charge_end,
        }[what]
        if next_clock:
            _queue(car, timers, generation, what, _next_at(next_clock, at), minutes)

    change = PendingChange(due, TIMER_SERVICE, f"car timer: {what}", apply)
    bisect.insort(vehicle.pending, change, key=lambda pending: pending.due)


def _put_schedule(timers: SimCarTimers, body: dict[str, Any]) -> None:
    """One partial climate-timer body: `scheduledTime` or `enabled`; anything else is 1400."""
    if set(body) == {"scheduledTime"} and clock_text(body["scheduledTime"]):
        timers.climate_time = str(body["scheduledTime"])
    elif set(body) == {"enabled"} and isinstance(body["enabled"], bool):
        timers.climate_enabled = body["enabled"]
    else:
        raise CloudError(codes.ILLEGAL_PARAMETER)


def _put_reservation(timers: SimCarTimers, body: dict[str, Any]) -> None:
    """One partial reservation body: `startTime`, `endTime` or `targetSoc` (50-100)."""
    key = next(iter(body)) if len(body) == 1 else None
    value = body.get(key) if key else None
    if key in ("startTime", "endTime") and clock_text(value):
        if key == "startTime":
            timers.charge_start = str(value)
        else:
            timers.charge_end = str(value)
    elif key == "targetSoc" and isinstance(value, int) and 50 <= value <= 100:
        timers.charge_target = value
    else:
        raise CloudError(codes.ILLEGAL_PARAMETER)


def routes(state: CloudState) -> list[Route]:
    """The two timer endpoints on the ecloudeu hosts (timers kept in `state.car_timers`)."""
    store = state.car_timers

    def car(request: Request) -> tuple[VehicleState, SimCarTimers]:
        session = require_session(request, state, verify_signed(request, state))
        vehicle = require_vehicle(request, state, session, request.path_params["vin"])
        return vehicle, store.setdefault(vehicle.vin, SimCarTimers())

    def put(request: Request, change: Callable[[SimCarTimers, dict[str, Any]], None]) -> Response:
        vehicle, timers = car(request)
        body = json_object(request)
        change(timers, body)
        _arm(vehicle, timers, state.now(), state.config.climate_minutes)
        logged(request).extra["command"] = f"car timer {sorted(body)}"
        return codes.ok(None)

    def schedule(request: Request) -> Response:
        if request.method == "PUT":
            return put(request, _put_schedule)
        _, timers = car(request)
        if timers.climate_time is None:
            return codes.ok({"scheduleList": []})
        entry = {
            "scheduleId": "1",
            "enabled": timers.climate_enabled,
            "scheduledTime": timers.climate_time,
            "temperature": f"{timers.climate_temperature:.1f}",
            "duration": 180,
        }
        return codes.ok({"scheduleList": [entry]})

    def reservation(request: Request) -> Response:
        if request.method == "PUT":
            return put(request, _put_reservation)
        _, timers = car(request)
        if timers.charge_start is None and timers.charge_end is None:
            return codes.ok(None)
        data = {
            "reservationStatus": "active" if timers.charge_start else "inactive",
            "startTime": timers.charge_start or "",
            "endTime": timers.charge_end or "",
            "targetSoc": str(timers.charge_target or ""),
        }
        return codes.ok(data)

    return [
        Route(PATH_CLIMATE_SCHEDULE, endpoint(state, schedule), methods=["GET", "PUT"]),
        Route(PATH_CHARGING_RESERVATION, endpoint(state, reservation), methods=["GET", "PUT"]),
    ]
