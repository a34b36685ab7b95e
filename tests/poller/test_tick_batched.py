"""A tick over many cars writes their results together, and still: a car's write that fails
costs only that car, and a poll whose lease was taken over writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bot.poller.tick import DEFAULT_LEASE
from bot.storage import poll_writes, repo_outbox, repo_polls
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult
from bot.storage.records import CarRecord
from tests.poller.conftest import OWNER, World, add_owners

FLEET_USERS = (3001, 3002, 3003, 3004)
MOVED_AWAY = {"latitude": 48.147}  # moved while parked and locked: an alert for each car


async def _fleet(world: World, cipher: CredentialCipher) -> list[CarRecord]:
    """Four more cars, each of its own owner and account, all first seen by one tick."""
    cars = [world.car, *await add_owners(world, cipher, FLEET_USERS)]
    await world.cycle()  # first observation of every car
    return cars


async def test_a_tick_over_many_cars_writes_their_results_in_one_transaction(
    world: World, cipher: CredentialCipher
) -> None:
    cars = await _fleet(world, cipher)
    for car in cars:
        world.cloud.set(car.vin, **MOVED_AWAY)
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    engine = world.db.engine.sync_engine
    event.listen(engine, "begin", count)
    try:
        world.clock.advance(301)
        report = await world.poller.tick()
    finally:
        event.remove(engine, "begin", count)
    assert (report.polled, report.alerts) == (5, 6)  # the first car is shared with a friend
    # The claim, the five results with their alerts together, the five history samples.
    assert len(begun) == 3
    await world.sender.run_once()
    assert sorted(a.user_id for a in world.notifier.take()) == sorted([OWNER, *FLEET_USERS, 1002])


async def test_a_car_whose_store_fails_in_a_shared_tick_does_not_cost_the_others_their_alerts(
    world: World, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    cars = await _fleet(world, cipher)
    for car in cars:
        world.cloud.set(car.vin, **MOVED_AWAY)
    broken = cars[2]
    write = poll_writes.write_in_session

    async def fail_for_one_car(
        db: Database, session: AsyncSession, result: PollResult, *listeners: Any
    ) -> bool:
        if result.vehicle_id == broken.id:
            raise RuntimeError("this car's write fails")
        return await write(db, session, result, *listeners)

    monkeypatch.setattr(poll_writes, "write_in_session", fail_for_one_car)
    world.clock.advance(301)
    report = await world.poller.tick()
    assert (report.polled, report.failed) == (5, 1)
    await world.sender.run_once()
    heard = sorted(a.user_id for a in world.notifier.take())
    assert heard == sorted(u for u in [OWNER, *FLEET_USERS, 1002] if u != FLEET_USERS[1])
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=broken.id)
    assert state is not None
    assert state.lease_owner == world.poller.owner  # polled again once its lease ends
    assert state.status is not None
    assert not state.status.plugged_in

    monkeypatch.setattr(poll_writes, "write_in_session", write)
    alerts = await world.cycle(DEFAULT_LEASE.total_seconds() + 1)
    assert [a.user_id for a in alerts] == [FLEET_USERS[1]]  # once, and only for that car


async def test_a_poll_whose_lease_was_taken_over_writes_nothing(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)

    async def lease_lost_meanwhile(**_: Any) -> None:
        world.clock.advance(DEFAULT_LEASE.total_seconds() + 1)
        await repo_polls.claim_due_vehicles(
            world.db, owner="replica-b", limit=5, lease=DEFAULT_LEASE, now=world.clock.now
        )

    world.cloud.during_read = lease_lost_meanwhile
    alerts = await world.cycle()
    assert alerts == []
    assert await repo_outbox.list_messages(world.db) == []
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.lease_owner == "replica-b"
    assert state.status is not None
    assert not state.status.plugged_in
