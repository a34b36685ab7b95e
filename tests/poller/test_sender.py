"""The outbox sender: flood control waited exactly, retries, blocked users, stale alerts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest

from bot.poller.alerts import (
    Alert,
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRejected,
    DeliveryRetryAfter,
)
from bot.poller.events import Event, EventKind
from bot.poller.sender import to_outbox
from bot.storage import repo_outbox, repo_users, repo_vehicles
from tests.poller.conftest import FRIEND, OWNER, World


def _alert(world: World, *kinds: EventKind, age: timedelta = timedelta(0)) -> Alert:
    at = world.clock.now - age
    events = [Event(kind, world.car.vin, at, episode=f"e{i}") for i, kind in enumerate(kinds)]
    return Alert.build(
        user_id=OWNER, vin=world.car.vin, car_name="Blue #1", events=events, created_at=at
    )


async def _queue(world: World, alert: Alert) -> None:
    await repo_outbox.enqueue_messages(
        world.db, messages=[to_outbox(alert, vehicle_id=world.car.id)], now=world.clock.now
    )


async def _pending_at(world: World) -> list[datetime]:
    return [m.next_attempt_at for m in await repo_outbox.list_messages(world.db, pending_only=True)]


async def test_retry_after_is_waited_exactly(world: World) -> None:
    await _queue(world, _alert(world, EventKind.PLUGGED_IN))
    world.notifier.failures = [DeliveryRetryAfter(7)]
    await world.sender.run_once()
    assert await _pending_at(world) == [world.clock.now + timedelta(seconds=7)]
    world.clock.advance(6.9)
    assert (await world.sender.run_once()).sent == 0
    world.clock.advance(0.1)
    assert (await world.sender.run_once()).sent == 1
    assert len(world.notifier.take()) == 1


async def test_transient_failures_are_retried_with_backoff_and_sent_once(world: World) -> None:
    await _queue(world, _alert(world, EventKind.PLUGGED_IN))
    world.notifier.failures = [DeliveryFailed("timeout"), RuntimeError("network")]
    await world.sender.run_once()
    (first,) = await _pending_at(world)
    assert timedelta(seconds=2.5) <= first - world.clock.now <= timedelta(seconds=5)
    world.clock.now = first
    await world.sender.run_once()
    (second,) = await _pending_at(world)
    assert timedelta(seconds=5) <= second - world.clock.now <= timedelta(seconds=10)
    world.clock.now = second
    await world.sender.run_once()
    await world.sender.run_once()
    assert len(world.notifier.take()) == 1
    assert await _pending_at(world) == []


async def test_a_user_who_blocked_the_bot_is_marked_inactive(world: World) -> None:
    await _queue(world, _alert(world, EventKind.PLUGGED_IN))
    world.notifier.failures = [DeliveryBlocked()]
    report = await world.sender.run_once()
    assert report.dropped == 1
    user = await repo_users.get_user(world.db, user_id=OWNER)
    assert user is not None
    assert user.active is False
    assert await _pending_at(world) == []


async def test_a_refused_message_is_dropped_not_retried(world: World) -> None:
    await _queue(world, _alert(world, EventKind.PLUGGED_IN))
    world.notifier.failures = [DeliveryRejected("bad html")]
    await world.sender.run_once()
    (row,) = await repo_outbox.list_messages(world.db)
    assert row.drop_reason == "rejected"


async def test_a_stale_alert_is_dropped_with_a_log_line(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await _queue(world, _alert(world, EventKind.CHARGING_STARTED, age=timedelta(hours=1)))
    with caplog.at_level(logging.INFO, logger="bot.poller.sender"):
        report = await world.sender.run_once()
    assert report.dropped == 1
    assert world.notifier.take() == []
    assert "no longer useful" in caplog.text
    (row,) = await repo_outbox.list_messages(world.db)
    assert row.drop_reason == "expired"


async def test_only_the_still_useful_part_of_a_merged_alert_is_sent(world: World) -> None:
    alert = _alert(
        world, EventKind.CHARGING_STARTED, EventKind.MOVED_WHILE_PARKED, age=timedelta(hours=2)
    )
    await _queue(world, alert)
    await world.sender.run_once()
    (sent,) = world.notifier.take()
    assert sent.kinds == (EventKind.MOVED_WHILE_PARKED,)
    assert sent.dedupe_key == alert.dedupe_key


async def test_the_same_alert_queued_twice_is_sent_once(world: World) -> None:
    alert = _alert(world, EventKind.PLUGGED_IN)
    await _queue(world, alert)
    await _queue(world, alert)
    await world.sender.run_once()
    assert len(world.notifier.take()) == 1


async def test_gives_up_after_max_attempts_and_keeps_the_row(world: World) -> None:
    await _queue(world, _alert(world, EventKind.MOVED_WHILE_PARKED))
    world.notifier.failures = [DeliveryFailed("down")] * 8
    for _ in range(8):
        await world.sender.run_once()
        world.clock.advance(700)
    (row,) = await repo_outbox.list_messages(world.db)
    assert (row.attempts, row.drop_reason) == (8, "gave_up")


def _friends_alert(world: World) -> Alert:
    events = [Event(EventKind.PLUGGED_IN, world.car.vin, world.clock.now, episode="e0")]
    return Alert.build(
        user_id=FRIEND,
        vin=world.car.vin,
        car_name="Blue #1",
        events=events,
        created_at=world.clock.now,
    )


async def _first_attempt_fails(world: World) -> None:
    await _queue(world, _friends_alert(world))
    world.notifier.failures = [DeliveryFailed("down")]
    await world.sender.run_once()
    assert world.notifier.take() == []
    world.clock.advance(700)


async def test_a_retried_alert_is_dropped_after_the_car_was_unshared(world: World) -> None:
    await _first_attempt_fails(world)
    await repo_vehicles.revoke_share(
        world.db, owner_user_id=OWNER, vehicle_id=world.car.id, user_id=FRIEND
    )
    report = await world.sender.run_once()
    assert (report.sent, report.dropped) == (0, 1)
    assert world.notifier.take() == []
    (row,) = await repo_outbox.list_messages(world.db)
    assert row.drop_reason == "not_allowed"


async def test_a_retried_alert_is_not_sent_after_the_user_was_denied(world: World) -> None:
    await _first_attempt_fails(world)
    await repo_users.deny_user(world.db, user_id=FRIEND)
    await world.sender.run_once()
    assert world.notifier.take() == []
    assert await _pending_at(world) == []


async def test_a_retried_alert_still_reaches_a_user_who_keeps_the_share(world: World) -> None:
    await _first_attempt_fails(world)
    assert (await world.sender.run_once()).sent == 1
    assert [a.user_id for a in world.notifier.take()] == [FRIEND]


async def _die_mid_send(world: World, alert: Alert) -> None:
    """The process dies while the Bot API call is in flight (nothing after it runs)."""
    await _queue(world, alert)
    world.notifier.failures = [asyncio.CancelledError()]
    with pytest.raises(asyncio.CancelledError):
        await world.sender.run_once()
    world.sender = world.new_sender()  # the restarted process
    world.clock.advance(61)  # the dead sender's claim ran out


async def test_an_alert_cut_off_mid_send_by_a_crash_is_not_sent_again(world: World) -> None:
    await _die_mid_send(world, _alert(world, EventKind.DOOR_OPENED))
    report = await world.sender.run_once()
    assert (report.sent, report.dropped) == (0, 1)
    assert world.notifier.take() == []
    (row,) = await repo_outbox.list_messages(world.db)
    assert row.drop_reason == "uncertain"


async def test_a_theft_alert_cut_off_mid_send_by_a_crash_is_sent_again(world: World) -> None:
    await _die_mid_send(world, _alert(world, EventKind.MOVED_WHILE_PARKED))
    assert (await world.sender.run_once()).sent == 1
    assert len(world.notifier.take()) == 1
