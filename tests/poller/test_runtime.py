"""The background loops: alerts flow without anyone calling tick, failures do not stop them."""

from __future__ import annotations

import asyncio

import pytest

from bot.poller.runtime import PollerRuntime
from bot.poller.tick import TickReport
from tests.poller.conftest import World


async def _until(condition: object, timeout: float = 3.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.005)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_runtime_polls_and_sends_in_the_background(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    world.clock.advance(301)
    runtime = PollerRuntime(world.poller, world.sender, tick_seconds=0.01, send_seconds=0.01)
    runtime.start()
    try:
        assert runtime.running
        await _until(lambda: len(world.notifier.delivered) == 2)
        # The sender may deliver a tick's alerts before that tick has finished its books.
        await _until(lambda: runtime.last_tick_at is not None)
    finally:
        await runtime.stop()
    assert runtime.last_tick_at is not None
    assert runtime.running is False


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_failing_tick_is_logged_and_the_loop_goes_on(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0
    real_tick = world.poller.tick

    async def flaky() -> TickReport:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")
        return await real_tick()

    world.poller.tick = flaky  # type: ignore[method-assign]
    runtime = PollerRuntime(world.poller, world.sender, tick_seconds=0.01, send_seconds=0.01)
    runtime.start()
    try:
        await _until(lambda: calls >= 3)
    finally:
        await runtime.stop()
    assert "poller iteration failed" in caplog.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_tick_that_claimed_a_full_batch_is_followed_by_the_next_at_once(
    world: World,
) -> None:
    claims = [world.poller.batch, 3, 0]
    ticks = 0

    async def busy() -> TickReport:
        nonlocal ticks
        ticks += 1
        return TickReport(claimed=claims[min(ticks, len(claims)) - 1])

    world.poller.tick = busy  # type: ignore[method-assign]
    runtime = PollerRuntime(world.poller, world.sender, tick_seconds=60, send_seconds=60)
    runtime.start()
    try:
        await _until(lambda: ticks >= 2, timeout=1.0)  # not 60 s later: more cars were due
        await asyncio.sleep(0.2)
        assert ticks == 2, "a tick that left nothing due waits for the next interval"
    finally:
        await runtime.stop()
