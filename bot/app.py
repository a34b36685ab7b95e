"""The PTB application factory: builder, defaults, lifecycle hooks and handler registration."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes, Defaults

from bot.config import Settings

_LOGGER = logging.getLogger(__name__)


async def _start(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text("Hello! The car remote is starting up.")


def build_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """Build the bot's `Application` from settings; nothing is contacted until it starts."""
    if settings.telegram_bot_token is None:
        msg = "TELEGRAM_BOT_TOKEN is required to build the application"
        raise ValueError(msg)
    base = settings.telegram_api_base_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base)
        .base_file_url(base.removesuffix("/bot") + "/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    return application
