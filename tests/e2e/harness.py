"""The end-to-end world: the real bot as a process (`python -m bot run`), the fake Telegram Bot
API and the simulated Smart cloud, both on loopback ports of the test process.

    async with World.open(tmp_path) as world:
        bot = await world.start_bot()
        user = world.user(ADMIN)
        await login(world, user)
        reply = await user.ask("/status")

`BotProcess` starts, stops (SIGTERM), kills (SIGKILL) and restarts one bot process; its stderr
goes to a log file that the log scan reads. Waiting is always on a condition with a timeout,
never a fixed sleep: a bot message, a cloud request, a database row.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.config import Settings
from bot.simulator import SimConfig, Simulator
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_PASSWORD
from bot.simulator.server import RunningSimulator
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head
from bot.tg.keyboards import decode
from tests.conftest import TEST_TOKEN
from tests.e2e.cloud import car_positions, cloud_secrets, status_requests
from tests.e2e.fake_telegram import FakeTelegram, StoredMessage

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 1001
PROBE = 1002  # a second admin whose /help round-trips tell that earlier updates were handled
VIN_1 = "HESXR1C46PS000101"  # demo smart #1 (EU), plate B-SM 101
VIN_5 = "HESYR1C45RS000205"  # demo smart #5 (EU), plate B-SM 505
VIN_3 = "HESCA2C42RS000303"  # demo smart #3 (INTL)

# Short intervals, inside the limits `Settings` allows, so the poller reacts within seconds.
FAST_POLLING: dict[str, str] = {
    "POLL_INTERVAL_IDLE": "5",
    "POLL_INTERVAL_CHARGING": "5",
    "POLL_INTERVAL_DRIVING": "5",
    "POLL_INTERVAL_AFTER_COMMAND": "1",
    "FAST_POLL_WINDOW": "30",
}
# Every bot log file written by this test session, for the secret scan.
LOG_FILES: list[Path] = []
# Every secret a bot or the cloud of this session held, for the secret scan.
SESSION_SECRETS: set[str] = {TEST_TOKEN, DEMO_PASSWORD}
# Every car position of this session (as degrees and as the cloud's milli-arc-seconds): the
# log scan looks for those too, positions being personal data.
SESSION_POSITIONS: set[str] = car_positions(Simulator())


class BotExitedError(AssertionError):
    """The bot process ended while a test waited for it."""


@dataclass
class BotProcess:
    """One `python -m bot run` process with its own environment and log file."""

    name: str
    env: dict[str, str]
    log_path: Path
    tg: FakeTelegram
    webhook_port: int | None = None
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0
    # The command line after `python -m bot` (`run --demo` for the demo).
    args: tuple[str, ...] = ("run",)
    # Where stdout (what the terminal shows, e.g. the demo's accounts) goes; None: the log.
    stdout_path: Path | None = None

    @property
    def running(self) -> bool:
        """True while the process lives."""
        return self.proc is not None and self.proc.returncode is None

    async def start(self, *, wait: bool = True) -> BotProcess:
        """Start the process (appending to its log) and, by default, wait until it is ready."""
        if self.running:
            raise AssertionError(f"{self.name} is already running")
        polls = self.tg.polls
        self.starts += 1
        out_path = self.stdout_path or self.log_path
        with self.log_path.open("ab") as log, out_path.open("ab") as out:
            log.write(f"--- start {self.starts} of {self.name}\n".encode())
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *self.args,
                cwd=ROOT,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=log,
            )
        if wait:
            await self.wait_ready(polls)
        return self

    async def wait_ready(self, polls_before: int, timeout: float = 30.0) -> None:
        """Polling mode: the bot asked for updates; webhook mode: its server answers."""
        if self.webhook_port is None:
            ready = self.tg.wait_polled(polls_before, timeout=timeout)
        else:
            ready = _wait_http_ok(f"http://127.0.0.1:{self.webhook_port}/healthz", timeout)
        await self._unless_exited(ready)

    async def _unless_exited(self, waiting: Awaitable[None]) -> None:
        assert self.proc is not None
        wait_task = asyncio.ensure_future(waiting)
        exit_task = asyncio.ensure_future(self.proc.wait())
        done, _ = await asyncio.wait({wait_task, exit_task}, return_when=asyncio.FIRST_COMPLETED)
        if wait_task in done:
            exit_task.cancel()
            wait_task.result()
            return
        wait_task.cancel()
        raise BotExitedError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")

    async def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, then wait for a clean exit; returns the exit code."""
        if not self.running:
            return self.proc.returncode if self.proc and self.proc.returncode is not None else 0
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(
                f"{self.name} did not stop on SIGTERM:\n{self.log_tail()}"
            ) from None

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, like a crashed host."""
        if self.running:
            assert self.proc is not None
            self.proc.kill()
            await self.proc.wait()

    async def restart(self) -> BotProcess:
        """Stop (if running) and start again with the same settings and database."""
        await self.stop()
        return await self.start()

    def log_text(self) -> str:
        """Everything the process logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the log, for failure messages."""
        return "\n".join(self.log_text().splitlines()[-lines:])


async def _wait_http_ok(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2) as client:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {timeout} s")
            await asyncio.sleep(0.1)


@dataclass
class User:
    """A Telegram user of the fake: writes, taps buttons, reads the bot's messages."""

    world: World
    user_id: int
    language: str = "en"

    @property
    def tg(self) -> FakeTelegram:
        """The fake Bot API."""
        return self.world.tg

    def mark(self) -> int:
        """The newest message id in the chat; later bot messages have bigger ids."""
        return self.tg.last_message_id(self.user_id)

    def bot_messages(self, since: int = 0) -> list[StoredMessage]:
        """The bot's messages in this chat newer than `since`, as they stand now."""
        return [m for m in self.tg.bot_messages(self.user_id) if m.message_id > since]

    async def send(self, text: str) -> int:
        """Write a message; returns its id."""
        return await self.tg.user_sends(self.user_id, text, language_code=self.language)

    async def press(self, message: StoredMessage | int, data: str) -> None:
        """Tap the button with `data` under a bot message."""
        message_id = message if isinstance(message, int) else message.message_id
        await self.tg.user_presses(self.user_id, message_id, data)

    async def wait_message(
        self,
        needle: str | Callable[[StoredMessage], bool],
        *,
        since: int = 0,
        timeout: float = 15.0,
    ) -> StoredMessage:
        """The first bot message newer than `since` whose current text contains `needle`
        (or that satisfies it, when it is a predicate)."""
        found: list[StoredMessage] = []

        def matches(message: StoredMessage) -> bool:
            if callable(needle):
                return needle(message)
            return needle in message.text

        def seen() -> bool:
            found[:] = [m for m in self.bot_messages(since) if matches(m)]
            return bool(found)

        what = f"a message to {self.user_id} with {needle!r}"
        await self.tg.wait_for(seen, timeout=timeout, what=what)
        return found[0]

    async def ask(self, text: str, needle: str = "", *, timeout: float = 15.0) -> StoredMessage:
        """Send `text` and return the first reply (containing `needle`, when given)."""
        since = self.mark()
        await self.send(text)
        return await self.wait_message(needle, since=since, timeout=timeout)

    async def tap(
        self, message: StoredMessage, op: str, needle: str = "", *, timeout: float = 15.0
    ) -> StoredMessage:
        """Tap the `op` button under `message`; returns the first bot message (new or edited)
        that contains `needle` afterwards (the tapped message itself when it was edited)."""
        data = button(message, op)
        before = message.text
        since = self.mark()
        await self.press(message, data)

        def changed(m: StoredMessage) -> bool:
            edited = m.message_id == message.message_id and m.text != before
            fresh = m.message_id > since
            return (edited or fresh) and needle in m.text

        return await self.wait_message(changed, timeout=timeout)


def alert_texts(user: User) -> list[str]:
    """The push alerts the user received (messages that start with the car header)."""
    return [m.text for m in user.bot_messages() if m.text.startswith("🚗 ")]


def buttons(message: StoredMessage) -> list[str]:
    """The callback data of every button under a message."""
    markup = message.reply_markup or {}
    return [
        str(b["callback_data"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


def button(message: StoredMessage, op: str) -> str:
    """The callback data of the first `op` button (`lk`, `cf`, `rf`, ...) under a message."""
    for data in buttons(message):
        callback = decode(data)
        if callback is not None and callback.op.value == op:
            return data
    raise AssertionError(f"no {op!r} button under message {message.message_id}: {buttons(message)}")


@dataclass
class World:
    """The fake Telegram, the simulated cloud, a database and the bot processes."""

    tmp: Path
    tg: FakeTelegram
    sim: Simulator
    cloud: RunningSimulator
    database_url: str
    fernet_key: str
    admins: tuple[int, ...] = (ADMIN, PROBE)
    bots: list[BotProcess] = field(default_factory=list)
    _db: Database | None = None

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls,
        tmp: Path,
        *,
        database_url: str | None = None,
        sim_config: SimConfig | None = None,
    ) -> AsyncIterator[World]:
        """A fresh world; every bot process is killed and the servers stopped at the end."""
        config = sim_config or SimConfig(command_delay=1.0)
        sim = Simulator(config=config)
        url = database_url or f"sqlite+aiosqlite:///{tmp / 'bot.db'}"
        await asyncio.to_thread(upgrade_to_head, url)
        key = Fernet.generate_key().decode()
        SESSION_SECRETS.add(key)
        cloud = RunningSimulator(sim)
        try:
            async with FakeTelegram() as tg:
                world = cls(tmp, tg, sim, cloud, url, key)
                try:
                    yield world
                finally:
                    await world.close()
        finally:
            cloud.stop()

    async def close(self) -> None:
        """Kill every bot, remember the cloud's secrets for the log scan, close the database."""
        for bot in self.bots:
            await bot.kill()
        SESSION_SECRETS.update(cloud_secrets(self.sim))
        SESSION_POSITIONS.update(car_positions(self.sim))
        if self._db is not None:
            await self._db.dispose()
            self._db = None

    @property
    def db(self) -> Database:
        """A test-side handle on the bot's database."""
        if self._db is None:
            self._db = Database(self.database_url)
        return self._db

    def env(self, **overrides: str) -> dict[str, str]:
        """The bot's environment: this world's servers, database and key, fast polling."""
        clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
        values = {
            "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_BASE_URL": self.tg.base_url,
            "SMART_CLOUD_URL": self.cloud.base_url,
            "DATABASE_URL": self.database_url,
            "FERNET_KEYS": self.fernet_key,
            "ADMIN_USER_IDS": ",".join(str(a) for a in self.admins),
            "LOG_LEVEL": "DEBUG",
            "TZ": "UTC",
            **FAST_POLLING,
        }
        values.update(overrides)
        return {**clean, **values, "PYTHONUNBUFFERED": "1"}

    async def start_bot(
        self,
        name: str = "bot",
        *,
        webhook_port: int | None = None,
        args: tuple[str, ...] = ("run",),
        stdout_path: Path | None = None,
        **env: str,
    ) -> BotProcess:
        """Start a bot process (`python -m bot <args>`) and wait until it takes updates."""
        log_path = self.tmp / f"{name}.log"
        LOG_FILES.append(log_path)
        bot = BotProcess(
            name,
            self.env(**env),
            log_path,
            self.tg,
            webhook_port=webhook_port,
            args=args,
            stdout_path=stdout_path,
        )
        self.bots.append(bot)
        return await bot.start()

    def user(self, user_id: int, language: str = "en") -> User:
        """A Telegram user in this world."""
        return User(self, user_id, language)

    async def handled(self) -> None:
        """Return once the bot has handled every update sent so far. Each user's updates are
        handled in order (different users' at once), so a silent barrier press by every user
        who wrote, answered after their earlier updates, and a probe admin's /help say so."""
        queries = [await self.tg.barrier(user) for user in sorted(self.tg.senders - {PROBE})]
        await self.user(PROBE).ask("/help")
        await self.tg.wait_for(
            lambda: all(self.tg.answered(q) for q in queries),
            timeout=30,
            what="every user's updates to be handled",
        )

    async def sql(self, statement: str, **params: Any) -> list[Any]:
        """Run SQL on the bot's database (reads, and fast-forwarding timers)."""
        async with self.db.session() as session:
            result = await session.execute(text(statement), params)
            return list(result.all()) if statement.lstrip().upper().startswith("SELECT") else []

    async def wait_until(
        self,
        check: Callable[[], Awaitable[bool]] | Callable[[], bool],
        *,
        timeout: float = 20.0,
        what: str = "a condition",
        every: float = 0.1,
    ) -> None:
        """Re-check `check` until it holds (database rows, cloud requests), or fail."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if not isinstance(result, bool):
                result = await result
            if result:
                return
            if time.monotonic() > deadline:
                logs = "\n".join(f"== {b.name}\n{b.log_tail(15)}" for b in self.bots)
                raise AssertionError(f"timed out waiting for {what}\n{logs}")
            await asyncio.sleep(every)

    async def car_state(self, vin: str) -> dict[str, Any]:
        """The car's `vehicle_state` row (poll schedule, lease, failures), by VIN."""
        rows = await self.sql(
            "SELECT s.last_status IS NOT NULL, s.consecutive_failures, s.lease_owner, "
            "s.fetched_at, s.last_error FROM vehicle_state s JOIN vehicles v "
            "ON v.id = s.vehicle_id WHERE v.vin = :vin",
            vin=vin,
        )
        if not rows:
            return {}
        stored, failures, owner, fetched, error = rows[0]
        return {
            "stored": bool(stored),
            "failures": failures,
            "lease_owner": owner,
            "fetched_at": fetched,
            "last_error": error,
        }

    async def first_poll_stored(self, vin: str) -> None:
        """Wait until the poller has stored a first status of `vin` (no alert comes of it)."""

        async def stored() -> bool:
            return bool((await self.car_state(vin)).get("stored"))

        await self.wait_until(stored, timeout=30, what="the first poll to be stored")

    async def polled_since(self, vin: str, count: int) -> None:
        """Wait until the cloud saw `count` more status reads of `vin` than now, all answered."""
        start = len(status_requests(self.sim, vin))

        def enough() -> bool:
            return len(status_requests(self.sim, vin)) >= start + count

        await self.wait_until(enough, timeout=15 + 12 * count, what=f"{count} polls")
        # The answer of the last read is stored a moment after the cloud sent it.
        await asyncio.sleep(0.3)


async def login(
    user: User,
    *,
    region: str = "EU",
    email: str = DEMO_EU_EMAIL,
    password: str = DEMO_PASSWORD,
    default_car: str | None = "#1",
) -> StoredMessage:
    """Walk the real /login conversation through its buttons; returns the "Logged in" message.

    When the account has several cars, the one whose label contains `default_car` becomes the
    default through the picker's button.
    """
    question = await user.ask("/login", "Which Smart cloud")
    since = user.mark()
    await user.press(question, f"v1:rg:{region}")
    await user.wait_message("e-mail address", since=since)
    await user.ask(email, "password")
    since = user.mark()
    await user.send(password)
    outcome = await user.wait_message(
        lambda m: "Logging in" not in m.text and "delete" not in m.text, since=since, timeout=20
    )
    if "Logged in" not in outcome.text:
        raise AssertionError(f"login failed: {outcome.text}")
    if "cars:" in outcome.text and default_car is not None and outcome.text.count("•") > 1:
        picker = await user.wait_message("default?", since=since)
        rows = (picker.reply_markup or {}).get("inline_keyboard", [])
        data = next(
            str(b["callback_data"]) for row in rows for b in row if default_car in b["text"]
        )
        await user.press(picker, data)
        await user.wait_message(
            lambda m: m.message_id == picker.message_id and "default car" in m.text
        )
    return outcome
