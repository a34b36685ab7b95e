"""The poller against the simulated cloud: real signed requests, real parsing, real storage."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from bot.config import Settings
from bot.poller.alerts import Alert
from bot.poller.events import EventKind
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, ManualClock, SimConfig, Simulator
from bot.smart import Endpoints, Region, SmartClient
from bot.smart.models import CarModel
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import grant_share
from tests.db_fixtures import seed_owner
from tests.poller.conftest import FRIEND, OWNER
from tests.poller.fakes import RecordingNotifier

BASE = "http://127.0.0.1:8787"
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def _no_sleep(_seconds: float) -> None:
    return None


class OneAccount:
    """Every stored account reads through the one logged-in demo client."""

    def __init__(self, client: SmartClient) -> None:
        self.client = client

    async def for_account(self, account_id: int) -> SmartClient:
        return self.client


@dataclass
class SimWorld:
    sim: Simulator
    clock: ManualClock
    vin: str
    poller: Poller
    sender: OutboxSender
    notifier: RecordingNotifier

    async def cycle(self, seconds: float = 301) -> list[Alert]:
        self.sim.advance(seconds)
        await self.poller.tick()
        await self.sender.run_once()
        return self.notifier.take()


@pytest.fixture
async def simworld(
    db: Database, cipher: CredentialCipher, settings: Settings
) -> AsyncIterator[SimWorld]:
    clock = ManualClock()
    sim = Simulator(clock=clock, config=SimConfig(command_delay=3.0), sleep=_no_sleep)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        client = SmartClient(Region.EU, endpoints=Endpoints.local(BASE), http=http, clock=clock.now)
        await client.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
        vin = next(v.vin for v in await client.list_vehicles() if v.model is CarModel.SMART_1)
        _, cars = await seed_owner(db, cipher, user_id=OWNER, vins=[vin])
        await allow_user(db, user_id=FRIEND)
        await grant_share(db, owner_user_id=OWNER, vehicle_id=cars[0].id, user_id=FRIEND)
        clock.advance(1)  # the car row was created at the real time: now it is due

        def now() -> datetime:
            return datetime.fromtimestamp(clock.now(), UTC)

        notifier = RecordingNotifier()
        poller = Poller(
            db=db, clients=OneAccount(client), settings=settings, clock=now, rng=random.Random(1)
        )
        sender = OutboxSender(db=db, notifier=notifier, clock=now)
        yield SimWorld(sim, clock, vin, poller, sender, notifier)


def _once_each(alerts: list[Alert], kind: EventKind) -> bool:
    with_kind = sorted(a.user_id for a in alerts if kind in a.kinds)
    return with_kind == [OWNER, FRIEND]


async def test_a_charging_session_and_a_tow_each_reach_every_subscriber_once(
    simworld: SimWorld,
) -> None:
    w = simworld
    assert await w.cycle(1) == []

    w.sim.drain_battery(w.vin, 80)
    w.sim.plug_in(w.vin, charge=False)
    plugged = await w.cycle()
    assert _once_each(plugged, EventKind.PLUGGED_IN)

    w.sim.start_charging(w.vin)
    started = await w.cycle()
    assert _once_each(started, EventKind.CHARGING_STARTED)

    later: list[Alert] = []
    for _ in range(80):
        later += await w.cycle(61)
        if any(EventKind.CHARGE_TARGET_REACHED in a.kinds for a in later):
            break
    later += await w.cycle(61)
    assert _once_each(later, EventKind.CHARGE_TARGET_REACHED)
    assert not any(EventKind.CHARGING_STARTED in a.kinds for a in later)

    w.sim.unplug(w.vin)
    await w.cycle()
    w.sim.open_door(w.vin, "driver")
    opened = await w.cycle()
    assert _once_each(opened, EventKind.DOOR_OPENED)

    w.sim.close_door(w.vin, "driver")
    await w.cycle()
    w.sim.move_while_locked(w.vin, 48.20, 11.60)
    towed = await w.cycle() + await w.cycle()
    assert _once_each(towed, EventKind.MOVED_WHILE_PARKED)
    assert all(len(a.kinds) == 1 for a in towed)


async def test_a_software_update_offered_in_the_cloud_is_announced_once(
    simworld: SimWorld,
) -> None:
    w = simworld
    assert await w.cycle(1) == []  # first observation: the firmware is up to date
    w.sim.offer_update(w.vin, "smart OS 1.6.0 EU")
    assert await w.cycle() == []  # not asked again within the day

    announced = await w.cycle(24 * 3600)
    assert _once_each(announced, EventKind.SOFTWARE_UPDATE_AVAILABLE)
    assert announced[0].events[0].data["target"] == "smart OS 1.6.0 EU"
    assert await w.cycle() + await w.cycle() + await w.cycle(24 * 3600) == []
    ota = [e for e in w.sim.requests if e.host == "ota.srv.smart.com"]
    assert len(ota) == 3


async def test_a_change_stamped_like_the_previous_upload_still_counts(
    simworld: SimWorld,
) -> None:
    """A charging car uploads at every read; a change made in that same instant carries the
    same `updateTime` as the status the poller stored. Only "the timestamp moved" would miss
    it; the diff also compares content under an unchanged timestamp."""
    w = simworld
    await w.cycle(1)
    w.sim.drain_battery(w.vin, 40)
    w.sim.plug_in(w.vin)
    await w.cycle()
    # Read while charging (far from its target, so at the idle interval): the car uploads at
    # this very moment.
    await w.cycle(301)
    stamp = w.sim.vehicle(w.vin).updated_at
    w.sim.stop_charging(w.vin)
    assert w.sim.vehicle(w.vin).updated_at == stamp
    stopped = await w.cycle(301)
    assert _once_each(stopped, EventKind.CHARGING_STOPPED)
