"""Telling a user the outcome of a command that a crashed process had started.

`TelegramResumer` is the `Resumer` of `bot.commands.recovery`: it edits the progress message
the original reporter recorded (`MessageProgress.resume_data`) to the outcome, or sends the
outcome as a new message when the edit fails (the message is gone, too old, or the same).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.commands.recovery import Resumer
from bot.commands.runner import Result
from bot.storage.repo_inflight import Orphan
from bot.tg.i18n import Html, Lang, t

_LOGGER = logging.getLogger(__name__)


def stored_lang(value: Any) -> Lang:
    """The language stored with a message's record (English when it is missing or odd)."""
    try:
        return Lang(str(value or "en"))
    except ValueError:
        return Lang.EN


async def edit_or_send(bot: Bot, chat_id: int, message_id: object, text: str, what: str) -> None:
    """Edit the bot's message `message_id` to `text`, or send `text` anew when that message
    cannot be edited any more (deleted, too old, never known)."""
    if isinstance(message_id, int):
        try:
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
            return
        except TelegramError as err:
            _LOGGER.info("%s message not editable (%s); sending anew", what, type(err).__name__)
    await bot.send_message(chat_id, text)


class TelegramResumer(Resumer):
    """Edits (or re-sends) the progress message of an interrupted command."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def resumed(self, orphan: Orphan, result: Result) -> None:
        """Tell the user in the chat the progress message is in; nothing without one."""
        data = orphan.progress
        chat_id, message_id = data.get("chat_id"), data.get("message_id")
        if not isinstance(chat_id, int) or chat_id != orphan.user_id:
            return  # only ever the asking user's own chat
        lang = stored_lang(data.get("lang"))
        key = "outcome.resumed" if result is Result.CONFIRMED else "outcome.interrupted"
        text = t(lang, key, progress=Html(str(data.get("line") or "")))
        await edit_or_send(self._bot, chat_id, message_id, text, "progress")
