"""The command layer on its own: services opened without Telegram, the simulated cloud on a
manual clock, and the demo EU account connected as /login connects it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest

from bot.commands.accounts import connect_account
from bot.commands.runner import CommandRequest, Outcome
from bot.config import Settings
from bot.services import BotServices
from bot.simulator.clock import ManualClock
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_PASSWORD
from bot.simulator.simulator import Simulator
from bot.smart.backoff import LOGIN_BACKOFF
from bot.smart.const import Region
from bot.storage import repo_users
from bot.storage.db import Database
from bot.storage.records import CarRecord
from tests.tg.harness import simulated_services

OWNER = 1001


@dataclass
class Reporter:
    """A caller without a chat (a schedule): it records what it would be told."""

    can_tell: bool = True
    announced: list[CommandRequest] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    async def started(self, request: CommandRequest) -> bool:
        self.announced.append(request)
        return self.can_tell

    async def finished(self, request: CommandRequest, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


@dataclass
class World:
    services: BotServices
    sim: Simulator
    cars: list[CarRecord]


@pytest.fixture
async def world(settings: Settings, db: Database) -> AsyncIterator[World]:
    LOGIN_BACKOFF.clear()
    sim = Simulator(clock=ManualClock())
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app))
    services = simulated_services(settings, sim, http=http, database=db)
    services.open()
    await repo_users.allow_user(db, user_id=OWNER, display_name="Anna")
    cars = await connect_account(
        db,
        services.clients,
        cipher=services.cipher,
        user_id=OWNER,
        region=Region.EU,
        email=DEMO_EU_EMAIL,
        password=DEMO_PASSWORD,
        now=services.now(),
    )
    yield World(services, sim, cars)
    await services.close()
    LOGIN_BACKOFF.clear()
