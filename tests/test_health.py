"""/healthz: database and poller health, served by an embedded server on loopback."""

from __future__ import annotations

import asyncio
import socket
from typing import Any, cast

import httpx

from bot.config import Settings
from bot.health import build_health_app, health_report, health_server
from bot.poller.runtime import PollerRuntime
from bot.services import BotServices
from bot.storage.db import Database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_reachable_database_and_no_poller_is_healthy(
    settings: Settings, db: Database
) -> None:
    healthy, report = await health_report(BotServices(settings=settings, db=db))
    assert healthy
    assert report == {"database": "ok", "poller": "off"}


async def test_an_unreachable_database_is_unhealthy(settings: Settings) -> None:
    broken = Database(f"postgresql+asyncpg://nobody@127.0.0.1:{_free_port()}/none")
    app = build_health_app(BotServices(settings=settings, db=broken))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        response = await client.get("/healthz")
    await broken.dispose()
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")


async def test_a_stopped_poller_is_unhealthy(settings: Settings, db: Database) -> None:
    runtime = PollerRuntime(cast(Any, None), cast(Any, None))
    services = BotServices(settings=settings, db=db)
    services.runtime = runtime
    healthy, report = await health_report(services)
    assert not healthy
    assert report["poller"] == "stopped"


async def test_the_embedded_server_answers_on_its_port(settings: Settings, db: Database) -> None:
    port = _free_port()
    server = health_server(BotServices(settings=settings, db=db), host="127.0.0.1", port=port)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(100):
            if server.started:
                break
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
    finally:
        server.should_exit = True
        await task
