"""Software update alerts: the OTA service is asked about once a day, and a newly offered
version reaches each subscriber once."""

from __future__ import annotations

import pytest

from bot.poller.events import EventKind
from bot.smart.errors import CloudUnavailableError, RateLimitedError
from bot.smart.models import Firmware
from bot.storage import repo_polls
from tests.poller.conftest import FRIEND, OWNER, World

DAY = 24 * 3600
UP_TO_DATE = Firmware("smart OS 1.5.2 EU", "smart OS 1.5.2 EU", update_available=False)


async def test_an_offered_update_is_announced_once_to_each_subscriber(world: World) -> None:
    vin = world.car.vin
    world.cloud.firmware[vin] = UP_TO_DATE
    assert await world.cycle() == []  # first observation
    assert world.cloud.firmware_reads[vin] == 1

    world.cloud.offer_update(vin, "smart OS 1.6.0 EU")
    assert await world.cycle() == []  # five minutes later the OTA service is not asked
    assert world.cloud.firmware_reads[vin] == 1

    alerts = await world.cycle(DAY)
    assert world.cloud.firmware_reads[vin] == 2
    assert sorted(a.user_id for a in alerts) == [OWNER, FRIEND]
    assert all(a.kinds == (EventKind.SOFTWARE_UPDATE_AVAILABLE,) for a in alerts)
    event = alerts[0].events[0]
    assert (event.data["current"], event.data["target"]) == (
        "smart OS 1.5.2 EU",
        "smart OS 1.6.0 EU",
    )

    later = await world.cycle() + await world.cycle() + await world.cycle(DAY)
    assert later == []  # the same version asked about again the next day: silence
    assert world.cloud.firmware_reads[vin] == 3


async def test_each_new_target_version_is_announced(world: World) -> None:
    vin = world.car.vin
    world.cloud.firmware[vin] = UP_TO_DATE
    await world.cycle()
    world.cloud.offer_update(vin, "1.6")
    first = await world.cycle(DAY)
    world.cloud.offer_update(vin, "1.7")
    second = await world.cycle(DAY)
    assert [a.events[0].data["target"] for a in first + second] == ["1.6"] * 2 + ["1.7"] * 2


async def test_an_update_pending_when_first_seen_is_not_announced(world: World) -> None:
    world.cloud.offer_update(world.car.vin, "1.6")
    assert await world.cycle() == []
    assert await world.cycle(DAY) == []


@pytest.mark.parametrize(
    "error",
    [
        CloudUnavailableError("cloud answered HTTP 500", http_status=500),
        RateLimitedError("rate limited", retry_after=30, http_status=429),
        TimeoutError(),
    ],
    ids=["500", "429", "timeout"],
)
async def test_a_failing_ota_call_never_fails_the_poll_and_is_retried_within_hours(
    world: World, error: Exception
) -> None:
    vin = world.car.vin
    world.cloud.firmware_errors[vin] = error
    await world.cycle()
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert (state.consecutive_failures, state.last_error) == (0, None)
    assert state.status is not None
    await world.cycle()
    assert world.cloud.firmware_reads[vin] == 1  # not at every poll

    del world.cloud.firmware_errors[vin]
    world.cloud.firmware[vin] = UP_TO_DATE
    await world.cycle(3600)
    assert world.cloud.firmware_reads[vin] == 2
    world.cloud.offer_update(vin, "1.6")
    assert len(await world.cycle(DAY)) == 2


async def test_the_daily_pace_survives_a_restart(world: World) -> None:
    vin = world.car.vin
    world.cloud.firmware[vin] = UP_TO_DATE
    await world.cycle()
    world.poller = world.new_poller(owner="restarted")
    await world.cycle()
    await world.cycle()
    assert world.cloud.firmware_reads[vin] == 1
