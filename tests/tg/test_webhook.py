"""Webhook mode: the secret header is checked, updates are queued, /healthz answers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket

import httpx
import pytest
from pydantic import SecretStr
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.services import BotServices
from bot.storage.db import Database
from bot.tg.webhook import (
    SECRET_HEADER,
    build_webhook_app,
    secret_matches,
    serve_webhook,
    webhook_path,
)
from tests.tg.conftest import ADMIN
from tests.tg.harness import RecordingRequest

SECRET = "s3cret-value-for-the-webhook-0123"


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "telegram_webhook_url": "https://bot.example.com/telegram/hook",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _update(text: str) -> dict[str, object]:
    return {
        "update_id": 42,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": ADMIN, "type": "private"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Anna"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_only_requests_with_the_shared_secret_are_queued(
    webhook_settings: Settings, db: Database
) -> None:
    services = BotServices(settings=webhook_settings, db=db, run_poller=False)
    app = build_application(
        webhook_settings, services=services, request=RecordingRequest(), updater=False
    )
    assert app.updater is None
    web = build_webhook_app(app, webhook_settings)
    assert webhook_path(webhook_settings) == "/telegram/hook"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web), base_url="http://test"
    ) as client:
        body = json.dumps(_update("/start"))
        missing = await client.post("/telegram/hook", content=body)
        wrong = await client.post(
            "/telegram/hook", content=body, headers={SECRET_HEADER: SECRET[:-1] + "x"}
        )
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert app.update_queue.qsize() == 0
        good = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: SECRET})
        assert good.status_code == 200
        assert app.update_queue.qsize() == 1
        bad = await client.post(
            "/telegram/hook", content="{not json", headers={SECRET_HEADER: SECRET}
        )
        assert bad.status_code == 400
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["database"] == "ok"
    queued = await app.update_queue.get()
    assert isinstance(queued, Update)
    assert queued.message is not None
    assert queued.message.text == "/start"


def test_the_secret_comparison_is_exact() -> None:
    assert secret_matches(SECRET, SECRET)
    assert not secret_matches(None, SECRET)
    assert not secret_matches("", SECRET)
    assert not secret_matches(SECRET + "x", SECRET)


async def test_the_webhook_server_runs_the_bot_end_to_end(
    webhook_settings: Settings, db: Database
) -> None:
    port = _free_port()
    settings = webhook_settings.model_copy(update={"webhook_port": port})
    api = RecordingRequest()
    services = BotServices(settings=settings, db=db, run_poller=False)
    app = build_application(settings, services=services, request=api, updater=False)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(app, settings, stop=stop))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(200):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.02)
            response = await client.post(
                "/telegram/hook",
                content=json.dumps(_update("/start")),
                headers={SECRET_HEADER: SECRET},
            )
            assert response.status_code == 200
            for _ in range(200):
                if api.of("sendMessage"):
                    break
                await asyncio.sleep(0.02)
        assert "/login" in api.last("sendMessage").text
    finally:
        stop.set()
        await serving
    assert not services.is_open  # post_shutdown ran
