"""Telling the sender of a queued command that it will not be sent: `TelegramQueueNotices`
is the `QueueNotices` of `bot.commands.queue`. It edits the "queued" message that the
sender's reporter recorded (`MessageProgress.queued`), or sends the notice anew when the
edit fails; any replica can do it, from what the queue stored.
"""

from __future__ import annotations

from telegram import Bot

from bot.commands.queue import QueueNotices
from bot.storage.repo_queue import QueuedCommand
from bot.tg.i18n import Html, t
from bot.tg.resume import edit_or_send, stored_lang


class TelegramQueueNotices(QueueNotices):
    """Edits (or re-sends) the queued message of a command that will not be sent."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def replaced(self, entry: QueuedCommand) -> None:
        """A newer command for the car took its place."""
        await self._tell(entry, "queue.replaced")

    async def dropped(self, entry: QueuedCommand) -> None:
        """Its process stopped (or it waited too long): not sent."""
        await self._tell(entry, "queue.dropped")

    async def _tell(self, entry: QueuedCommand, key: str) -> None:
        data = entry.progress
        chat_id, message_id = data.get("chat_id"), data.get("message_id")
        if not isinstance(chat_id, int) or chat_id != entry.user_id:
            return  # only ever the sender's own chat
        lang = stored_lang(data.get("lang"))
        text = t(lang, key, progress=Html(str(data.get("line") or "")))
        await edit_or_send(self._bot, chat_id, message_id, text, "queued")
