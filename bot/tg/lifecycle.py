"""Background work started in `post_init` and stopped in `post_shutdown`: the client pool,
the poller and the outbox sender (which delivers alerts through `TelegramNotifier`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram.ext import Application

from bot.context import BotApplication, BotServices
from bot.health import health_server
from bot.poller.schedule import PollerRuntime
from bot.poller.sender import OutboxSender
from bot.poller.service import Poller
from bot.tg.notifier import TelegramNotifier
from bot.tg.services.cloud import ClientPool

_LOGGER = logging.getLogger(__name__)


async def start_background(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Build the client pool and, unless disabled (tests), start the poller and sender."""
    if not isinstance(application, BotApplication):
        return
    services = application.services
    if services.pool is None:
        services.pool = ClientPool(
            db=services.db,
            cipher=services.crypto,
            http=services.http,
            endpoints=services.endpoints_or_real(),
            clock=services.cloud_clock,
        )
    _start_health(services)
    if not services.run_poller or services.runtime is not None:
        return
    settings = services.settings
    poller = Poller(
        db=services.db, clients=services.clients, settings=settings, clock=services.clock
    )
    sender = OutboxSender(
        db=services.db,
        notifier=TelegramNotifier(application.bot, services.db),
        clock=services.clock,
    )
    services.runtime = PollerRuntime(
        poller, sender, tick_seconds=settings.poll_interval_after_command, clock=services.clock
    )
    services.runtime.start()


def _start_health(services: BotServices) -> None:
    port = services.settings.health_port
    if port is None or services.health is not None:
        return
    server = health_server(services, host=services.settings.webhook_listen, port=port)
    services.health = (server, asyncio.get_running_loop().create_task(server.serve()))
    _LOGGER.info("health endpoint on port %s", port)


async def stop_background(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the poller and sender, then close every cloud client."""
    if not isinstance(application, BotApplication):
        return
    services = application.services
    if services.runtime is not None:
        await services.runtime.stop()
        services.runtime = None
    if services.pool is not None:
        await services.pool.close()
        services.pool = None
    if services.health is not None:
        server, task = services.health
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        services.health = None
