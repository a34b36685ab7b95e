"""Commands whose process died before their outcome was recorded: finish them and tell.

A command's audit line is written before it leaves and kept alive by the process running it
(`bot.commands.runner`, `bot.storage.repo_inflight`). `CommandRecovery.run_once` (every few
seconds, in every process) takes over lines whose process stopped renewing them, never sends
the command again, and decides from the car what it can: the action's proof shows in a
fresh status read -> "confirmed"; otherwise (no proof for this action, the proof does not
show, the car or cloud cannot be read) -> "interrupted", which tells the user to check. Then
its `Resumer` tells the user where the original reporter would have (the Telegram layer
edits the progress message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.commands.actions import ACTIONS
from bot.commands.clients import ClientPool
from bot.commands.errors import CommandError
from bot.commands.runner import Result
from bot.commands.status import live_status
from bot.smart.errors import SmartAPIError
from bot.storage import repo_inflight, repo_vehicles
from bot.storage.crypto import CredentialsUndecryptableError
from bot.storage.db import Database
from bot.storage.repo_inflight import Orphan

_LOGGER = logging.getLogger(__name__)

RECOVER_EVERY_SECONDS = 5.0
HOLD_FOR = timedelta(seconds=60)  # a recovering process's claim on a line


class Resumer(Protocol):
    """Tells the user the outcome of a command another process started."""

    async def resumed(self, orphan: Orphan, result: Result) -> None:
        """Deliver `result` where the orphan's `progress` says."""


class CommandRecovery:
    """Finishes orphaned commands; one per process."""

    def __init__(
        self,
        *,
        db: Database,
        clients: ClientPool,
        clock: Callable[[], datetime],
        resumer: Resumer,
    ) -> None:
        self._db = db
        self._clients = clients
        self._clock = clock
        self._resumer = resumer

    async def run_once(self) -> int:
        """Take over, finish and report orphaned commands; returns how many."""
        now = self._clock()
        orphans = await repo_inflight.claim_orphans(self._db, now=now, hold_until=now + HOLD_FOR)
        for orphan in orphans:
            result = await self._settle(orphan)
            await repo_inflight.finish(self._db, audit_id=orphan.audit_id, result=result.value)
            _LOGGER.warning(
                "command %s of user %s was cut off by a restart; recorded as %s",
                orphan.action,
                orphan.user_id,
                result.value,
            )
            try:
                await self._resumer.resumed(orphan, result)
            except Exception:  # the line is finished; only telling went wrong
                _LOGGER.exception("could not tell the outcome of an interrupted command")
        return len(orphans)

    async def _settle(self, orphan: Orphan) -> Result:
        action = ACTIONS.get(orphan.action)
        vehicle_id = orphan.progress.get("vehicle_id")
        if action is None or action.proof is None or not isinstance(vehicle_id, int):
            return Result.INTERRUPTED
        car = await repo_vehicles.get_vehicle(self._db, vehicle_id=vehicle_id)
        if car is None or car.vin != orphan.vin:
            return Result.INTERRUPTED
        try:
            status = await live_status(self._clients, car)
        except (SmartAPIError, CommandError, CredentialsUndecryptableError) as err:
            _LOGGER.info("interrupted command: status unavailable (%s)", type(err).__name__)
            return Result.INTERRUPTED
        return (
            Result.CONFIRMED if action.proof.shown_by(status, orphan.params) else Result.INTERRUPTED
        )
