"""The scheduler's commands go through the same runner as a button press.

`RunnerCommands` is the scheduler's `CommandPort`: it re-checks that the schedule's owner may
still reach the car, builds the runner request with `source="schedule"` (so the audit log says
who asked), sends a climate preset with seat heat as one "warm car" command, waits out the
car's cool-down between the commands of one run (a charge limit,
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


def climate_command(car: CarRecord, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The runner action and parameters for a schedule's climate preset.

    With seat or wheel heat it is "warm car" (`warm_car`): one RCE_2 with the levels on a
    #1/#3, RCE_2 and one comfort request per heated seat on a #5, under one cool-down; without
    heat, plain climate.
    """
    del car  # the action's plan picks the requests per model
    temp = float(params.get("temp_c", 21.0))
    seat, wheel = int(params.get("seat_level", 0)), int(params.get("wheel_level", 0))
    heat = {place: level for place, level in (("driver", seat), ("passenger", seat),
                                              ("wheel", wheel)) if level}  # fmt: skip
    run: dict[str, Any] = {"temp_c": temp}
    minutes = params.get("minutes")
    if isinstance(minutes, int) and minutes > 0:
        run["minutes"] = minutes
    if heat:
        return "warm_car", {**run, "heat": heat}
    return "climate_on", run


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
            name, params = request.action, request.params
            if name == "climate_on":
                name, params = climate_command(car, params)
            runner_request = command_request(
                user_id=request.user_id, car=car, name=name, params=params, source="schedule"
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
