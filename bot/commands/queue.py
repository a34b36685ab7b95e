"""A command sent during its car's cool-down waits for the cool-down to end, instead of
being refused: one queued command per car, the newest wins.

`CommandQueue.start_or_queue` is the entry for a person's commands (chat, buttons): it
starts the command, or, when the car is within its cool-down, lets the reporter show it as
queued (`QueueingReporter.queued`), stores it (`bot.storage.repo_queue`, so every replica
sees it), tells the sender of a command it replaced (`QueueNotices.replaced`) and waits in
the background. When the cool-down ends it takes the command back, if it is still the car's
queued one, and starts it with the same reporter (the normal progress follows). A schedule
keeps calling the runner directly (it waits on its own).

If the process dies while a command waits, the command is never sent later by surprise:
`sweep` (every few seconds, in every process, with the recovery of commands) removes
queued commands nobody took within `GRACE` after they were due and tells their sender that
they were not sent (`QueueNotices.dropped`).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.commands.cooldown import CarCooldown
from bot.commands.errors import CarBusyError
from bot.commands.runner import CommandRequest, CommandRunner, ProgressReporter
from bot.storage import repo_queue
from bot.storage.db import Database
from bot.storage.repo_queue import QueuedCommand

_LOGGER = logging.getLogger(__name__)

SpawnWaiter = Callable[[Coroutine[Any, Any, None]], object]

# A queued command nobody took this long after it was due belongs to a dead process.
GRACE = timedelta(seconds=30)
# The waiter looks again at least this often (the command in front may end sooner).
LOOK_EVERY_SECONDS = 2.0
# What a command still on its way adds to the wait shown (the cloud's answer, typically).
IN_FLIGHT_SECONDS = 2
# How long a command may wait behind others before it is given up (and its sender told).
MAX_WAIT = timedelta(minutes=3)


class QueueingReporter(ProgressReporter, Protocol):
    """A reporter that can also show a command as queued."""

    async def queued(self, request: CommandRequest, seconds: int) -> dict[str, Any] | None:
        """Show that the command waits about `seconds` for the cool-down; returns where its
        sender is told later (JSON-safe), or None when nobody could be told (then it is not
        queued)."""


class QueueNotices(Protocol):
    """Tells the sender of a queued command that it will not be sent."""

    async def replaced(self, entry: QueuedCommand) -> None:
        """A newer command for the car took its place."""

    async def dropped(self, entry: QueuedCommand) -> None:
        """It was not sent: its process stopped, or it waited too long."""


class CommandQueue:
    """Starts a person's commands, queuing them behind the cool-down; one per process."""

    def __init__(
        self,
        *,
        db: Database,
        runner: CommandRunner,
        cooldown: CarCooldown,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
        spawn: SpawnWaiter,
    ) -> None:
        self._db = db
        self._runner = runner
        self._cooldown = cooldown
        self._clock = clock
        self._sleep = sleep
        self._spawn = spawn

    async def start_or_queue(
        self, request: CommandRequest, reporter: QueueingReporter, notices: QueueNotices
    ) -> bool:
        """Start the command now, or queue it when the car is within its cool-down.

        Returns True when it was queued.
        """
        try:
            await self._runner.start(request, reporter)
        except CarBusyError:
            left, in_flight = await self._cooldown.remaining(request.car, request.action)
            # A command still on its way: its cool-down starts when the cloud answers.
            wait = math.ceil(left) + (IN_FLIGHT_SECONDS if in_flight else 0)
        else:
            return False
        progress = await reporter.queued(request, wait)
        if progress is None:
            return False
        now = self._clock()
        entry = QueuedCommand(
            vehicle_id=request.car.id,
            token=secrets.token_hex(8),
            user_id=request.user_id,
            action=request.action.name,
            source=request.source,
            due_at=now + timedelta(seconds=wait),
            queued_at=now,
            params=dict(request.params),
            progress=progress,
        )
        replaced = await repo_queue.put(self._db, entry)
        _LOGGER.info("user %s: %s queued behind the cool-down", request.user_id, entry.action)
        if replaced is not None:
            await _tell(notices.replaced, replaced)
        self._spawn(self._wait(entry, request, reporter, notices))
        return True

    async def _wait(
        self,
        entry: QueuedCommand,
        request: CommandRequest,
        reporter: QueueingReporter,
        notices: QueueNotices,
    ) -> None:
        while True:
            left, in_flight = await self._cooldown.remaining(request.car, request.action)
            if left > 0 or in_flight:
                pause = min(max(left, 0.5), LOOK_EVERY_SECONDS)
                # Still waiting, so not swept as a dead process's; gone when replaced.
                due = self._clock() + timedelta(seconds=max(left, pause))
                mine = await repo_queue.postpone(
                    self._db, vehicle_id=entry.vehicle_id, token=entry.token, due_at=due
                )
                if not mine:
                    return  # replaced (its replacer told the sender) or swept
                await self._sleep(pause)
                continue
            if not await repo_queue.take(self._db, vehicle_id=entry.vehicle_id, token=entry.token):
                return
            try:
                await self._runner.start(request, reporter)
            except CarBusyError as busy:
                again = await self._again(entry, busy, notices)
                if again is None:
                    return
                entry = again
                continue
            except Exception:
                _LOGGER.exception("a queued %s could not be started", entry.action)
                await _tell(notices.dropped, entry)
            return

    async def _again(
        self, entry: QueuedCommand, busy: CarBusyError, notices: QueueNotices
    ) -> QueuedCommand | None:
        """The car is still busy (another command went first): queue it again, unless it
        waited too long or a newer one took its place."""
        now = self._clock()
        if now - entry.queued_at > MAX_WAIT:
            await _tell(notices.dropped, entry)
            return None
        seconds = busy.details.get("seconds")
        wait = float(seconds) if isinstance(seconds, int | float) else LOOK_EVERY_SECONDS
        again = dataclasses.replace(entry, due_at=now + timedelta(seconds=max(wait, 1.0)))
        if not await repo_queue.put_back(self._db, again):
            await _tell(notices.replaced, entry)
            return None
        return again

    async def sweep(self, notices: QueueNotices) -> int:
        """Remove the queued commands of dead processes and tell their senders; how many."""
        swept = await repo_queue.sweep(self._db, due_before=self._clock() - GRACE)
        for entry in swept:
            _LOGGER.warning("a queued %s of user %s was not sent", entry.action, entry.user_id)
            await _tell(notices.dropped, entry)
        return len(swept)


async def _tell(notice: Callable[[QueuedCommand], Awaitable[None]], entry: QueuedCommand) -> None:
    try:
        await notice(entry)
    except Exception:  # the queue is right; only telling went wrong
        _LOGGER.exception("could not tell the sender of a queued command")
