"""Set-up mode: the bot without ADMIN_USER_IDS answers each user with their Telegram id.

`cp .env.example .env`, a token and a key are enough to start it; whoever writes to the
bot then learns the id to put in ADMIN_USER_IDS (and the log names it for the operator).
Nothing else runs: no database, no Smart cloud, no poller, no scheduler. Replies are
throttled per user like the gate's stranger replies (`bot.tg.strangers`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.config import Settings
from bot.tg.i18n import pick_language, t
from bot.tg.strangers import StrangerThrottle
from bot.tg.updates import in_own_private_chat

_LOGGER = logging.getLogger(__name__)

# One reply per user every few seconds: enough to read it, not enough to be used as a spammer.
REPLY_EVERY = timedelta(seconds=5)

SetupApplication = Application[Any, Any, Any, Any, Any, Any]


class SetupResponder:
    """Answers every private message or button press with the sender's id."""

    def __init__(self, throttle: StrangerThrottle | None = None) -> None:
        self._throttle = throttle or StrangerThrottle(every=REPLY_EVERY)

    async def __call__(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reply with the id (throttled); presses elsewhere only stop their spinner."""
        user = update.effective_user
        if user is None or not in_own_private_chat(update):
            if update.callback_query is not None:
                await update.callback_query.answer()
            return
        reply = self._throttle.claim(user.id, datetime.now(UTC))
        lang = pick_language(None, user.language_code)
        if reply:
            _LOGGER.warning(
                "set-up mode: user %s wrote to the bot; to make them admin put "
                "ADMIN_USER_IDS=%s in .env and restart",
                user.id,
                user.id,
            )
        query = update.callback_query
        if query is not None:
            text = t(lang, "setup.reply_short", user_id=user.id) if reply else None
            await query.answer(text, show_alert=reply)
        elif reply and update.effective_message is not None:
            await update.effective_message.reply_text(
                t(lang, "setup.reply", user_id=user.id), parse_mode="HTML"
            )


def build_setup_application(
    settings: Settings, *, request: BaseRequest | None = None
) -> SetupApplication:
    """The set-up mode bot: one handler for every update, nothing started besides polling."""
    if settings.telegram_bot_token is None:
        msg = "TELEGRAM_BOT_TOKEN is required to build the application"
        raise ValueError(msg)
    base = settings.telegram_api_base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base)
        .base_file_url(base.removesuffix("/bot") + "/file/bot")
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.add_handler(TypeHandler(Update, SetupResponder()))
    return application
