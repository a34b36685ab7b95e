"""The scheduler's commands go through the same runner as a button press.

`RunnerCommands` is the scheduler's `CommandPort`: it re-checks that the schedule's owner may
still reach the car, builds the runner request with `source="schedule"` (so the audit log says
who asked), waits out the car's cool-down between the commands of one run (a charge limit,
then "charge"), and turns the runner's outcome into the scheduler's. Nobody watches a chat
while it runs, so its progress reporter shows nothing; the scheduler tells the owner once,
when the whole run is over.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.commands.cars import reachable_car
from bot.commands.errors import CarBusyError, CommandError
from bot.commands.runner import CommandRequest as RunnerRequest
from bot.commands.runner import CommandRunner, Result, command_request
from bot.commands.runner import Outcome as RunnerOutcome
from bot.schedules.engine import CommandRequest, Outcome
from bot.smart.models import CarModel
from bot.storage.db import Database
from bot.storage.records import CarRecord

_LOGGER = logging.getLogger(__name__)

BUSY_ATTEMPTS = 4
# Confirmed by the car; sent and accepted, but not (yet) shown by the status; refused or failed.
_OUTCOMES = {
    Result.CONFIRMED: Outcome.DONE,
    Result.ACCEPTED: Outcome.SENT,
    Result.TIMEOUT: Outcome.SENT,
    Result.REJECTED: Outcome.FAILED,
    Result.FAILED: Outcome.FAILED,
}


class _Unwatched:
    """A `ProgressReporter` for a run nobody watches in a chat."""

    async def started(self, request: RunnerRequest) -> bool:
        """Nothing to show; the command may go."""
        del request
        return True

    async def finished(self, request: RunnerRequest, outcome: RunnerOutcome) -> None:
        """The scheduler reports the whole run; nothing to do per command."""
        del request, outcome


def climate_params(car: CarRecord, params: dict[str, Any]) -> dict[str, Any]:
    """The runner's climate parameters for a schedule's preset on this car.

    Seat and wheel heat ride in the same RCE_2 command on a #1 and #3 (`heat`); a #5 heats
    seats through its own comfort service, so its schedule starts the climate alone.
    """
    climate: dict[str, Any] = {"temp_c": float(params.get("temp_c", 21.0))}
    seat, wheel = int(params.get("seat_level", 0)), int(params.get("wheel_level", 0))
    heat = {"driver": seat, "passenger": seat, "wheel": wheel}
    if car.model is not CarModel.SMART_5 and any(heat.values()):
        climate["heat"] = {place: level for place, level in heat.items() if level}
    return climate


class RunnerCommands:
    """The scheduler's `CommandPort` on top of the `CommandRunner`."""

    def __init__(
        self,
        *,
        db: Database,
        runner: CommandRunner,
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._db = db
        self._runner = runner
        self._sleep = sleep

    async def run(self, request: CommandRequest) -> Outcome:
        """Send one command of a run and follow it through; DONE, SENT or FAILED."""
        try:
            car = await reachable_car(
                self._db, user_id=request.user_id, vehicle_id=request.vehicle_id
            )
            params = request.params
            if request.action == "climate_on":
                params = climate_params(car, params)
            runner_request = command_request(
                user_id=request.user_id,
                car=car,
                name=request.action,
                params=params,
                source="schedule",
            )
        except CommandError as refused:
            _LOGGER.info("schedule of user %s: %s", request.user_id, type(refused).__name__)
            return Outcome.FAILED
        for _ in range(BUSY_ATTEMPTS):
            try:
                task = await self._runner.start(runner_request, _Unwatched())
            except CarBusyError as busy:
                seconds = busy.details.get("seconds")
                await self._sleep(float(seconds) if isinstance(seconds, int | float) else 5.0)
                continue
            if task is None:
                return Outcome.FAILED
            return _OUTCOMES[(await task).result]
        return Outcome.FAILED
