"""Running a remote command and following it through to what the car reports.

The handler sends the progress line ("Locking Blue #1…") and hands over to `CommandRunner`,
which runs in the background (a minute of re-reading must not hold up other users' updates):
it sends the command, then re-reads the status every few seconds until the change shows or a
minute passes, and edits the progress message to confirmed, accepted-not-yet-confirmed, or
refused with the reason. Every outcome is audited.

One command per car at a time: a car is busy from the moment a command is sent until the
cool-down after it; the database's `pending_command_at` extends that to other replicas.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram import Message
from telegram.error import TelegramError

from bot.log import short_vin
from bot.smart.const import COMMAND_COOLDOWN_SECONDS
from bot.smart.errors import CommandRejectedError, SmartAPIError
from bot.storage import repo_audit, repo_commands, repo_polls
from bot.storage.crypto import CredentialsUndecryptableError
from bot.storage.records import CarRecord
from bot.tg.errors import UserFacingError, report_unexpected, user_message
from bot.tg.i18n import Html, Lang, t
from bot.tg.services.actions import RemoteAction

if TYPE_CHECKING:
    from bot.context import BotContext, BotServices

_LOGGER = logging.getLogger(__name__)

FOLLOW_THROUGH = timedelta(seconds=60)
FOLLOW_INTERVAL_SECONDS = 5.0
COOLDOWN = timedelta(seconds=COMMAND_COOLDOWN_SECONDS)
_EXPECTED = (SmartAPIError, UserFacingError, CredentialsUndecryptableError)


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """A validated command, ready to send."""

    user_id: int
    lang: Lang
    car: CarRecord
    action: RemoteAction
    params: dict[str, Any]
    source: str  # "command", "button" or "alert_button" (for the audit trail)


def progress_text(lang: Lang, request: CommandRequest) -> str:
    """The first line of the progress message: "Locking Blue #1…"."""
    values: dict[str, object] = {"name": request.car.label, **_display_params(lang, request)}
    return t(lang, f"progress.{request.action.name}", **values)


def _display_params(lang: Lang, request: CommandRequest) -> dict[str, object]:
    params = dict(request.params)
    if "temp_c" in params:
        params["temp"] = f"{params.pop('temp_c'):g}"
        minutes = params.pop("minutes", None)
        params["duration"] = Html(t(lang, "progress.for_minutes", n=minutes) if minutes else "")
    if "seat" in params:
        params["seat"] = t(lang, f"seat.{params['seat']}")
    return params


def _cooldown(until: datetime, now: datetime) -> UserFacingError:
    return UserFacingError("cmd.cooldown", seconds=math.ceil((until - now).total_seconds()))


@dataclass
class CarBusy:
    """In-process record of when each car may receive its next command."""

    free_at: dict[str, datetime] = field(default_factory=dict)

    async def reserve(self, services: BotServices, request: CommandRequest) -> datetime:
        """Claim the car for the command, or raise `UserFacingError` saying how long to wait.

        Claiming records the command as the car's pending one in the database (which other
        replicas and the poller see) in the same conditional write that checks the car's
        cool-down. Returns the time it was recorded at, for `abandon`.
        """
        car = request.car
        now = services.now()
        until = self.free_at.get(car.vin)
        if until is not None and until > now:
            state = await repo_polls.get_vehicle_state(services.db, vehicle_id=car.id)
            if state is not None and state.pending_command is not None:
                until = max(until, state.pending_command.at + COOLDOWN)
            raise _cooldown(until, now)
        busy_until = await repo_commands.begin_command(
            services.db,
            vehicle_id=car.id,
            command=request.action.name,
            params=request.params,
            user_id=request.user_id,
            cooldown=COOLDOWN,
            fast_poll_until=now + FOLLOW_THROUGH,
            now=now,
        )
        if busy_until is not None and busy_until > now:
            raise _cooldown(busy_until, now)
        self.free_at[car.vin] = now + FOLLOW_THROUGH
        return now

    async def abandon(self, services: BotServices, request: CommandRequest, at: datetime) -> None:
        """The reserved command will not be sent: free the car and forget the pending command."""
        self.release(services, request.car)
        await repo_commands.cancel_command(services.db, vehicle_id=request.car.id, at=at)

    def release(self, services: BotServices, car: CarRecord) -> None:
        """The cloud answered: the car is free after the cool-down."""
        self.free_at[car.vin] = services.now() + COOLDOWN


class CommandRunner:
    """Sends one command and edits its progress message to the outcome."""

    def __init__(self, context: BotContext, request: CommandRequest, message: Message) -> None:
        self._context = context
        self._services = context.services
        self._request = request
        self._message = message
        self._progress = progress_text(request.lang, request)

    async def run(self) -> None:
        """The whole command: send, follow through, report. Never raises."""
        request = self._request
        services = self._services
        try:
            try:
                result = await self._send()
            finally:
                services.busy.release(services, request.car)
        except _EXPECTED as exc:
            await self._fail(exc)
            return
        except Exception as exc:  # a bug: the user gets an error id, the admins a report
            error_id = await report_unexpected(self._context, exc, None)
            reason = t(request.lang, "error.unexpected", error_id=error_id)
            await self._finish(
                self._outcome("outcome.failed", reason=Html(reason)),
                "failed",
                error_class=type(exc).__name__,
            )
            return
        if not result.accepted:
            await self._fail(CommandRejectedError(result.message))
            return
        if request.action.expect is None:
            await self._finish(self._outcome("outcome.sent"), "accepted", result.task_id)
            return
        confirmed = await self._follow_through()
        if confirmed:
            await self._finish(self._outcome("outcome.confirmed"), "confirmed", result.task_id)
        else:
            await self._finish(self._outcome("outcome.accepted"), "timeout", result.task_id)

    async def _send(self) -> Any:
        request = self._request
        services = self._services
        # The pending command and fast polling were recorded when the car was reserved.
        if services.runtime is not None:
            services.runtime.wake_poller()
        client = await services.clients.for_account(request.car.account_id)
        _LOGGER.info(
            "user %s: %s on %s", request.user_id, request.action.name, short_vin(request.car.vin)
        )
        return await client.send_command(
            request.car.vin, request.action.client_action, **request.params
        )

    async def _follow_through(self) -> bool:
        request = self._request
        services = self._services
        deadline = services.now() + FOLLOW_THROUGH
        client = await services.clients.for_account(request.car.account_id)
        while services.now() < deadline:
            await services.sleep(FOLLOW_INTERVAL_SECONDS)
            try:
                status = await client.get_status(
                    request.car.vin, with_charge_target=request.action.reads_charge_target
                )
            except SmartAPIError as exc:
                _LOGGER.info("status re-read failed (%s); trying again", type(exc).__name__)
                continue
            if request.action.confirmed_by(status, request.params):
                return True
        return False

    def _outcome(self, key: str, **values: object) -> str:
        return t(self._request.lang, key, progress=Html(self._progress), **values)

    async def _fail(self, exc: BaseException) -> None:
        lang = self._request.lang
        reason = user_message(lang, exc) or type(exc).__name__
        refused = isinstance(exc, CommandRejectedError)
        key = "outcome.refused" if refused else "outcome.failed"
        await self._finish(
            self._outcome(key, reason=Html(reason)),
            "rejected" if refused else "failed",
            error_class=type(exc).__name__,
        )

    async def _finish(
        self,
        text: str,
        result: str,
        task_id: str | None = None,
        *,
        error_class: str | None = None,
    ) -> None:
        request = self._request
        await repo_audit.append_audit(
            self._services.db,
            user_id=request.user_id,
            vin=request.car.vin,
            action=request.action.name,
            params=request.params,
            source=request.source,
            result=result,
            error_class=error_class,
            request_id=task_id,
            now=self._services.now(),
        )
        try:
            await self._message.edit_text(text, reply_markup=None)
        except TelegramError as err:
            _LOGGER.warning("could not edit the progress message: %s", type(err).__name__)
