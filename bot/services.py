"""The application's services, one name each, opened once per process.

`BotServices` is built by the application factory (`bot.app`) from settings; tests hand in
their own clock, sleep, cloud address, HTTP client and database. `open()` (from `post_init`:
it needs the event loop the bot runs in) builds what was not handed in: the credential
cipher, the database, the HTTP client, the client pool, the cool-down and the command
runner. `close()` (from `post_shutdown`) closes them again. The factory adds the background
work that needs the Telegram bot: the poller runtime, the scheduler and the health server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import uvicorn

from bot.aio import cancel_and_wait
from bot.commands.capabilities import CapabilityCache
from bot.commands.car_timers import CarTimerCache
from bot.commands.clients import ClientPool
from bot.commands.cooldown import CarCooldown
from bot.commands.queue import CommandQueue
from bot.commands.runner import CommandRunner
from bot.config import Settings
from bot.poller.runtime import PollerRuntime
from bot.schedules.engine import Scheduler
from bot.smart.const import REQUEST_TIMEOUT_SECONDS
from bot.smart.endpoints import Endpoints
from bot.smart.http_pool import cloud_http_client
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.workers import WorkerSupervisor

_T = TypeVar("_T")
_LOGGER = logging.getLogger(__name__)
# Connections to the cloud beyond the poller's polls in flight: commands, logins, /status.
COMMAND_CONNECTIONS = 14


def _utcnow() -> datetime:
    return datetime.now(UTC)


class NotStartedError(RuntimeError):
    """A service was used before `open()` (or after `close()`): a wiring bug."""


class BackgroundTasks:
    """Work that outlives the handler that started it (command follow-through)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
        """Run `coroutine` in the background, tracked until it is done."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait for every background task (tests; graceful shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


class BotServices:
    """Everything handlers and background work use, built once per process.

    `clock`, `sleep` and `cloud_clock` (epoch seconds, signs cloud requests) are injectable so
    tests control time. `http`, `db`, `cipher`, `clients`, `cooldown` and `commands` exist
    between `open()` and `close()`; `runtime` (the poller), `workers` (the poller worker
    processes of POLLER_WORKERS) and `health` only when started.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        endpoints: Endpoints | None = None,
        cloud_clock: Callable[[], float] | None = None,
        http: httpx.AsyncClient | None = None,
        db: Database | None = None,
        run_poller: bool = True,
        first_user_admin: bool = False,
    ) -> None:
        self.settings = settings
        # The demo without ADMIN_USER_IDS: the gate makes the first user to write the admin.
        self.first_user_admin = first_user_admin
        self.clock = clock
        self.sleep = sleep
        url = settings.smart_cloud_url
        self.endpoints = endpoints or (Endpoints.local(url) if url else Endpoints.real())
        self.cloud_clock = cloud_clock
        self.run_poller = run_poller
        self.background = BackgroundTasks()
        self.runtime: PollerRuntime | None = None
        self.health: tuple[uvicorn.Server, asyncio.Task[None]] | None = None
        self.workers: WorkerSupervisor | None = None
        self.car_timers = CarTimerCache()
        self._scheduler: Scheduler | None = None
        self._scheduler_loop: asyncio.Task[None] | None = None
        self._http = http
        self._db = db
        self._cipher: CredentialCipher | None = None
        self._clients: ClientPool | None = None
        self._cooldown: CarCooldown | None = None
        self._commands: CommandRunner | None = None
        self._queue: CommandQueue | None = None
        self._capabilities: CapabilityCache | None = None

    def claim_first_admin(self, user_id: int) -> bool:
        """The demo: True (once) when `user_id` becomes the admin as the first to write."""
        if not self.first_user_admin or self.settings.admin_user_ids:
            return False
        self.settings = self.settings.model_copy(update={"admin_user_ids": [user_id]})
        return True

    @property
    def is_open(self) -> bool:
        """True between `open()` and `close()`."""
        return self._commands is not None

    def open(self) -> None:
        """Build every service that was not handed in (run inside the bot's event loop)."""
        if self.is_open:
            return
        settings = self.settings
        self._cipher = CredentialCipher(settings.fernet_keys)
        db = self._db = self._db or Database(settings.database_url)
        http = self._http = self._http or cloud_http_client(
            connections=settings.poller_concurrency + COMMAND_CONNECTIONS,
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
        self._clients = ClientPool(
            db=db,
            cipher=self._cipher,
            http=http,
            endpoints=self.endpoints,
            clock=self.cloud_clock,
            sleep=self.sleep,
        )
        self._cooldown = CarCooldown(db=db, clock=self.clock)
        self._capabilities = CapabilityCache(clients=self._clients, clock=self.clock)
        self._commands = CommandRunner(
            db=db,
            clients=self._clients,
            cooldown=self._cooldown,
            clock=self.clock,
            sleep=self.sleep,
            spawn=self.background.spawn,
            on_sent=self._wake_poller,
        )
        self._queue = CommandQueue(
            db=db,
            runner=self._commands,
            cooldown=self._cooldown,
            clock=self.clock,
            sleep=self.sleep,
            spawn=self.background.spawn,
        )

    def _wake_poller(self) -> None:
        if self.runtime is not None:
            self.runtime.wake_poller()

    async def close(self) -> None:
        """Finish running commands, then close the clients, the HTTP client and the database."""
        await self.background.drain()
        clients, self._clients = self._clients, None
        if clients is not None:
            await clients.close()
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()
        db, self._db = self._db, None
        if db is not None:
            await db.dispose()
        self._cipher = self._cooldown = self._commands = self._queue = None
        self._capabilities = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The shared HTTP client for the Smart cloud."""
        if self._http is None:
            raise NotStartedError("http")
        return self._http

    @property
    def db(self) -> Database:
        """The database."""
        if self._db is None:
            raise NotStartedError("db")
        return self._db

    @property
    def cipher(self) -> CredentialCipher:
        """The credential cipher built from FERNET_KEYS."""
        if self._cipher is None:
            raise NotStartedError("cipher")
        return self._cipher

    @property
    def clients(self) -> ClientPool:
        """One Smart cloud client per stored account."""
        if self._clients is None:
            raise NotStartedError("clients")
        return self._clients

    @property
    def cooldown(self) -> CarCooldown:
        """The one cool-down between commands to a car."""
        if self._cooldown is None:
            raise NotStartedError("cooldown")
        return self._cooldown

    @property
    def commands(self) -> CommandRunner:
        """The command runner every caller (chat, schedule, rule) starts commands with."""
        if self._commands is None:
            raise NotStartedError("commands")
        return self._commands

    @property
    def queue(self) -> CommandQueue:
        """Starts a person's commands, queuing them behind the car's cool-down."""
        if self._queue is None:
            raise NotStartedError("queue")
        return self._queue

    @property
    def scheduler(self) -> Scheduler:
        """The scheduler that fires bot-side schedules (and "run now")."""
        if self._scheduler is None:
            raise NotStartedError("scheduler")
        return self._scheduler

    def start_scheduler(self, scheduler: Scheduler, *, loop: bool, interval: float = 15.0) -> None:
        """Attach the scheduler (built by the application factory: its reports go through
        the Telegram bot) and, with `loop`, run its passes in the background."""
        self._scheduler = scheduler
        if loop and self._scheduler_loop is None:
            self._scheduler_loop = asyncio.get_running_loop().create_task(
                scheduler.run_forever(interval), name="scheduler"
            )

    async def stop_scheduler(self) -> None:
        """Stop the scheduler's loop (a run in progress is cancelled; its claim stays)."""
        loop, self._scheduler_loop = self._scheduler_loop, None
        if loop is not None:
            await cancel_and_wait([loop], logger=_LOGGER)

    def now(self) -> datetime:
        """The current time (aware UTC) from the injectable clock."""
        return self.clock()

    @property
    def capabilities(self) -> CapabilityCache:
        """Each car's capability list, read at most once a day."""
        if self._capabilities is None:
            raise NotStartedError("capabilities")
        return self._capabilities
