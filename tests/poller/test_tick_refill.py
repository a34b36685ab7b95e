"""A tick does not wait for its slowest car before it claims more: as its first cars are read
it claims the next ones, never holding more than two batches, until its refill time is
over; cars whose results are still being written do not keep it from claiming."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence

import pytest
from sqlalchemy import func, select

from bot.poller.tick import Poller
from bot.storage import poll_writes
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult
from bot.storage.tables import VehicleState
from tests.poller.conftest import World, add_owners

CONCURRENCY = 2  # a batch is 4 cars, a tick holds at most 8
OWNERS = range(4001, 4009)  # eight more owners, each with one car of their own account


async def _nine_due_cars(world: World, cipher: CredentialCipher) -> list[str]:
    return [world.car.vin, *(car.vin for car in await add_owners(world, cipher, OWNERS))]


def _poller(world: World, *, refill_for: float) -> Poller:
    return Poller(
        db=world.db,
        clients=world.cloud,
        settings=world.settings.model_copy(update={"poller_concurrency": CONCURRENCY}),
        owner="replica-a",
        clock=world.clock,
        rng=random.Random(7),
        refill_for=refill_for,
    )


async def _held(world: World) -> int:
    async with world.db.session() as session:
        count = await session.scalar(
            select(func.count()).where(VehicleState.lease_owner == "replica-a")  # type: ignore[arg-type]
        )
    return int(count or 0)


class _Reads:
    """The cloud's status reads in the order they come: the leases held at each, and
    `at(n)` awaited inside the n-th."""

    def __init__(self, world: World, at: Callable[[int], Awaitable[None]]) -> None:
        self.held: list[int] = []
        self._world = world
        self._at = at
        world.cloud.during_read = self

    async def __call__(self) -> None:
        self.held.append(0)
        number = len(self.held)
        self.held[number - 1] = await _held(self._world)
        await self._at(number)


async def test_a_slow_car_does_not_hold_back_the_cars_due_after_its_batch(
    world: World, cipher: CredentialCipher
) -> None:
    vins = await _nine_due_cars(world, cipher)
    poller = _poller(world, refill_for=60)
    others_read = asyncio.Event()

    async def at(number: int) -> None:
        if number == 1:  # the first car read answers only after all the others
            await others_read.wait()
        elif number == len(vins):
            others_read.set()

    reads = _Reads(world, at)
    async with asyncio.timeout(10):
        report = await poller.tick()
    assert (report.claimed, report.polled, report.failed, report.more_due) == (9, 9, 0, False)
    assert sorted(world.cloud.reads) == sorted(vins)
    assert set(world.cloud.reads.values()) == {1}, "every car read once"
    assert max(reads.held) <= 4 * CONCURRENCY, "never more than two batches held at once"
    assert await _held(world) == 0, "every lease given back"


async def test_a_tick_past_its_refill_time_claims_no_more_and_says_more_cars_are_due(
    world: World, cipher: CredentialCipher
) -> None:
    await _nine_due_cars(world, cipher)
    poller = _poller(world, refill_for=0)
    reports = [await poller.tick() for _ in range(3)]
    assert [(r.claimed, r.polled, r.more_due) for r in reports] == [
        (4, 4, True),
        (4, 4, True),
        (1, 1, False),
    ]
    assert set(world.cloud.reads.values()) == {1}


async def test_cars_whose_results_are_still_being_written_do_not_stop_the_next_claims(
    world: World, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    vins = await _nine_due_cars(world, cipher)
    poller = _poller(world, refill_for=60)
    writes_may_go = asyncio.Event()
    record = poll_writes.record_poll_results

    async def slow_database(db: Database, results: Sequence[PollResult]) -> list[object]:
        await writes_may_go.wait()  # the database is slow: no result is stored before
        return await record(db, results)  # type: ignore[return-value]

    monkeypatch.setattr(poll_writes, "record_poll_results", slow_database)

    async def at(number: int) -> None:
        if number == 8:  # two batches read while none of them is stored yet
            writes_may_go.set()

    reads = _Reads(world, at)
    async with asyncio.timeout(10):
        report = await poller.tick()
    assert (report.claimed, report.polled, report.failed) == (9, 9, 0)
    assert set(world.cloud.reads.values()) == {1}
    assert sorted(world.cloud.reads) == sorted(vins)
    assert max(reads.held) <= 4 * CONCURRENCY
