"""The `/healthz` endpoint: is the database reachable, are the poller and its workers ticking?

Served on HEALTH_PORT (when set) by an embedded uvicorn server that leaves signal handling to
the bot. 200 with a JSON report when healthy, 503 with the same report when not. With
POLLER_WORKERS > 1, "workers" lists each worker process (ok, starting, stalled or down,
its pid and restarts): one that is down or stalled makes the bot unhealthy.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import uvicorn
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.services import BotServices

_LOGGER = logging.getLogger(__name__)

# A poller that has not completed a tick for this long (or three tick intervals) is stalled.
STALL_AFTER = timedelta(minutes=2)


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server inside the bot's event loop; the bot, not uvicorn, owns the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave SIGINT/SIGTERM to python-telegram-bot."""
        yield


async def health_report(services: BotServices) -> tuple[bool, dict[str, Any]]:
    """(healthy, details) for the database and the poller."""
    report: dict[str, Any] = {}
    healthy = True
    try:
        async with services.db.session() as session:
            await session.execute(text("SELECT 1"))
        report["database"] = "ok"
    except Exception as err:  # any failure means unhealthy; the report names the type only
        _LOGGER.warning("health check: database unreachable: %s", type(err).__name__)
        report["database"] = f"error: {type(err).__name__}"
        healthy = False
    tick = services.settings.poll_interval_after_command
    limit = max(STALL_AFTER, timedelta(seconds=3 * tick))
    if services.workers is not None:
        workers_ok, report["workers"] = services.workers.report(limit)
        healthy = healthy and workers_ok
    runtime = services.runtime
    if runtime is None:
        report["poller"] = "off"
        return healthy, report
    last = runtime.last_tick_at
    if not runtime.running:
        report["poller"] = "stopped"
        healthy = False
    elif last is None or services.now() - last > limit:
        report["poller"] = "stalled"
        healthy = False
    else:
        report["poller"] = "ok"
    if last is not None:
        report["last_tick_at"] = last.isoformat()
    return healthy, report


def build_health_app(services: BotServices) -> Starlette:
    """The ASGI app with `GET /healthz`."""

    async def healthz(_request: Request) -> JSONResponse:
        healthy, report = await health_report(services)
        report["status"] = "ok" if healthy else "unhealthy"
        return JSONResponse(report, status_code=200 if healthy else 503)

    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"])])


def health_server(services: BotServices, *, host: str, port: int) -> EmbeddedServer:
    """An embedded server for `/healthz` (start it with `serve()` in a task)."""
    return EmbeddedServer(server_config(build_health_app(services), host=host, port=port))


def server_config(app: Any, *, host: str, port: int) -> uvicorn.Config:
    """Uvicorn settings for our embedded servers: no logging set-up of its own (its loggers
    propagate to the root logger, whose handler redacts), no access log line per request."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        log_config=None,
        access_log=False,
        lifespan="off",
    )
