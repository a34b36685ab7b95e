"""Webhook mode: Telegram POSTs updates to our own small server instead of us polling.

Several replicas can run behind one load balancer: each checks the shared secret header in
constant time (`hmac.compare_digest`), queues the update and answers 200. Only a deploy step
(`python -m bot set-webhook`) registers the webhook with Telegram, never every replica.

Bodies are untrusted even with the right secret: at most `MAX_BODY_BYTES`, counted while
they stream in (413 as soon as they exceed it, nothing more is read); a body that is not a
JSON object, nests deeper than `MAX_DEPTH` or is no update gets 400. Requests without the
right secret get 403 and are counted: the first is logged, then one line a minute at most.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Bot, Update

from bot.config import Settings
from bot.health import EmbeddedServer, build_health_app, server_config
from bot.smart.jsonsafe import MAX_DEPTH, loads_limited
from bot.tg.context import BotApplication

_LOGGER = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY_BYTES = 1_000_000


def webhook_path(settings: Settings) -> str:
    """The path Telegram posts to, taken from TELEGRAM_WEBHOOK_URL ("/" when it has none)."""
    return urlsplit(settings.telegram_webhook_url or "").path or "/"


def secret_matches(received: str | None, expected: str) -> bool:
    """Constant-time comparison of the secret header."""
    if received is None:
        return False
    return hmac.compare_digest(received.encode(), expected.encode())


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as more than `limit` bytes arrived (or are announced)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def parse_update(body: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body, or None for anything that is not one."""
    try:
        data: Any = loads_limited(body, max_depth=MAX_DEPTH)
    except ValueError:  # not UTF-8, not JSON, too deep
        return None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return None
    try:
        return Update.de_json(data, bot)
    except Exception as err:  # a malformed update must not become a 500 with a traceback
        _LOGGER.info("webhook body is no valid update: %s", type(err).__name__)
        return None


class RefusalLog:
    """Counts webhook requests without the right secret; logs the first, then at most one
    summary line per `every` seconds."""

    def __init__(self, every: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = 0
        self._every = every
        self._clock = clock
        self._unlogged = 0
        self._logged_at: float | None = None

    def refused(self) -> None:
        """Count one refused request."""
        self.total += 1
        self._unlogged += 1
        now = self._clock()
        if self._logged_at is None:
            _LOGGER.warning(
                "webhook request with a missing or wrong secret refused "
                "(more are counted, one line a minute)"
            )
        elif now - self._logged_at >= self._every:
            _LOGGER.warning(
                "%d webhook requests with a missing or wrong secret refused in %.0f s",
                self._unlogged,
                now - self._logged_at,
            )
        else:
            return
        self._logged_at = now
        self._unlogged = 0


def build_webhook_app(application: BotApplication, settings: Settings) -> Starlette:
    """The ASGI app: POST <path> takes updates; GET /healthz reports health."""
    if settings.telegram_webhook_secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET is required in webhook mode")
    secret = settings.telegram_webhook_secret.get_secret_value()

    refusals = RefusalLog()

    async def receive(request: Request) -> Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), secret):
            refusals.refused()
            return Response(status_code=403)
        body = await read_limited(request, MAX_BODY_BYTES)
        if body is None:
            return Response(status_code=413)
        update = parse_update(body, application.bot)
        if update is None:
            return Response(status_code=400)
        await application.update_queue.put(update)
        return JSONResponse({"ok": True})

    health = build_health_app(application.services)
    routes = [Route(webhook_path(settings), receive, methods=["POST"]), *health.routes]
    return Starlette(routes=routes)


async def serve_webhook(
    application: BotApplication, settings: Settings, *, stop: asyncio.Event | None = None
) -> None:
    """Run the bot on the webhook server until `stop` is set (default: SIGINT/SIGTERM), with
    the same lifecycle as `run_polling`."""
    config = server_config(
        build_webhook_app(application, settings),
        host=settings.webhook_listen,
        port=settings.webhook_port,
    )
    server = EmbeddedServer(config)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    serving = asyncio.create_task(server.serve())
    _LOGGER.info("webhook server on %s:%s", settings.webhook_listen, settings.webhook_port)
    try:
        await asyncio.wait(
            [serving, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await serving
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def run_webhook(application: BotApplication, settings: Settings) -> None:
    """Blocking entry point for `python -m bot run` in webhook mode."""
    asyncio.run(serve_webhook(application, settings))


async def register_webhook(bot: Bot, settings: Settings) -> None:
    """Tell Telegram where to post (the deploy step; one caller, not every replica)."""
    if settings.telegram_webhook_url is None or settings.telegram_webhook_secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET must be set")
    async with bot:
        await bot.set_webhook(
            settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
