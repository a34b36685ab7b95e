"""The background loops: alerts flow without anyone calling tick, failures do not stop them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import cast

import pytest

from bot.poller.runtime import PollerRuntime
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller, TickReport
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

    async def flaky(*, go_on: Callable[[], bool]) -> TickReport:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")
        return await real_tick(go_on=go_on)

    world.poller.tick = flaky  # type: ignore[method-assign,assignment]
    runtime = PollerRuntime(world.poller, world.sender, tick_seconds=0.01, send_seconds=0.01)
    runtime.start()
    try:
        await _until(lambda: calls >= 3)
    finally:
        await runtime.stop()
    assert "poller iteration failed" in caplog.text


class _BusyPoller:
    """Every tick queues an alert, so every tick wakes the sender."""

    owner = "busy"

    async def tick(self, *, go_on: Callable[[], bool]) -> TickReport:
        await asyncio.sleep(0)
        return TickReport(claimed=1, polled=1, alerts=1)


class _QuickSender:
    async def run_once(self) -> None:
        await asyncio.sleep(0)


async def test_stopping_while_a_tick_wakes_the_sender_ends_both_loops_every_time() -> None:
    # On Python 3.11 `asyncio.wait_for` swallowed a cancellation that arrived as its event was
    # set: the sender's loop ran on and the shutdown waited for it for ever (CI hung here).
    for attempt in range(60):
        runtime = PollerRuntime(
            cast(Poller, _BusyPoller()),
            cast(OutboxSender, _QuickSender()),
            tick_seconds=0,
            send_seconds=30,
        )
        runtime.start()
        for _ in range(attempt % 7):
            await asyncio.sleep(0)
        tasks = list(runtime._tasks)
        await runtime.stop(grace=1.0)
        assert all(task.done() for task in tasks), f"a loop ran on after stop (attempt {attempt})"


async def test_a_loop_that_ignores_its_cancellation_does_not_hold_up_the_shutdown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    never = asyncio.Event()

    class _StuckSender:
        async def run_once(self) -> None:
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                await never.wait()  # a future nobody resolves, then it gives up
                raise

    runtime = PollerRuntime(
        cast(Poller, _BusyPoller()), cast(OutboxSender, _StuckSender()), tick_seconds=0.01
    )
    runtime.start()
    await asyncio.sleep(0.05)
    async with asyncio.timeout(5):
        await runtime.stop(grace=0.2)
    assert runtime.running is False
    assert "task outbox-sender did not stop within 0.2 s" in caplog.text
    assert "run_once (test_runtime.py" in caplog.text  # where it is stuck
    never.set()
    await asyncio.sleep(0.01)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_tick_that_left_cars_due_is_followed_by_the_next_at_once(world: World) -> None:
    ticks = 0

    async def busy(*, go_on: Callable[[], bool]) -> TickReport:
        nonlocal ticks
        ticks += 1
        return TickReport(claimed=300, more_due=ticks == 1)

    world.poller.tick = busy  # type: ignore[method-assign,assignment]
    runtime = PollerRuntime(world.poller, world.sender, tick_seconds=60, send_seconds=60)
    runtime.start()
    try:
        await _until(lambda: ticks >= 2, timeout=1.0)  # not 60 s later: more cars were due
        await asyncio.sleep(0.2)
        assert ticks == 2, "a tick that left nothing due waits for the next interval"
    finally:
        await runtime.stop()


async def test_a_runtime_without_a_sender_ticks_and_tells_every_tick_even_a_failed_one() -> None:
    ticks = 0

    class _FailingOnce(_BusyPoller):
        async def tick(self, *, go_on: Callable[[], bool]) -> TickReport:
            nonlocal ticks
            ticks += 1
            if ticks == 1:
                raise RuntimeError("database went away")
            return TickReport(claimed=2, polled=2, failed=0)

    told: list[TickReport] = []
    runtime = PollerRuntime(
        cast(Poller, _FailingOnce()), None, tick_seconds=0.01, on_tick=told.append
    )
    runtime.start()
    try:
        await _until(lambda: len(told) >= 2)
        ran = runtime.running
    finally:
        await runtime.stop(grace=1.0)
    assert ran, "the poller's loop runs alone"
    assert not runtime.running
    assert told[0] == TickReport(), "the failed tick is told as an empty one (a heartbeat)"
    assert told[1] == TickReport(claimed=2, polled=2, failed=0)
    assert runtime.last_tick_at is not None
    assert runtime.last_send_at is None


async def test_stopping_with_time_to_finish_lets_the_current_tick_poll_its_cars_to_the_end() -> (
    None
):
    started, release = asyncio.Event(), asyncio.Event()
    ended: list[str] = []
    claiming: list[bool] = []

    class _SlowPoller(_BusyPoller):
        async def tick(self, *, go_on: Callable[[], bool]) -> TickReport:
            started.set()
            claiming.append(go_on())
            await release.wait()  # the tick's cars are being polled
            claiming.append(go_on())  # asked again before claiming more cars
            ended.append("tick")
            return TickReport(claimed=1, polled=1)

    runtime = PollerRuntime(cast(Poller, _SlowPoller()), None, tick_seconds=0)
    runtime.start()
    await asyncio.wait_for(started.wait(), timeout=2)
    stopping = asyncio.create_task(runtime.stop(grace=1.0, finish_within=2.0))
    await asyncio.sleep(0.05)
    assert not stopping.done(), "the stop waits for the tick in flight"
    release.set()
    await asyncio.wait_for(stopping, timeout=2)
    assert ended == ["tick"], "the tick ended on its own, and no next tick began"
    assert claiming == [True, False], "once stopping, the tick claims no more cars"
