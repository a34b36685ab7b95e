"""Arrival and departure are announced exactly once per visit: two replicas that saw the
same poll, and a restarted process that sees it again, queue one alert between them."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from bot.poller.places import PlaceWatch
from bot.smart.models import VehicleStatus
from bot.storage import repo_places
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_outbox import list_messages
from tests.db_fixtures import seed_owner

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
SCHOOL = (48.1000, 11.5000)
AWAY = VehicleStatus(updated_at=T0, latitude=48.1100, longitude=11.5000, engine_running=True)
THERE = VehicleStatus(
    updated_at=T0 + timedelta(minutes=12), latitude=48.1001, longitude=11.5000, speed_kmh=0
)


async def _school(db: Database, cipher: CredentialCipher) -> tuple[int, str]:
    _, (car,) = await seed_owner(db, cipher, now=T0)
    await repo_places.add_place(
        db, user_id=1001, vehicle_id=car.id, name="Home", latitude=0.0, longitude=0.0, now=T0
    )
    school = await repo_places.add_place(
        db, user_id=1001, vehicle_id=car.id, name="School", latitude=SCHOOL[0], longitude=SCHOOL[1]
    )
    await repo_places.update_place(db, user_id=1001, place_id=school.id, notify_arrive=True)
    return car.id, car.vin


async def _seen(watch: PlaceWatch, vehicle_id: int, vin: str, status: VehicleStatus) -> int:
    look = await watch.look(vehicle_id)
    return await watch.after_poll(
        look,
        status,
        vehicle_id=vehicle_id,
        vin=vin,
        car_name="Luminous Black #5",
        now=status.updated_at or T0,
    )


async def test_two_replicas_and_a_restart_announce_one_arrival(
    db: Database, cipher: CredentialCipher
) -> None:
    vehicle_id, vin = await _school(db, cipher)
    zone = UTC
    first = PlaceWatch(db=db, zone=zone)
    await _seen(first, vehicle_id, vin, AWAY)  # first sight: away, nothing said
    one, two = PlaceWatch(db=db, zone=zone), PlaceWatch(db=db, zone=zone)
    looks = [await one.look(vehicle_id), await two.look(vehicle_id)]  # both read before writing
    queued = await asyncio.gather(
        *(
            replica.after_poll(
                look, THERE, vehicle_id=vehicle_id, vin=vin, car_name="Luminous Black #5", now=T0
            )
            for replica, look in zip((one, two), looks, strict=True)
        )
    )
    assert sorted(queued) == [0, 1]
    restarted = PlaceWatch(db=db, zone=zone)
    assert await _seen(restarted, vehicle_id, vin, THERE) == 0
    messages = await list_messages(db, user_id=1001)
    assert [m.kind for m in messages] == ["place_arrived"]
    (event,) = messages[0].payload["events"]
    assert event["data"] == {"place": "School"}


async def test_leaving_and_coming_back_is_a_new_visit_with_its_own_alert(
    db: Database, cipher: CredentialCipher
) -> None:
    vehicle_id, vin = await _school(db, cipher)
    watch = PlaceWatch(db=db, zone=UTC)
    await _seen(watch, vehicle_id, vin, AWAY)
    await _seen(watch, vehicle_id, vin, THERE)
    later = timedelta(hours=1)
    await _seen(watch, vehicle_id, vin, dataclasses.replace(AWAY, updated_at=T0 + later))
    back = VehicleStatus(updated_at=T0 + 2 * later, latitude=48.1001, longitude=11.5, speed_kmh=0)
    assert await _seen(watch, vehicle_id, vin, back) == 1
    assert [m.kind for m in await list_messages(db, user_id=1001)] == ["place_arrived"] * 2
