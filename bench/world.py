"""A one-car world for the alert and cloud-load benchmarks: the demo EU account's smart #1 in
the simulator, its owner and a user it is shared with in the bot's database, logged in with a
session opened directly in the simulator."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from bot.simulator import DEMO_EU_EMAIL
from bot.smart.const import Region
from bot.smart.models import Tokens, Vehicle
from bot.storage.crypto import CredentialCipher
from bot.storage.repo_accounts import save_account
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import grant_share, sync_vehicles

if TYPE_CHECKING:
    from bot.simulator import Simulator
    from bot.storage.db import Database

OWNER, SHARED = 1001, 2002
SIM_BASE = "http://127.0.0.1:8787"
TOKEN = "123456789:AAE" + "e" * 32


@dataclass(frozen=True)
class SeededCar:
    vin: str
    vehicle_id: int
    account_id: int


async def seed_demo_car(db: Database, sim: Simulator, key: str) -> SeededCar:
    """Store the owner (with the account's session), the car, and a share to `SHARED`."""
    account = sim.account(DEMO_EU_EMAIL)
    session = sim.state.open_session(account, Region.EU)
    vin = next(iter(account.vehicles))
    tokens = Tokens(
        region=Region.EU,
        device_id="bench-device",
        user_id=account.user_id,
        client_id=session.client_id,
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=session.expires_at,
    )
    now = datetime.fromtimestamp(sim.now(), UTC)
    await allow_user(db, user_id=OWNER, display_name="Anna", now=now)
    await allow_user(db, user_id=SHARED, display_name="Ben", now=now)
    stored = await save_account(
        db,
        cipher=CredentialCipher([SecretStr(key)]),
        user_id=OWNER,
        region=str(Region.EU),
        email=account.email,
        password=account.password,
        tokens=tokens,
        device_id=tokens.device_id,
        now=now,
    )
    model = account.vehicles[vin].spec.model
    (car,) = await sync_vehicles(
        db, account_id=stored.id, vehicles=[Vehicle(vin=vin, model=model, default=True)], now=now
    )
    await grant_share(db, owner_user_id=OWNER, vehicle_id=car.id, user_id=SHARED, now=now)
    return SeededCar(vin, car.id, stored.id)


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the requests that pass, by label (`label` is switched by the caller)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.label = "poller"
        self.counts: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.counts[self.label] += 1
        return await self.inner.handle_async_request(request)
