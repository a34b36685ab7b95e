"""The PTB application factory: builder, defaults, lifecycle hooks and handler registration.

`build_application(settings)` contacts nothing. `post_init` (run by `run_polling`,
`run_webhook`, or a test) opens the shared httpx client and the database, builds the cipher,
publishes the command menu and starts the poller; `post_shutdown` undoes all of it.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.context import BotApplication, BotContext, BotServices
from bot.smart.const import REQUEST_TIMEOUT_SECONDS
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.tg import handlers, lifecycle
from bot.tg.botapi import RetryingRequest, SafeBot
from bot.tg.errors import on_error
from bot.tg.gate import gate
from bot.tg.i18n import Lang, t
from bot.tg.menu import MENU

_LOGGER = logging.getLogger(__name__)


def build_application(
    settings: Settings,
    *,
    services: BotServices | None = None,
    request: BaseRequest | None = None,
    updater: bool = True,
) -> BotApplication:
    """Build the bot's `Application` from settings; nothing is contacted until it starts.

    Args:
        settings: the process settings.
        services: pre-built services (tests inject clocks and sleeps); built from settings
            when omitted.
        request: a custom Bot API transport (tests use an offline recording one).
        updater: False for webhook mode, where our own web server feeds updates.
    """
    if settings.telegram_bot_token is None:
        msg = "TELEGRAM_BOT_TOKEN is required to build the application"
        raise ValueError(msg)
    services = services or BotServices(settings=settings)
    base = settings.telegram_api_base_url.rstrip("/")
    # Our own bot class: every text fitted to Telegram's limits, transient errors retried.
    bot = SafeBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base,
        base_file_url=base.removesuffix("/bot") + "/file/bot",
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone),
        rate_limiter=AIORateLimiter(max_retries=3),
        request=RetryingRequest(request or HTTPXRequest(connection_pool_size=256)),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
    )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .application_class(BotApplication, kwargs={"services": services})
        .context_types(ContextTypes(context=BotContext))
        .bot(bot)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    if not isinstance(application, BotApplication):  # pragma: no cover - builder contract
        raise TypeError("ApplicationBuilder ignored application_class")
    _register(application)
    return application


def _register(application: BotApplication) -> None:
    """Every handler, in one place. The gate runs first (group -1) for every update type."""
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handlers(handlers.all_handlers())
    application.add_error_handler(on_error)


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open the shared resources, publish the command menu, start the poller."""
    if not isinstance(application, BotApplication):
        raise TypeError("post_init expects a BotApplication")
    services = application.services
    settings = services.settings
    services.endpoints_or_real()
    if services.cipher is None:
        services.cipher = CredentialCipher(settings.fernet_keys)
    if services.database is None:
        services.database = Database(settings.database_url)
    if services.http_client is None:
        services.http_client = httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS)
    await _publish_menu(application)
    await lifecycle.start_background(application)
    _LOGGER.info("bot started")


async def _publish_menu(application: BotApplication) -> None:
    scope = BotCommandScopeAllPrivateChats()
    for lang in Lang:
        commands = [BotCommand(name, t(lang, f"menu.{name}")) for name in MENU]
        code = None if lang is Lang.EN else lang.value
        await application.bot.set_my_commands(commands, scope=scope, language_code=code)


async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the poller, finish running commands, close the HTTP client and the database."""
    if not isinstance(application, BotApplication):
        return
    services = application.services
    await lifecycle.stop_background(application)
    await services.drain()
    if services.http_client is not None:
        await services.http_client.aclose()
        services.http_client = None
    if services.database is not None:
        await services.database.dispose()
        services.database = None
    _LOGGER.info("bot stopped")
