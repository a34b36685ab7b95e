"""The webhook with the right secret and a hostile body: every JSON type, nesting 100,000
levels deep, bytes that are not UTF-8 and a 100 MB upload. The real bot process answers 400 or
413 (never 500), reads no more than its limit, writes no traceback and no line of uvicorn's
own format; requests without the secret are counted, not logged one line each."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.tg.webhook import SECRET_HEADER
from tests.e2e.fake_telegram import free_port
from tests.e2e.harness import ADMIN, SESSION_SECRETS, BotProcess, World

pytestmark = pytest.mark.slow

DEEP = ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000]
NOT_AN_UPDATE = [
    "null",
    "true",
    "false",
    "0",
    "-1.5e300",
    '"update"',
    "[]",
    "[1, 2]",
    '[{"update_id": 1}]',
    "{}",
    '{"update_id": "1"}',
    '{"update_id": null}',
    '{"update_id": 1.5}',
    '{"update_id": 5, "message": "text"}',
    '{"update_id": 6, "message": []}',
    '{"update_id": 7, "message": {"chat": 1}}',
    '{"update_id": 8, "callback_query": 3}',
    '{"update_id": 9, "message": ' + "[" * 60 + "]" * 60 + "}",
    "{not json",
]


async def _webhook_bot(world: World) -> tuple[BotProcess, str, str]:
    secret = secrets.token_urlsafe(24)
    SESSION_SECRETS.add(secret)
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    world.tg.use_webhook([url], secret)
    bot = await world.start_bot(
        webhook_port=port,
        TELEGRAM_WEBHOOK_URL=url,
        TELEGRAM_WEBHOOK_SECRET=secret,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    return bot, url, secret


def _peak_rss_kb(bot: BotProcess) -> int:
    assert bot.proc is not None
    status = Path(f"/proc/{bot.proc.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


async def _hundred_megabytes() -> AsyncIterator[bytes]:
    chunk = b" " * 1_000_000
    yield b'{"update_id": 1, "x": "'
    for _ in range(100):
        yield chunk
    yield b'"}'


async def test_hostile_webhook_bodies_get_400_or_413_and_no_traceback(world: World) -> None:
    bot, url, secret = await _webhook_bot(world)
    headers = {SECRET_HEADER: secret, "content-type": "application/json"}
    async with httpx.AsyncClient(timeout=30) as client:
        for body in [*NOT_AN_UPDATE, *DEEP]:
            answer = await client.post(url, content=body.encode(), headers=headers)
            assert answer.status_code == 400, (body[:40], answer.status_code)
        for raw in (b"\xff\xfe\x00{", b'{"update_id": 3, "x": "\xff"}'):
            answer = await client.post(url, content=raw, headers=headers)
            assert answer.status_code == 400, raw

        before = _peak_rss_kb(bot)
        try:
            answer = await client.post(url, content=_hundred_megabytes(), headers=headers)
            status = answer.status_code
        except httpx.HTTPError:
            status = 413  # the server stopped reading and closed: the same refusal
        assert status == 413
        assert _peak_rss_kb(bot) - before < 30_000, "the body was not read into memory"

    # Not even HTTP: uvicorn itself logs a warning, which must come through our formatter.
    port = int(url.split(":")[2].split("/")[0])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"\x16\x03\x01 NOT HTTP\r\n\r\n")
    await writer.drain()
    await reader.read()
    writer.close()

    await world.user(ADMIN).ask("/help", "/status")  # the bot still works
    log = bot.log_text()
    assert "Invalid HTTP request" in log
    assert "Traceback" not in log
    assert "RecursionError" not in log
    foreign = [line for line in log.splitlines() if line.startswith(("ERROR:", "INFO:", "WARN"))]
    assert foreign == [], "every line went through the bot's (redacting) formatter"


async def test_requests_without_the_secret_are_counted_not_logged_each(world: World) -> None:
    bot, url, secret = await _webhook_bot(world)
    body = json.dumps({"update_id": 1}).encode()
    async with httpx.AsyncClient(timeout=30) as client:
        for index in range(300):
            wrong = {SECRET_HEADER: secret[:-1] + "x"} if index % 2 else {}
            answer = await client.post(url, content=body, headers=wrong)
            assert answer.status_code == 403
    await world.user(ADMIN).ask("/help", "/status")
    refusal_lines = [line for line in bot.log_text().splitlines() if "secret refused" in line]
    assert 1 <= len(refusal_lines) <= 2, refusal_lines
