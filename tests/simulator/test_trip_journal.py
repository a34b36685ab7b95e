"""The simulator's trip journal: a car with trip recording on writes down each drive, the
session must be granted before journalLogV4 answers, and the client reads the trips back
with the journey's own figures."""

from __future__ import annotations

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, ManualClock, Simulator
from bot.smart import Endpoints, Region, SmartClient
from bot.smart.const import PATH_JOURNAL_LOG
from tests.simulator.cars import SMART1_VIN, SMART5_VIN
from tests.simulator.wire import BASE


@pytest.fixture
async def client(sim: Simulator, clock: ManualClock) -> SmartClient:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app))
    smart = SmartClient(Region.EU, endpoints=Endpoints.local(BASE), http=http, clock=clock.now)
    await smart.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
    return smart


def _drive(sim: Simulator, clock: ManualClock, vin: str, km: float, minutes: int) -> None:
    sim.start_driving(vin, km / minutes * 60)
    sim.advance(minutes * 60)
    sim.drive(vin, km)


async def test_a_drive_with_recording_on_is_in_the_journal_with_its_figures(
    client: SmartClient, sim: Simulator, clock: ManualClock
) -> None:
    await client.set_trip_recording(SMART1_VIN, on=True)
    sim.advance(10)
    start = clock.now()
    odometer = sim.vehicle(SMART1_VIN).odometer_km
    _drive(sim, clock, SMART1_VIN, 12.0, 20)
    sim.advance(600)
    _drive(sim, clock, SMART1_VIN, 3.5, 9)
    trips = await client.get_trips(SMART1_VIN, since=start - 60, until=clock.now())
    assert [(t.distance_km, t.average_kmh) for t in trips] == [(3.5, 23.3), (12.0, 36.0)]
    older = trips[1]
    assert older.start_at == pytest.approx(start, abs=0.001)
    assert older.end_at - older.start_at == pytest.approx(20 * 60, abs=0.002)
    assert (older.start_odometer_km, older.end_odometer_km) == (
        round(odometer, 1),
        round(odometer + 12, 1),
    )
    consumption = sim.vehicle(SMART1_VIN).spec.consumption_kwh_per_100km
    assert older.kwh_per_100km == consumption
    assert older.start_place is not None
    assert older.end_place is not None
    assert older.end_place[1] > older.start_place[1]  # parked further east


async def test_without_recording_the_journal_has_no_trips(
    client: SmartClient, sim: Simulator, clock: ManualClock
) -> None:
    start = clock.now()
    _drive(sim, clock, SMART1_VIN, 12.0, 20)
    assert await client.get_trips(SMART1_VIN, since=start, until=clock.now()) == ()


async def test_the_journal_answers_no_data_to_a_session_not_granted(
    client: SmartClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.vehicle(SMART5_VIN).journal_enabled = True
    start = clock.now()
    _drive(sim, clock, SMART5_VIN, 8.0, 10)
    client._journal_grants[SMART5_VIN] = client.tokens.access_token if client.tokens else ""
    assert await client.get_trips(SMART5_VIN, since=start, until=clock.now()) == ()
    del client._journal_grants[SMART5_VIN]
    (trip,) = await client.get_trips(SMART5_VIN, since=start, until=clock.now())
    assert trip.distance_km == 8.0
    journal_calls = [
        r for r in sim.requests if r.path.endswith(PATH_JOURNAL_LOG.format(vin=SMART5_VIN))
    ]
    assert len(journal_calls) == 2
