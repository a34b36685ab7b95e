"""The application factory: builder, defaults, handler registration and all the wiring.

`build_application(settings)` contacts nothing. `post_init` (run by `run_polling`,
`run_webhook`, or a test) opens the services (`BotServices.open`: database, HTTP client,
cipher, client pool, cool-down, command runner), publishes the command menu, schedules the
purge of expired confirmations and the recovery of commands a crashed process had started,
and starts the health server, the poller with the outbox sender, which delivers alerts
through the Telegram notifier (also those of the poller worker processes that
POLLER_WORKERS adds, `bot.workers`), and the scheduler of bot-side schedules, which fires them
through the command runner and reports through the bot. `post_shutdown` undoes all of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.commands.recovery import RECOVER_EVERY_SECONDS, CommandRecovery
from bot.commands.status import latest_status
from bot.config import Settings
from bot.health import health_server
from bot.poller.digest import queue_digests
from bot.poller.runtime import PollerRuntime
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.schedules.engine import Scheduler
from bot.schedules.runner_port import RunnerCommands
from bot.services import BotServices
from bot.storage import repo_actions, repo_history, repo_live, repo_trips, repo_users
from bot.tg import handlers
from bot.tg.botapi import RetryingRequest, SafeBot
from bot.tg.context import BotApplication, BotContext
from bot.tg.errors import on_error
from bot.tg.gate import gate
from bot.tg.live import TelegramLiveMap
from bot.tg.notifier import TelegramNotifier
from bot.tg.ordering import PerUserUpdateProcessor
from bot.tg.profile import publish_profile
from bot.tg.queue_notices import TelegramQueueNotices
from bot.tg.resume import TelegramResumer
from bot.tg.schedule_reports import TelegramScheduleReports
from bot.workers import WorkerSupervisor

_LOGGER = logging.getLogger(__name__)

# Expired confirmations are kept a day (a late tap still reads "expired"), then deleted.
PURGE_EVERY = timedelta(hours=1)
KEEP_EXPIRED = timedelta(days=1)


def build_application(
    settings: Settings,
    *,
    services: BotServices | None = None,
    request: BaseRequest | None = None,
    updater: bool = True,
    first_user_admin: bool = False,
) -> BotApplication:
    """Build the bot's `Application` from settings; nothing is contacted until it starts.

    Args:
        settings: the process settings.
        services: pre-built services (tests inject clocks and sleeps); built from settings
            when omitted.
        request: a custom Bot API transport (tests use an offline recording one).
        updater: False for webhook mode, where our own web server feeds updates.
        first_user_admin: the demo without ADMIN_USER_IDS: the first user to write is admin.
    """
    if settings.telegram_bot_token is None:
        msg = "TELEGRAM_BOT_TOKEN is required to build the application"
        raise ValueError(msg)
    services = services or BotServices(settings=settings, first_user_admin=first_user_admin)
    bot = build_bot(settings, request=request)
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .application_class(BotApplication, kwargs={"services": services})
        .context_types(ContextTypes(context=BotContext))
        .bot(bot)
        # Users are served at once, each user's updates in order (one slow call stalls nobody).
        .concurrent_updates(PerUserUpdateProcessor())
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


def build_bot(settings: Settings, *, request: BaseRequest | None = None) -> SafeBot:
    """The Bot API client: our own bot class (every text fitted to Telegram's limits,
    transient errors retried). Poller worker processes build one for the live maps."""
    if settings.telegram_bot_token is None:
        msg = "TELEGRAM_BOT_TOKEN is required to build the bot"
        raise ValueError(msg)
    base = settings.telegram_api_base_url.rstrip("/")
    return SafeBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base,
        base_file_url=base.removesuffix("/bot") + "/file/bot",
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone),
        rate_limiter=AIORateLimiter(max_retries=3),
        request=RetryingRequest(request or HTTPXRequest(connection_pool_size=256)),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
    )


def _register(application: BotApplication) -> None:
    """Every handler, in one place. The gate runs first (group -1) for every update type."""
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handlers(handlers.all_handlers())
    application.add_error_handler(on_error)


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open the services, publish the command menu, start the background work."""
    if not isinstance(application, BotApplication):
        raise TypeError("post_init expects a BotApplication")
    services = application.services
    services.open()
    await _publish_menu(application)
    _schedule_purge(application)
    _schedule_recovery(application)
    _start_health(services)
    if services.run_poller and services.runtime is None:
        services.runtime = _poller_runtime(application)
        services.runtime.start()
    _start_workers(services)
    services.start_scheduler(
        _scheduler(application),
        loop=services.run_poller,
        interval=services.settings.scheduler_interval,
    )
    _LOGGER.info("bot started")


def _scheduler(application: BotApplication) -> Scheduler:
    """Bot-side schedules: fired through the command runner, told through the bot."""
    services = application.services
    zone = services.settings.zone
    return Scheduler(
        db=services.db,
        commands=RunnerCommands(db=services.db, runner=services.commands, sleep=services.sleep),
        reports=TelegramScheduleReports(application.bot, services.db, zone),
        default_zone=zone,
        clock=services.clock,
        status=lambda car: latest_status(services.db, services.clients, car),
    )


def _poller_runtime(application: BotApplication) -> PollerRuntime:
    services = application.services
    settings = services.settings
    poller = Poller(
        db=services.db,
        clients=services.clients,
        settings=settings,
        clock=services.clock,
        live_map=TelegramLiveMap(application.bot),
    )
    sender = OutboxSender(
        db=services.db,
        notifier=TelegramNotifier(application.bot, services.db, zone=settings.zone),
        clock=services.clock,
    )
    return PollerRuntime(
        poller, sender, tick_seconds=settings.poll_interval_after_command, clock=services.clock
    )


def _start_workers(services: BotServices) -> None:
    """POLLER_WORKERS > 1: the poller-only worker processes beside this one, supervised."""
    extra = services.settings.poller_workers - 1
    if not services.run_poller or extra < 1 or services.workers is not None:
        return
    services.workers = WorkerSupervisor(services.settings, count=extra, clock=services.clock)
    services.workers.start()


def _start_health(services: BotServices) -> None:
    port = services.settings.health_port
    if port is None or services.health is not None:
        return
    server = health_server(services, host=services.settings.webhook_listen, port=port)
    services.health = (server, asyncio.get_running_loop().create_task(server.serve()))
    _LOGGER.info("health endpoint on port %s", port)


async def purge_confirmations(context: BotContext) -> None:
    """Job: delete confirmations that expired more than `KEEP_EXPIRED` ago."""
    services = context.services
    removed = await repo_actions.purge_pending_actions(
        services.db, before=services.now() - KEEP_EXPIRED
    )
    if removed:
        _LOGGER.info("purged %d expired confirmation(s)", removed)


async def prune_history(context: BotContext) -> None:
    """Job: delete history samples, journal trips and the positions of live locations that
    ended longer ago than `HISTORY_RETENTION_DAYS`."""
    services = context.services
    keep = timedelta(days=services.settings.history_retention_days)
    before = services.now() - keep
    removed = await repo_history.prune_samples(services.db, before=before)
    trips = await repo_trips.prune_trips(services.db, before=before)
    lives = await repo_live.prune(services.db, before=before)
    if removed or trips or lives:
        _LOGGER.info(
            "pruned %d history sample(s), %d journal trip(s) and %d ended live location(s)",
            removed,
            trips,
            lives,
        )


async def send_digests(context: BotContext) -> None:
    """Job: queue the weekly digests that are due (Monday morning, each user's time zone)."""
    services = context.services
    await queue_digests(services.db, now=services.now(), zone=services.settings.zone)


def _schedule_purge(application: BotApplication) -> None:
    jobs = application.job_queue
    if jobs is None:
        return
    every = PURGE_EVERY.total_seconds()
    for job in (purge_confirmations, prune_history, send_digests):
        if not jobs.get_jobs_by_name(job.__name__):
            jobs.run_repeating(job, interval=every, first=every)


async def recover_commands(context: BotContext) -> None:
    """Job: finish and report commands whose process died before their outcome, and drop
    (telling their senders) queued commands whose process died before they were due."""
    services = context.services
    recovery = CommandRecovery(
        db=services.db,
        clients=services.clients,
        clock=services.clock,
        resumer=TelegramResumer(context.bot),
    )
    await recovery.run_once()
    await services.queue.sweep(TelegramQueueNotices(context.bot))


def _schedule_recovery(application: BotApplication) -> None:
    jobs = application.job_queue
    if jobs is None or jobs.get_jobs_by_name(recover_commands.__name__):
        return
    jobs.run_repeating(recover_commands, interval=RECOVER_EVERY_SECONDS, first=1.0)


async def _publish_menu(application: BotApplication) -> None:
    """Descriptions and command menus; Telegram refusing them does not stop the bot."""
    services = application.services
    # An admin's own menu needs their chat: only those who wrote before (the rest get theirs
    # from the gate when they first write; Telegram would answer "chat not found").
    admins = [
        admin_id
        for admin_id in services.settings.admin_user_ids
        if await repo_users.get_user(services.db, user_id=admin_id) is not None
    ]
    try:
        await publish_profile(application.bot, admins)
    except TelegramError as err:
        _LOGGER.warning("could not publish the bot's description and menus: %s", err.message)


async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the poller and the health server, finish running commands, close the services."""
    if not isinstance(application, BotApplication):
        return
    services = application.services
    await services.stop_scheduler()
    if services.workers is not None:
        await services.workers.stop()
        services.workers = None
    if services.runtime is not None:
        await services.runtime.stop()
        services.runtime = None
    if services.health is not None:
        server, task = services.health
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        services.health = None
    await services.close()
    _LOGGER.info("bot stopped")
