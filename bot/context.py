"""The typed handler context: `BotServices` reached as `context.services`, never `bot_data`.

`BotApplication` carries one `BotServices`; `BotContext.services` hands it to handlers with
its real type. Resources that need a running event loop (HTTP client, database) are opened in
`post_init` and closed in `post_shutdown` (see `bot.app`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
import uvicorn
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.smart.endpoints import Endpoints
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import CarRecord
from bot.tg.i18n import Lang
from bot.tg.reports import ReportThrottle
from bot.tg.services.commands import CarBusy

if TYPE_CHECKING:
    from bot.poller.schedule import PollerRuntime
    from bot.tg.services.cloud import ClientPool


def _utcnow() -> datetime:
    return datetime.now(UTC)


class NotStartedError(RuntimeError):
    """A service was used before `post_init` opened it (a wiring bug)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who sent the update being handled, as the gate resolved them."""

    user_id: int
    name: str
    lang: Lang
    is_admin: bool


@dataclass
class BotServices:
    """Everything handlers need, built once per process.

    `clock`, `sleep` and `cloud_clock` (epoch seconds, signs cloud requests) are injectable so
    tests control time; `http` and `db` exist between `post_init` and `post_shutdown`.
    """

    settings: Settings
    clock: Callable[[], datetime] = _utcnow
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    endpoints: Endpoints | None = None
    cloud_clock: Callable[[], float] | None = None
    http_client: httpx.AsyncClient | None = None
    database: Database | None = None
    cipher: CredentialCipher | None = None
    pool: ClientPool | None = None
    run_poller: bool = True
    runtime: PollerRuntime | None = None
    health: tuple[uvicorn.Server, asyncio.Task[None]] | None = None
    busy: CarBusy = field(default_factory=CarBusy)
    reports: ReportThrottle = field(default_factory=ReportThrottle)
    background: set[asyncio.Task[Any]] = field(default_factory=set)

    @property
    def http(self) -> httpx.AsyncClient:
        """The shared HTTP client for the Smart cloud."""
        if self.http_client is None:
            raise NotStartedError("http")
        return self.http_client

    @property
    def db(self) -> Database:
        """The database handle."""
        if self.database is None:
            raise NotStartedError("db")
        return self.database

    @property
    def crypto(self) -> CredentialCipher:
        """The credential cipher built from FERNET_KEYS."""
        if self.cipher is None:
            raise NotStartedError("cipher")
        return self.cipher

    @property
    def clients(self) -> ClientPool:
        """The per-account Smart cloud clients."""
        if self.pool is None:
            raise NotStartedError("clients")
        return self.pool

    def endpoints_or_real(self) -> Endpoints:
        """Where the Smart cloud is (the simulator when SMART_CLOUD_URL is set)."""
        if self.endpoints is None:
            url = self.settings.smart_cloud_url
            self.endpoints = Endpoints.local(url) if url else Endpoints.real()
        return self.endpoints

    def now(self) -> datetime:
        """The current time (aware UTC) from the injectable clock."""
        return self.clock()

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run work that outlives the handler (command follow-through), tracked for shutdown."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        return task

    async def drain(self) -> None:
        """Wait for every background task (tests; graceful shutdown)."""
        while self.background:
            await asyncio.gather(*list(self.background), return_exceptions=True)


class BotApplication(
    Application[
        ExtBot[None],
        "BotContext",
        dict[Any, Any],
        dict[Any, Any],
        dict[Any, Any],
        JobQueue["BotContext"],
    ]
):
    """The PTB application with our services attached."""

    def __init__(self, services: BotServices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context every handler receives."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.principal: Principal | None = None
        # The principal's cars as the gate read them for this update (None: not read).
        self.cars: list[CarRecord] | None = None
        self.answered = False

    @property
    def services(self) -> BotServices:
        """The process-wide services."""
        application = self.application
        if not isinstance(application, BotApplication):
            raise TypeError("the application was not built by bot.app.build_application")
        return application.services

    @property
    def jobs(self) -> JobQueue[BotContext] | None:
        """The application's job queue, typed for our context."""
        application = self.application
        return application.job_queue if isinstance(application, BotApplication) else None

    @property
    def who(self) -> Principal:
        """The sender as resolved by the gate (every handler after the gate may rely on it)."""
        if self.principal is None:
            raise NotStartedError("principal: the gate did not run for this update")
        return self.principal
