"""Status reads of a car coalesced: one in flight, reused for a few seconds, with a deadline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.commands.reads import CoalescedReads
from bot.smart.errors import CloudUnavailableError
from bot.smart.models import VehicleStatus

KEY = (1, "VIN1")


class _Cloud:
    def __init__(self, delay: float = 0.0) -> None:
        self.reads = 0
        self.delay = delay
        self.fail: Exception | None = None

    async def get(self) -> VehicleStatus:
        self.reads += 1
        await asyncio.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        return VehicleStatus(
            updated_at=datetime(2025, 1, 1, tzinfo=UTC), battery_percent=self.reads
        )


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_twenty_readers_at_once_cost_one_cloud_read() -> None:
    cloud, reads = _Cloud(delay=0.05), CoalescedReads()
    results = await asyncio.gather(*(reads.read(KEY, cloud.get) for _ in range(20)))
    assert cloud.reads == 1
    assert {r.battery_percent for r in results} == {1}


async def test_an_answer_is_reused_for_five_seconds_then_read_again() -> None:
    cloud, clock = _Cloud(), _Clock()
    reads = CoalescedReads(clock=clock)
    await reads.read(KEY, cloud.get)
    clock.now += 4.9
    assert (await reads.read(KEY, cloud.get)).battery_percent == 1
    clock.now += 0.2
    assert (await reads.read(KEY, cloud.get)).battery_percent == 2
    assert (await reads.read((1, "VIN2"), cloud.get)).battery_percent == 3, "cars apart"


async def test_a_slow_read_ends_at_the_deadline_as_a_cloud_error_for_every_waiter() -> None:
    cloud = _Cloud(delay=5)
    reads = CoalescedReads(deadline_seconds=0.05)
    results = await asyncio.gather(
        *(reads.read(KEY, cloud.get) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, CloudUnavailableError) for r in results)
    assert cloud.reads == 1


async def test_a_failure_is_not_kept_and_a_forgotten_car_is_read_again() -> None:
    cloud, reads = _Cloud(), CoalescedReads()
    cloud.fail = CloudUnavailableError("down")
    with pytest.raises(CloudUnavailableError):
        await reads.read(KEY, cloud.get)
    cloud.fail = None
    assert (await reads.read(KEY, cloud.get)).battery_percent == 2
    reads.forget_car(*KEY)
    assert (await reads.read(KEY, cloud.get)).battery_percent == 3
