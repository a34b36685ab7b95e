"""Refusing at once what the car's last stored status says cannot work (issue 17, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.commands.errors import StateRefusedError
from bot.commands.preconditions import NEEDS, refusal, stale_after
from bot.commands.requests import check_request_state, prepare_request
from bot.smart.models import VehicleStatus
from bot.storage.tables import VehicleState
from tests.commands.conftest import OWNER, World

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
STALE = timedelta(minutes=5)


def test_an_old_status_is_one_older_than_the_idle_poll_interval_but_never_under_a_minute() -> None:
    assert stale_after(300) == timedelta(minutes=5)
    assert stale_after(5) == timedelta(minutes=1)


def test_only_the_charging_actions_need_the_cable_in() -> None:
    assert set(NEEDS) == {"charge_start", "charge_stop"}


async def test_start_charging_on_an_unplugged_car_is_refused_with_the_age_of_the_status(
    world: World,
) -> None:
    status = VehicleStatus(updated_at=NOW - timedelta(seconds=90), plugged_in=False)
    refused = refusal("charge_start", world.cars[0], status, fetched_at=NOW, now=NOW, stale=STALE)
    assert refused is not None
    assert refused.details == {
        "action": "charge_start",
        "reason": "not_plugged_in",
        "name": world.cars[0].label,
        "age_seconds": 90,
        "stale": False,
    }


async def test_a_status_older_than_the_threshold_is_stale_and_may_be_tried_anyway(
    world: World,
) -> None:
    status = VehicleStatus(updated_at=NOW - timedelta(minutes=6), plugged_in=False)
    refused = refusal("charge_start", world.cars[0], status, fetched_at=NOW, now=NOW, stale=STALE)
    assert refused is not None
    assert refused.details["stale"] is True


async def test_a_plugged_in_car_or_a_status_that_does_not_say_is_never_refused(
    world: World,
) -> None:
    car = world.cars[0]
    for status in (VehicleStatus(plugged_in=True), VehicleStatus(), None):
        assert refusal("charge_start", car, status, fetched_at=NOW, now=NOW, stale=STALE) is None
    unplugged = VehicleStatus(plugged_in=False)
    assert refusal("lock", car, unplugged, fetched_at=NOW, now=NOW, stale=STALE) is None


async def _store_status(world: World, status: VehicleStatus, fetched_at: datetime) -> None:
    async with world.services.db.session() as session:
        await session.execute(
            update(VehicleState)
            .where(VehicleState.vehicle_id == world.cars[0].id)  # type: ignore[arg-type]
            .values(last_status=status.to_json_dict(), fetched_at=fetched_at)
        )


async def test_the_request_is_refused_from_the_stored_status_at_once(
    world: World,
) -> None:
    services = world.services
    await _store_status(world, VehicleStatus(updated_at=NOW, plugged_in=False), NOW)
    request = await prepare_request(
        services.db,
        services.clients,
        services.capabilities,
        user_id=OWNER,
        car=world.cars[0],
        name="charge_start",
        params={},
    )
    with pytest.raises(StateRefusedError) as caught:
        await check_request_state(
            services.db, request, now=NOW + timedelta(seconds=30), stale=STALE
        )
    assert caught.value.details["age_seconds"] == 30
    assert caught.value.details["stale"] is False


async def test_without_the_check_a_schedule_or_try_anyway_still_gets_its_request(
    world: World,
) -> None:
    services = world.services
    await _store_status(world, VehicleStatus(updated_at=NOW, plugged_in=False), NOW)
    request = await prepare_request(
        services.db,
        services.clients,
        services.capabilities,
        user_id=OWNER,
        car=world.cars[0],
        name="charge_start",
        params={},
    )
    assert request.action.name == "charge_start"
