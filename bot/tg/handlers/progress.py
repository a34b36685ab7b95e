"""A command's progress in the chat: the `ProgressReporter` of the Telegram layer.

The progress line ("Locking Blue #1…") goes out when the command starts (or replaces the
confirmation question), and is edited to the outcome when the runner reports it: confirmed,
accepted but not yet confirmed, sent, refused with the reason, or failed. A bug gets an
error id for the user and a report for the admins.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.error import TelegramError

from bot.commands.runner import CommandRequest, Outcome, Result
from bot.tg.errors import report_unexpected, user_message
from bot.tg.handlers.common import send
from bot.tg.i18n import Html, Lang, t
from bot.tg.render import wait_text

if TYPE_CHECKING:
    from bot.tg.context import BotContext

_LOGGER = logging.getLogger(__name__)

_OUTCOME_KEYS = {
    Result.CONFIRMED: "outcome.confirmed",
    Result.TIMEOUT: "outcome.accepted",
    Result.ACCEPTED: "outcome.sent",
    Result.REJECTED: "outcome.refused",
    Result.FAILED: "outcome.failed",
}


def progress_text(lang: Lang, request: CommandRequest) -> str:
    """The first line of the progress message: "Locking Blue #1…"."""
    values: dict[str, object] = {"name": request.car.label, **_display_params(lang, request)}
    text = t(lang, f"progress.{request.action.name}", **values)
    if request.action.experimental(request.car.model):
        text += "\n" + t(lang, "experimental.note")
    return text


def _display_params(lang: Lang, request: CommandRequest) -> dict[str, object]:
    params = dict(request.params)
    if "temp_c" in params:
        params["temp"] = f"{params.pop('temp_c'):g}"
        minutes = params.pop("minutes", None)
        params["duration"] = Html(t(lang, "progress.for_minutes", n=minutes) if minutes else "")
    if "seat" in params:
        params["seat"] = t(lang, f"seat.{params['seat']}")
    heat = params.pop("heat", None)
    if request.action.name == "warm_car":
        params["heat"] = Html(_heat_text(lang, heat if isinstance(heat, dict) else {}))
    params.pop("climate_temp_c", None)
    return params


def _heat_text(lang: Lang, heat: dict[str, int]) -> str:
    """The seats of a warm-up: " with driver seat 2, steering wheel 1" (empty without)."""
    parts = [
        t(lang, "progress.heat_part", seat=t(lang, f"seat.{s}"), level=v) for s, v in heat.items()
    ]
    return t(lang, "progress.with_heat", parts=Html(", ".join(parts))) if parts else ""


class MessageProgress:
    """Reports a command in the chat of `update`: a new message, or `message` edited;
    `after` runs once the outcome is shown (the status card the command came from is drawn
    again)."""

    def __init__(
        self,
        update: Update,
        context: BotContext,
        message: Message | None = None,
        *,
        after: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._update = update
        self._context = context
        self._lang = context.who.lang
        self._message = message
        self._line = ""
        self._after = after

    async def started(self, request: CommandRequest) -> bool:
        """Send the progress line (or put it in place of the confirmation question)."""
        text = self._line = progress_text(self._lang, request)
        if self._message is not None:
            await self._message.edit_text(text, reply_markup=None)
            return True
        self._message = await send(self._update, text)
        return self._message is not None

    async def queued(self, request: CommandRequest, seconds: int) -> dict[str, Any] | None:
        """Show the command as queued behind the cool-down (a new message, or in place of
        the confirmation question); it becomes the progress message when the command goes."""
        self._line = progress_text(self._lang, request)
        text = t(
            self._lang,
            "queue.queued",
            progress=Html(self._line),
            wait=Html(wait_text(self._lang, seconds)),
        )
        if self._message is not None:
            await self._message.edit_text(text, reply_markup=None)
        else:
            self._message = await send(self._update, text)
        return self.resume_data()

    def resume_data(self) -> dict[str, Any] | None:
        """Where the outcome goes, for a process that finishes the command after a crash
        (`bot.tg.resume`): the progress message and the line it starts with."""
        if self._message is None:
            return None
        return {
            "chat_id": self._message.chat_id,
            "message_id": self._message.message_id,
            "lang": self._lang.value,
            "line": self._line,
        }

    async def finished(self, request: CommandRequest, outcome: Outcome) -> None:
        """Edit the progress message to the outcome; send it anew when the edit fails."""
        lang = self._lang
        values: dict[str, object] = {"progress": Html(progress_text(lang, request))}
        if outcome.error is not None:
            values["reason"] = Html(await self._reason(outcome))
        text = t(lang, _OUTCOME_KEYS[outcome.result], **values)
        if self._message is None:
            return
        try:
            await self._message.edit_text(text, reply_markup=None)
        except TelegramError as err:
            _LOGGER.warning(
                "could not edit the progress message (%s); sending the outcome anew",
                type(err).__name__,
            )
            await send(self._update, text)
        if self._after is not None:
            try:
                await self._after()
            except Exception as err:  # the outcome is told; only the card stays as it was
                _LOGGER.warning("could not redraw the status card (%s)", type(err).__name__)

    async def _reason(self, outcome: Outcome) -> str:
        error = outcome.error
        if error is None:
            return ""
        if outcome.unexpected:
            error_id = await report_unexpected(self._context, error, None)
            return t(self._lang, "error.unexpected", error_id=error_id)
        return user_message(self._lang, error) or type(error).__name__
