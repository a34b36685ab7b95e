"""Fixtures: a demo simulator on a manual clock and an httpx client bound to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.simulator import ManualClock, SimConfig, Simulator
from tests.simulator.wire import BASE


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def clock() -> ManualClock:
    """The simulator's clock, starting at the real time so real timestamps stay in the window."""
    return ManualClock()


@pytest.fixture
def sim(clock: ManualClock) -> Simulator:
    """The demo simulator (EU #1 + #5, INTL #3), 3 s command delay, no real sleeping."""
    return Simulator(clock=clock, config=SimConfig(command_delay=3.0), sleep=_no_sleep)


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to `sim` through the ASGI transport."""
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client
