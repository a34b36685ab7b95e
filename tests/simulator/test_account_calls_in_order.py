"""One account's session selects one vehicle at a time: concurrent calls for two of its cars
(the poller reading one while a user commands the other) must not slip a selection between
another call's selection and its request."""

from __future__ import annotations

import asyncio

import httpx

from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, ManualClock, SimConfig, Simulator
from bot.smart import Endpoints, Region, SmartClient
from tests.simulator.cars import SMART1_VIN, SMART5_VIN
from tests.simulator.wire import BASE


async def test_reading_one_car_while_commanding_another_sends_each_request_once() -> None:
    clock = ManualClock()
    # A little network latency, so that concurrent requests really overlap.
    sim = Simulator(clock=clock, config=SimConfig(command_delay=3.0, latency=0.005))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        client = SmartClient(
            Region.EU,
            endpoints=Endpoints.local(BASE),
            http=http,
            clock=clock.now,
        )
        await client.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
        await client.list_vehicles()
        sim.clear_requests()
        for _ in range(3):
            await asyncio.gather(client.get_status(SMART5_VIN), client.lock(SMART1_VIN))
            clock.advance(10)
        await client.aclose()

    refused = [(e.path, e.code) for e in sim.requests if e.code not in (None, "1000")]
    assert refused == [], "no request was refused because the other car was selected"
    commands = [e for e in sim.requests if "/telematics/" in e.path]
    assert len(commands) == 3, "one command request per lock"
