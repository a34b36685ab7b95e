"""Bench 1: command overhead, from a Telegram update arriving to the signed cloud request
leaving, with a zero-latency cloud.

The real `Application` (gate, handlers, database, client pool, signing) runs in-process. The
Bot API is the offline recording fake of the handler tests (answers at once), the Smart cloud
is the simulator behind an in-process ASGI transport on a manual clock. The clock starts when
the raw update JSON is turned into an `Update` and handed to PTB; it stops when the signed
command request (`PUT .../telematics/{vin}`) reaches the HTTP transport. Between commands
the background follow-through (re-reading the status until the car confirms) is drained and
the manual clock moves 10 s on, past the per-car cool-down.

The bot's `AIORateLimiter` keeps it under Telegram's 30 messages/s; each command sends two
(progress, outcome). Commands are therefore paced in real time to stay under that quota, so
that the figures are the bot's own overhead; a short back-to-back burst shows the quota's
effect separately.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet
from telegram import Update

from bench.common import Table, percentile, verdict
from bot.app import build_application, post_init, post_shutdown
from bot.config import Settings
from bot.services import BotServices
from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head
from bot.tg.context import BotApplication
from tests.tg.harness import RecordingRequest, simulated_services

TITLE = "1. Command overhead: Telegram update in -> signed cloud request out (zero latency)"
TOKEN = "123456789:AAE" + "c" * 32
ADMIN = 1001
COMMANDS = ("/lock", "/climate 22")
PER_COMMAND = 500  # 1,000 commands in all
POSTGRES_PER_COMMAND = 150
FLOOR_COMMANDS = 200
BURST_PER_COMMAND = 50
WARMUP = 20
TELEGRAM_QUOTA_PER_S = 30
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


class _MarkingTransport(httpx.AsyncBaseTransport):
    """Notes when each request reaches the transport (signed, about to leave)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.command_sent_at: float | None = None
        self.before_command = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and "/telematics/" in request.url.path:
            if self.command_sent_at is None:
                self.command_sent_at = time.perf_counter()
        elif self.command_sent_at is None:
            self.before_command += 1
        return await self.inner.handle_async_request(request)

    def reset(self) -> None:
        self.command_sent_at, self.before_command = None, 0


class _Driver:
    """Feeds raw Telegram updates to the application, like the Updater does."""

    def __init__(self, app: BotApplication, services: BotServices) -> None:
        self.app, self.services = app, services
        self.update_id = 0
        self.message_id = 100

    def _raw_message(self, text: str) -> dict[str, Any]:
        self.update_id += 1
        self.message_id += 1
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": {"id": ADMIN, "type": "private"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Anna", "language_code": "en"},
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": self.update_id, "message": message}

    def _raw_press(self, data: str) -> dict[str, Any]:
        self.update_id += 1
        user = {"id": ADMIN, "is_bot": False, "first_name": "Anna", "language_code": "en"}
        query = {
            "id": f"q{self.update_id}",
            "from": user,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 4000,
                "date": int(time.time()),
                "chat": {"id": ADMIN, "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Smart"},
                "text": "card",
            },
        }
        return {"update_id": self.update_id, "callback_query": query}

    async def feed(self, raw: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(raw, self.app.bot))

    async def say(self, text: str) -> None:
        await self.feed(self._raw_message(text))
        await self.services.background.drain()

    async def press(self, data: str) -> None:
        await self.feed(self._raw_press(data))
        await self.services.background.drain()


def _last_button(api: RecordingRequest, prefix: str) -> str:
    for call in reversed(api.calls):
        for data in call.callback_data:
            if data.startswith(prefix):
                return data
    message = f"no button starting with {prefix!r}"
    raise RuntimeError(message)


async def _log_in(driver: _Driver, api: RecordingRequest) -> None:
    await driver.say("/login")
    await driver.press("v1:rg:EU")
    await driver.say(DEMO_EU_EMAIL)
    await driver.say(DEMO_PASSWORD)
    await driver.press(_last_button(api, "v1:df"))


async def _measure(db_url: str, per_command: int, *, paced: bool) -> dict[str, list[float]]:
    settings = Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        fernet_keys=Fernet.generate_key().decode(),
        admin_user_ids=str(ADMIN),
        database_url=db_url,
    )
    sim = Simulator(clock=ManualClock())
    marker = _MarkingTransport(httpx.ASGITransport(app=sim.app))
    http = httpx.AsyncClient(transport=marker)

    services = simulated_services(settings, sim, http=http, database=Database(db_url))
    api = RecordingRequest()
    app = build_application(settings, services=services, request=api)
    await app.initialize()
    await post_init(app)
    driver = _Driver(app, services)
    results: dict[str, list[float]] = {command: [] for command in COMMANDS}
    results["requests_before"] = []
    try:
        await _log_in(driver, api)
        total = WARMUP + per_command * len(COMMANDS)
        for index in range(total):
            command = COMMANDS[index % len(COMMANDS)]
            sim.advance(10)
            marker.reset()
            raw = driver._raw_message(command)
            started = time.perf_counter()
            await driver.feed(raw)
            await services.background.drain()
            if paced:
                quota_time = len(api.calls) / TELEGRAM_QUOTA_PER_S
                await asyncio.sleep(max(0.0, quota_time - (time.perf_counter() - started)))
            if marker.command_sent_at is None:
                message = f"{command} sent no command; last reply: {api.sent_texts()[-1:]}"
                raise RuntimeError(message)
            if index >= WARMUP:
                results[command].append((marker.command_sent_at - started) * 1000)
                results["requests_before"].append(marker.before_command)
            api.clear()
            sim.clear_requests()
    finally:
        await post_shutdown(app)
        await app.shutdown()
    return results


async def _measure_floor(commands: int) -> list[float]:
    """The floor: the same PTB bot (our `SafeBot`, rate limiter, retrying request) in a bare
    `Application` whose one handler sends one signed command request and nothing else: no
    gate, no database, no reply. Paced like the paced rows."""
    from telegram.ext import AIORateLimiter, ApplicationBuilder, CommandHandler, Defaults

    from bot.smart import SmartClient
    from bot.smart.const import HOST_API_V1, PATH_TELEMATICS, Region
    from bot.smart.endpoints import Endpoints
    from bot.smart.errors import SmartAPIError
    from bot.smart.headers import new_nonce, vehicle_headers
    from bot.smart.transport import Transport
    from bot.tg.botapi import RetryingRequest, SafeBot
    from tests.tg.harness import SIM_BASE

    sim = Simulator(clock=ManualClock())
    marker = _MarkingTransport(httpx.ASGITransport(app=sim.app))
    http = httpx.AsyncClient(transport=marker)
    endpoints = Endpoints.local(SIM_BASE)
    client = SmartClient(Region.EU, endpoints=endpoints, http=http, clock=sim.now)
    tokens = await client.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
    vehicle = (await client.list_vehicles())[0]
    transport = Transport(
        Region.EU, endpoints=endpoints, http=http, clock=sim.now, nonce=lambda: new_nonce(Region.EU)
    )
    body = {"command": "start", "serviceId": "RDL", "timestamp": "0", "creator": "tc"}

    async def lock(_update: object, _context: object) -> None:
        with contextlib.suppress(SmartAPIError):  # the answer is not what the floor measures
            await transport.call(
                "PUT",
                HOST_API_V1,
                PATH_TELEMATICS.format(vin=vehicle.vin),
                device_id=tokens.device_id,
                payload=body,
                access_token=tokens.access_token,
                extra_headers=vehicle_headers(vehicle.vin, vehicle.mat_code),
            )

    api = RecordingRequest()
    bot = SafeBot(
        TOKEN,
        defaults=Defaults(parse_mode="HTML"),
        rate_limiter=AIORateLimiter(max_retries=3),
        request=RetryingRequest(api),
        get_updates_request=api,
    )
    app = ApplicationBuilder().bot(bot).updater(None).build()
    app.add_handler(CommandHandler("lock", lock))
    await app.initialize()
    driver = _Driver(app, None)  # type: ignore[arg-type]
    results: list[float] = []
    try:
        for index in range(WARMUP + commands):
            marker.reset()
            raw = driver._raw_message("/lock")
            started = time.perf_counter()
            await driver.feed(raw)
            if marker.command_sent_at is None:
                message = "the floor handler sent nothing"
                raise RuntimeError(message)
            if index >= WARMUP:
                results.append((marker.command_sent_at - started) * 1000)
            await asyncio.sleep(
                max(0.0, 2 / TELEGRAM_QUOTA_PER_S - (time.perf_counter() - started))
            )
    finally:
        await app.shutdown()
        await http.aclose()
    return results


def _sqlite(per_command: int, *, paced: bool) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="bench-cmd-") as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}"
        upgrade_to_head(db_url)
        return asyncio.run(_measure(db_url, per_command, paced=paced))


def _postgres(per_command: int) -> dict[str, list[float]] | None:
    """The same on a throw-away database of the local PostgreSQL; None when there is none."""
    import asyncpg  # type: ignore[import-untyped]

    name = f"bench_cmd_{os.getpid()}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(POSTGRES_ADMIN, timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None
    db_url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    try:
        upgrade_to_head(db_url)
        return asyncio.run(_measure(db_url, per_command, paced=True))
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _add_rows(table: Table, label: str, results: dict[str, list[float]]) -> list[float]:
    every: list[float] = []
    for command in COMMANDS:
        values = results[command]
        every.extend(values)
        table.add(
            label,
            command,
            len(values),
            percentile(values, 50),
            percentile(values, 90),
            percentile(values, 99),
            max(values),
        )
    table.add(
        label,
        "all",
        len(every),
        percentile(every, 50),
        percentile(every, 90),
        percentile(every, 99),
        max(every),
    )
    return every


def run() -> list[Table]:
    logging.disable(logging.INFO)  # the bot logs every command at INFO; not what we measure
    try:
        floor = asyncio.run(_measure_floor(FLOOR_COMMANDS))
        sqlite = _sqlite(PER_COMMAND, paced=True)
        postgres = _postgres(POSTGRES_PER_COMMAND)
        burst = _sqlite(BURST_PER_COMMAND, paced=False)
        floor += asyncio.run(_measure_floor(FLOOR_COMMANDS))  # before and after: same load
    finally:
        logging.disable(logging.NOTSET)
    table = Table(
        "Update -> signed command request, ms (in-process simulator, offline Bot API)",
        ["database", "command", "n", "p50", "p90", "p99", "max"],
    )
    every = _add_rows(table, "SQLite", sqlite)
    if postgres is not None:
        _add_rows(table, "PostgreSQL", postgres)
    else:
        table.notes.append("PostgreSQL at 127.0.0.1:5432 not reachable: its rows are skipped.")
    _add_rows(table, "SQLite, back to back", burst)
    table.add(
        "floor (no database)",
        "/lock",
        len(floor),
        percentile(floor, 50),
        percentile(floor, 90),
        percentile(floor, 99),
        max(floor),
    )
    before = sqlite["requests_before"]
    table.notes.append(
        f"Cloud requests before the command left: {min(before)}-{max(before)} per command "
        "(the vehicle's selection, only when the cloud session has not selected this car "
        "with its current token)."
    )
    table.notes.append(
        "Paced rows keep under Telegram's 30 messages/s (2 per command). 'Back to back' feeds "
        "the next command as soon as the previous one is done: the bot's rate limiter then "
        "holds the progress message for the quota, which is Telegram's limit, not overhead."
    )
    table.notes.append(
        "floor: the same SafeBot (rate limiter, retrying request) in a bare Application with "
        "one /lock handler that sends one signed command request, nothing else (no gate, no "
        "database, no reply); measured before and after the others, pooled."
    )
    p50, p99 = percentile(every, 50), percentile(every, 99)
    f50, f99 = percentile(floor, 50), percentile(floor, 99)
    targets = Table("Targets (paced)", ["target", "measured", "verdict"])
    targets.add("SQLite p50 < 5 ms", f"{p50:.2f} ms", verdict(p50 < 5))
    targets.add("SQLite p99 < 20 ms", f"{p99:.2f} ms", verdict(p99 < 20))
    for label, results in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        if results is None:
            continue
        lock = results["/lock"]
        r50, r99 = percentile(lock, 50) / f50, percentile(lock, 99) / f99
        targets.add(f"{label} /lock p50 <= 2x the floor", f"{r50:.2f}x", verdict(r50 <= 2))
        targets.add(f"{label} /lock p99 <= 3x the floor", f"{r99:.2f}x", verdict(r99 <= 3))
    return [table, targets]
