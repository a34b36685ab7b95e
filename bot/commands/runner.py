"""Running a remote command and following it through to what the car reports.

`CommandRunner.start` is the one entry for every caller (a chat command, a button, a
confirmation; later a schedule or a rule): it claims the car (`CarCooldown`), lets the
caller's `ProgressReporter` show that the command is on its way, and runs the rest in the
background (a minute of re-reading must not hold up anything else): it sends the command,
re-reads the status every few seconds until the action's proof shows or a minute passes,
audits the outcome and hands it to the reporter. The Telegram layer's reporter edits the
progress message; a schedule's would send a notification.

The audit line is written before the command leaves (result "sending", `repo_inflight`),
with where the reporter tells the outcome when it says (`Resumable`), and kept alive while
the command runs; if the process dies, `bot.commands.recovery` finishes the line and tells
the user.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from bot.commands.actions import ACTIONS, Action
from bot.commands.clients import ClientPool
from bot.commands.cooldown import FOLLOW_THROUGH, CarCooldown, Claim
from bot.commands.errors import CommandError, UnsupportedActionError
from bot.smart.errors import CommandRejectedError, SmartAPIError
from bot.smart.models import CommandResult, SequenceResult
from bot.smart.redact import short_vin
from bot.storage import repo_inflight
from bot.storage.crypto import CredentialsUndecryptableError
from bot.storage.db import Database
from bot.storage.records import CarRecord

_LOGGER = logging.getLogger(__name__)

FOLLOW_INTERVAL_SECONDS = 5.0
# A running command's audit line is renewed this often, to this far ahead; a line not renewed
# in time belongs to a dead process.
ALIVE_RENEW_SECONDS = 5.0
ALIVE_FOR = timedelta(seconds=15)
# Failures a user is told about in words; anything else is a bug.
_EXPECTED = (SmartAPIError, CommandError, CredentialsUndecryptableError)


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """A command ready to send: who asks, which car, which action with which parameters.

    `source` says where it came from, for the audit trail: "command", "button",
    "alert_button" (chat), "schedule" or "rule".
    """

    user_id: int
    car: CarRecord
    action: Action
    params: dict[str, Any] = field(default_factory=dict)
    source: str = "command"


def command_request(
    *, user_id: int, car: CarRecord, name: str, params: dict[str, Any], source: str
) -> CommandRequest:
    """The request for action `name` on `car`.

    Raises:
        KeyError: no such action (a programming error).
        UnsupportedActionError: the car's model does not offer it.
    """
    action = ACTIONS[name]
    if not action.supported_by(car.model):
        raise UnsupportedActionError(model=car.model.value, command=action.command)
    return CommandRequest(user_id, car, action, params, source)


class Result(StrEnum):
    """How a command ended; the values are the audit log's."""

    CONFIRMED = "confirmed"  # the car's status shows the action's proof
    ACCEPTED = "accepted"  # sent; the status cannot show this action
    TIMEOUT = "timeout"  # sent; the proof did not show within the follow-through
    REJECTED = "rejected"  # the cloud or the car refused it
    FAILED = "failed"  # it could not be sent
    INTERRUPTED = "interrupted"  # the process died on the way; the car does not show it


@dataclass(frozen=True, slots=True)
class Outcome:
    """The end of one command. `error` says why it was refused or failed; `unexpected` marks
    a bug (the reporter should report it, not word it)."""

    result: Result
    task_id: str | None = None
    error: BaseException | None = None
    unexpected: bool = False


class ProgressReporter(Protocol):
    """Tells whoever asked how their command goes."""

    async def started(self, request: CommandRequest) -> bool:
        """Show that the command is on its way; False when nobody can be told (then it is
        not sent). An exception also stops the command."""

    async def finished(self, request: CommandRequest, outcome: Outcome) -> None:
        """Report the outcome (already audited)."""


@runtime_checkable
class Resumable(Protocol):
    """A reporter that can say where its outcome goes, so another process can deliver it."""

    def resume_data(self) -> dict[str, Any] | None:
        """JSON-safe data for `bot.commands.recovery`'s resumer (None: nothing to resume)."""


Spawn = Callable[[Coroutine[Any, Any, Outcome]], "asyncio.Task[Outcome]"]


class CommandRunner:
    """Sends commands and follows them through; one per process."""

    def __init__(
        self,
        *,
        db: Database,
        clients: ClientPool,
        cooldown: CarCooldown,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
        spawn: Spawn,
        on_sent: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._clients = clients
        self._cooldown = cooldown
        self._clock = clock
        self._sleep = sleep
        self._spawn = spawn
        self._on_sent = on_sent

    async def start(
        self, request: CommandRequest, reporter: ProgressReporter
    ) -> asyncio.Task[Outcome] | None:
        """Claim the car, show progress, and run the command in the background.

        Returns the background task (await it to wait for the outcome), or None when the
        reporter could tell nobody and nothing was sent.

        Raises:
            CarBusyError: the car's last command is within its cool-down.
        """
        claim = await self._cooldown.claim(
            request.car, request.action, params=request.params, user_id=request.user_id
        )
        try:
            shown = await reporter.started(request)
        except BaseException:
            await self._cooldown.abandon(claim)
            raise
        if not shown:
            await self._cooldown.abandon(claim)
            return None
        return self._spawn(self._run(request, reporter, claim))

    async def _run(
        self, request: CommandRequest, reporter: ProgressReporter, claim: Claim
    ) -> Outcome:
        """Record the intent, send, follow through, audit the outcome, report."""
        now = self._clock()
        progress = reporter.resume_data() if isinstance(reporter, Resumable) else None
        audit_id = await repo_inflight.begin(
            self._db,
            user_id=request.user_id,
            vin=request.car.vin,
            action=request.action.name,
            params=request.params,
            source=request.source,
            progress={**(progress or {}), "vehicle_id": request.car.id},
            alive_until=now + ALIVE_FOR,
            now=now,
        )
        keeper = asyncio.create_task(self._keep_alive(audit_id))
        try:
            outcome = await self._outcome(request, claim)
        finally:
            keeper.cancel()
        await repo_inflight.finish(
            self._db,
            audit_id=audit_id,
            result=outcome.result.value,
            error_class=type(outcome.error).__name__ if outcome.error is not None else None,
            request_id=outcome.task_id,
        )
        try:
            await reporter.finished(request, outcome)
        except Exception:  # the command is done and audited; only its report went wrong
            _LOGGER.exception("could not report the outcome of %s", request.action.name)
        return outcome

    async def _keep_alive(self, audit_id: int) -> None:
        while True:
            await asyncio.sleep(ALIVE_RENEW_SECONDS)
            try:
                await repo_inflight.renew(
                    self._db, audit_id=audit_id, alive_until=self._clock() + ALIVE_FOR
                )
            except Exception:  # recovery may then take the command over; it only checks
                _LOGGER.exception("could not renew a running command's audit line")

    async def _outcome(self, request: CommandRequest, claim: Claim) -> Outcome:
        try:
            try:
                result = await self._send(request)
            finally:
                self._cooldown.release(claim)
        except _EXPECTED as exc:
            refused = isinstance(exc, CommandRejectedError)
            return Outcome(Result.REJECTED if refused else Result.FAILED, error=exc)
        except Exception as exc:
            return Outcome(Result.FAILED, error=exc, unexpected=True)
        if not result.accepted:
            return Outcome(Result.REJECTED, error=CommandRejectedError(result.message))
        if request.action.proof is None:
            return Outcome(Result.ACCEPTED, result.task_id)
        confirmed = await self._follow_through(request)
        return Outcome(Result.CONFIRMED if confirmed else Result.TIMEOUT, result.task_id)

    async def _send(self, request: CommandRequest) -> CommandResult:
        # The pending command and fast polling were recorded when the car was claimed.
        self._on_sent()
        client = await self._clients.for_account(request.car.account_id)
        _LOGGER.info(
            "user %s: %s on %s", request.user_id, request.action.name, short_vin(request.car.vin)
        )
        plan = request.action.plan
        try:
            if plan is not None:  # a sequence: one command, one cool-down
                sequence = await client.send_sequence(
                    request.car.vin, lambda model: plan(model, request.params)
                )
                return _as_one(sequence, request.action.client_action)
            return await client.send_command(
                request.car.vin, request.action.client_action, **request.params
            )
        finally:  # the car may have changed: the next read asks the cloud
            self._clients.status_reads.forget_car(request.car.account_id, request.car.vin)

    async def _follow_through(self, request: CommandRequest) -> bool:
        proof = request.action.proof
        if proof is None:
            return False
        deadline = self._clock() + FOLLOW_THROUGH
        client = await self._clients.for_account(request.car.account_id)
        while self._clock() < deadline:
            await self._sleep(FOLLOW_INTERVAL_SECONDS)
            try:
                status = await client.get_status(
                    request.car.vin, with_charge_target=proof.field == "charge_target_percent"
                )
            except SmartAPIError as exc:
                _LOGGER.info("status re-read failed (%s); trying again", type(exc).__name__)
                continue
            if proof.shown_by(status, request.params):
                return True
        return False


def _as_one(sequence: SequenceResult, action: str) -> CommandResult:
    """A sequence as one command result: accepted when every request was; the message
    names the requests that were not."""
    first = next((step.result for step in sequence.steps if step.result is not None), None)
    return CommandResult(
        accepted=sequence.accepted,
        service_id=first.service_id if first is not None else action,
        vin=sequence.vin,
        task_id=first.task_id if first is not None else None,
        message="" if sequence.accepted else "not done: " + ", ".join(sequence.failed),
    )
