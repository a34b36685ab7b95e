"""The bot under test: the real `Application` with an offline Bot API (`RecordingRequest`),
the in-process simulator as the Smart cloud, a migrated database and a shared manual clock.

Waiting is never real: the bot's `sleep` advances the simulator's clock, so "re-read the
status for up to a minute" runs in milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from bot.app import build_application, post_init, post_shutdown
from bot.config import Settings
from bot.services import BotServices
from bot.simulator.clock import ManualClock
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_PASSWORD
from bot.simulator.simulator import Simulator
from bot.smart.backoff import LOGIN_BACKOFF
from bot.storage.db import Database
from bot.tg.context import BotApplication
from bot.tg.keyboards import decode
from tests.tg.harness import (
    Call,
    RecordingRequest,
    callback_update,
    message_update,
    simulated_services,
)

ADMIN = 1001
FRIEND = 2002
STRANGER = 3003
VIN_1 = "HESXR1C46PS000101"  # demo smart #1, plate B-SM 101
VIN_5 = "HESYR1C45RS000205"  # demo smart #5, plate B-SM 505


# An admin's first update also publishes their command menu (`bot.tg.profile`): not a reply.
_MENU_CALLS = frozenset({"getMyCommands", "setMyCommands"})


def _replies(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.method not in _MENU_CALLS]


@dataclass
class Bot:
    """Drives the application like a Telegram user and reads what the bot sent."""

    app: BotApplication
    api: RecordingRequest
    sim: Simulator
    services: BotServices
    db: Database

    async def send(self, text: str, *, user: int = ADMIN, **kwargs: object) -> list[Call]:
        """Process one message from `user`; returns the Bot API calls it caused."""
        before = len(self.api.calls)
        update = message_update(self.app.bot, text, user_id=user, **kwargs)  # type: ignore[arg-type]
        await self.app.process_update(update)
        await self.services.background.drain()
        return _replies(self.api.calls[before:])

    async def press(
        self, data: str, *, user: int = ADMIN, message_id: int = 4000, **kwargs: object
    ) -> list[Call]:
        """Press a button with this callback data."""
        before = len(self.api.calls)
        update = callback_update(self.app.bot, data, user_id=user, message_id=message_id, **kwargs)  # type: ignore[arg-type]
        await self.app.process_update(update)
        await self.services.background.drain()
        return _replies(self.api.calls[before:])

    def texts(self, calls: list[Call] | None = None) -> list[str]:
        """Texts sent or edited (of `calls`, default all)."""
        source = self.api.calls if calls is None else calls
        return [c.text for c in source if c.method in ("sendMessage", "editMessageText")]

    def last_text(self) -> str:
        return self.api.last("sendMessage", "editMessageText").text

    def buttons(self, op: str, calls: list[Call] | None = None) -> list[str]:
        """The callback data of the buttons with this op, in the last message that has any."""
        source = self.api.calls if calls is None else calls
        for call in reversed(source):
            found = [d for d in call.callback_data if (c := decode(d)) and c.op.value == op]
            if found:
                return found
        raise AssertionError(f"no {op} button in {[c.callback_data for c in source]}")

    def button(self, op: str, calls: list[Call] | None = None) -> str:
        """The callback data of the first such button in the last message that has one."""
        return self.buttons(op, calls)[0]

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.sim.now(), UTC)

    def advance(self, seconds: float) -> None:
        self.sim.advance(seconds)


@pytest.fixture(autouse=True)
def _fresh_login_backoff() -> Iterator[None]:
    """The client's process-wide login back-off must not carry over between tests."""
    LOGIN_BACKOFF.clear()
    yield
    LOGIN_BACKOFF.clear()


@pytest.fixture
def sim() -> Simulator:
    """The simulated cloud with the demo accounts, on a manual clock."""
    return Simulator(clock=ManualClock())


@pytest.fixture
async def bot(settings: Settings, db: Database, sim: Simulator) -> AsyncIterator[Bot]:
    """The real application, started like `run_polling` does, without any network."""
    api = RecordingRequest()
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app))

    services = simulated_services(settings, sim, http=http, database=db)
    app = build_application(settings, services=services, request=api)
    await app.initialize()
    await post_init(app)
    api.clear()
    yield Bot(app, api, sim, services, db)
    await post_shutdown(app)
    await app.shutdown()


async def login(
    bot: Bot,
    *,
    user: int = ADMIN,
    email: str = DEMO_EU_EMAIL,
    password: str = DEMO_PASSWORD,
    region: str = "EU",
) -> list[Call]:
    """Run the whole /login conversation; returns the calls of the password step."""
    await bot.send("/login", user=user)
    await bot.press(f"v1:rg:{region}", user=user)
    await bot.send(email, user=user)
    return await bot.send(password, user=user)


@pytest.fixture
async def logged_in(bot: Bot) -> Bot:
    """The admin logged in to the demo EU account (a #1 and a #5), the #1 as default."""
    await login(bot)
    await bot.press(bot.button("df"))
    bot.api.clear()
    return bot


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record at DEBUG and above."""
    caplog.set_level(logging.DEBUG)
    return caplog
