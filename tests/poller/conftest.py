"""A small world for poller tests: an owner with one shared car, a fake cloud, poller, sender."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.config import Settings
from bot.poller.alerts import Alert
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import AccountInfo, CarRecord
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import grant_share
from bot.storage.types import utcnow
from tests.db_fixtures import make_vin, seed_owner
from tests.poller.fakes import FakeClock, FakeCloud, RecordingNotifier

OWNER, FRIEND = 1001, 1002
PARKED: dict[str, Any] = {
    "locked": True,
    "doors_open": frozenset(),
    "windows_open": frozenset(),
    "trunk_open": False,
    "hood_open": False,
    "sunroof_open": False,
    "plugged_in": False,
    "is_charging": False,
    "climate_on": False,
    "battery_percent": 60,
    "aux_battery_v": 12.6,
    "tyre_warning": False,
    "latitude": 48.137,
    "longitude": 11.575,
    "odometer_km": 1000.0,
    "engine_running": False,
    "speed_kmh": 0.0,
    "days_to_service": 200,
}


@dataclass
class World:
    db: Database
    settings: Settings
    clock: FakeClock
    cloud: FakeCloud
    notifier: RecordingNotifier
    poller: Poller
    sender: OutboxSender
    account: AccountInfo
    car: CarRecord

    def new_poller(self, db: Database | None = None, owner: str | None = None) -> Poller:
        return Poller(
            db=db or self.db,
            clients=self.cloud,
            settings=self.settings,
            owner=owner,
            clock=self.clock,
            rng=random.Random(7),
        )

    def new_sender(self) -> OutboxSender:
        return OutboxSender(
            db=self.db, notifier=self.notifier, clock=self.clock, rng=random.Random(8)
        )

    async def cycle(self, seconds: float = 301) -> list[Alert]:
        """Let time pass, poll what is due, send what was queued; the alerts delivered."""
        self.clock.advance(seconds)
        await self.poller.tick()
        await self.sender.run_once()
        return self.notifier.take()


async def add_owners(
    world: World, cipher: CredentialCipher, users: Iterable[int]
) -> list[CarRecord]:
    """One parked car for each of `users`, each the owner of an account of their own, due
    for polling now."""
    cars = []
    for user in users:
        _, (car,) = await seed_owner(
            world.db,
            cipher,
            user_id=user,
            vins=[make_vin(user)],
            email=f"u{user}@example.com",
            now=world.clock.now,
        )
        world.cloud.set(car.vin, **PARKED)
        cars.append(car)
    return cars


@pytest.fixture
async def world(db: Database, cipher: CredentialCipher, settings: Settings) -> World:
    account, cars = await seed_owner(db, cipher, user_id=OWNER, vins=[make_vin(1)])
    await allow_user(db, user_id=FRIEND, display_name="friend")
    await grant_share(db, owner_user_id=OWNER, vehicle_id=cars[0].id, user_id=FRIEND)
    clock = FakeClock(utcnow() + timedelta(seconds=1))
    cloud = FakeCloud(clock)
    cloud.set(cars[0].vin, **PARKED)
    notifier = RecordingNotifier()
    poller = Poller(
        db=db,
        clients=cloud,
        settings=settings,
        owner="replica-a",
        clock=clock,
        rng=random.Random(7),
    )
    sender = OutboxSender(db=db, notifier=notifier, clock=clock, rng=random.Random(8))
    return World(db, settings, clock, cloud, notifier, poller, sender, account, cars[0])
