"""The poller against storage and a fake cloud: each change -> one message per subscriber."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from bot.poller.events import EventKind
from bot.smart.models import Vehicle
from bot.storage import (
    repo_alerts,
    repo_commands,
    repo_history,
    repo_outbox,
    repo_polls,
    repo_vehicles,
)
from bot.storage.db import Database
from bot.storage.records import AlertPrefs
from tests.db_fixtures import make_vin
from tests.poller.conftest import FRIEND, OWNER, PARKED, World

MOVED_AWAY = {"latitude": 48.147}  # about 1.1 km north

SCENARIOS: list[tuple[str, dict[str, Any], dict[str, Any], EventKind]] = [
    ("plug_in", {}, {"plugged_in": True}, EventKind.PLUGGED_IN),
    ("start_charging", {"plugged_in": True}, {"is_charging": True}, EventKind.CHARGING_STARTED),
    (
        "reach_target",
        {"plugged_in": True, "is_charging": True, "battery_percent": 79},
        {"battery_percent": 80, "is_charging": False},
        EventKind.CHARGE_TARGET_REACHED,
    ),
    (
        "open_door_while_parked",
        {"locked": False},
        {"doors_open": frozenset({"driver"})},
        EventKind.DOOR_OPENED,
    ),
    ("move_while_locked", {}, MOVED_AWAY, EventKind.MOVED_WHILE_PARKED),
]


@pytest.mark.parametrize(
    ("before", "change", "kind"), [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS]
)
async def test_each_change_sends_exactly_one_message_to_each_subscriber(
    world: World, before: dict[str, Any], change: dict[str, Any], kind: EventKind
) -> None:
    world.cloud.targets[world.car.vin] = 80
    world.cloud.set(world.car.vin, **before)
    assert await world.cycle() == []  # first observation: silence

    world.cloud.set(world.car.vin, **change)
    alerts = await world.cycle()
    later = await world.cycle() + await world.cycle()

    assert sorted(a.user_id for a in alerts) == [OWNER, FRIEND]
    assert all(a.kinds == (kind,) for a in alerts)
    assert all(a.car_name == "Blue #1" and a.vin == world.car.vin for a in alerts)
    assert [a for a in later if kind in a.kinds] == []


async def test_changes_seen_in_one_poll_arrive_as_one_message(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True, is_charging=True)
    alerts = await world.cycle()
    assert [a.kinds for a in alerts] == [(EventKind.PLUGGED_IN, EventKind.CHARGING_STARTED)] * 2


async def test_quiet_hours_let_only_theft_alerts_through(world: World) -> None:
    minute = world.clock.now.hour * 60 + world.clock.now.minute
    quiet = AlertPrefs(
        quiet_start_minute=(minute - 60) % 1440, quiet_end_minute=(minute + 120) % 1440
    )
    await repo_alerts.set_alert_prefs(
        world.db, user_id=FRIEND, vehicle_id=world.car.id, prefs=quiet
    )
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    assert [a.user_id for a in await world.cycle()] == [OWNER]
    world.cloud.set(world.car.vin, **MOVED_AWAY)
    assert sorted(a.user_id for a in await world.cycle()) == [OWNER, FRIEND]


async def test_a_kind_switched_off_is_not_sent(world: World) -> None:
    prefs = AlertPrefs(disabled_kinds=frozenset({"plugged_in"}))
    await repo_alerts.set_alert_prefs(world.db, user_id=OWNER, vehicle_id=world.car.id, prefs=prefs)
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    assert [a.user_id for a in await world.cycle()] == [FRIEND]


async def test_restart_between_storing_and_sending_delivers_once(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    world.clock.advance(301)
    await world.poller.tick()  # state and outbox stored ... and the process dies here

    world.poller, world.sender = world.new_poller(owner="restarted"), world.new_sender()
    await world.sender.run_once()
    assert sorted(a.user_id for a in world.notifier.take()) == [OWNER, FRIEND]
    assert await world.cycle() == []
    assert await world.cycle() == []


async def test_a_dead_replicas_lease_expires_and_the_car_is_polled(world: World) -> None:
    dead = await repo_polls.claim_due_vehicles(
        world.db, owner="dead", limit=10, lease=timedelta(minutes=2), now=world.clock.now
    )
    assert len(dead) == 1
    assert (await world.poller.tick()).claimed == 0
    world.clock.advance(121)
    assert (await world.poller.tick()).polled == 1


async def test_two_pollers_poll_each_car_once_per_period(world: World) -> None:
    vins = [make_vin(n) for n in range(1, 13)]
    await repo_vehicles.sync_vehicles(
        world.db,
        account_id=world.account.id,
        vehicles=[Vehicle(vin=v, model=world.car.model, color_name="Blue") for v in vins],
    )
    for vin in vins:
        world.cloud.set(vin, **PARKED)
    other_db = Database(world.db.url)
    try:
        one, two = world.new_poller(owner="a"), world.new_poller(db=other_db, owner="b")
        for period in (1, 2, 3):
            world.clock.advance(301)
            reports = await asyncio.gather(one.tick(), two.tick())
            assert sum(r.polled for r in reports) == len(vins)
            assert all(world.cloud.reads[vin] == period for vin in vins)
    finally:
        await other_db.dispose()


async def test_charging_car_is_polled_every_minute_and_idle_every_five(world: World) -> None:
    await world.cycle()
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.next_poll_at == world.clock.now + timedelta(seconds=300)
    world.cloud.set(world.car.vin, plugged_in=True, is_charging=True)
    await world.cycle()
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.next_poll_at == world.clock.now + timedelta(seconds=60)


async def test_after_a_command_the_car_is_polled_fast_until_it_confirms_and_a_while_after(
    world: World,
) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, locked=False)
    await world.cycle()
    await repo_commands.begin_command(
        world.db,
        vehicle_id=world.car.id,
        command="lock",
        params={},
        user_id=OWNER,
        cooldown=timedelta(0),
        fast_poll_until=world.clock.now + timedelta(seconds=60),
        now=world.clock.now,
    )
    assert await world.cycle(0) == []
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.next_poll_at == world.clock.now + timedelta(seconds=5)

    world.cloud.set(world.car.vin, locked=True)
    alerts = await world.cycle(5)
    assert {a.kinds for a in alerts} == {(EventKind.LOCKED,)}
    assert all(a.events[0].data["by_bot"] is True for a in alerts)
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.pending_command is None
    # The car is being used: polled fast for FAST_POLL_WINDOW (60 s) after the confirmation.
    assert state.next_poll_at == world.clock.now + timedelta(seconds=5)
    assert state.fast_poll_until == world.clock.now + timedelta(seconds=60)
    world.cloud.set(world.car.vin, plugged_in=True)
    alerts = await world.cycle(5)
    assert {a.kinds for a in alerts} == {(EventKind.PLUGGED_IN,)}, "seen 5 s later, not 300"
    await world.cycle(60)
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.next_poll_at == world.clock.now + timedelta(seconds=300), "idle again"


async def test_a_command_sent_while_the_car_is_polled_is_not_lost(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, locked=False)
    await world.cycle()
    await repo_commands.begin_command(
        world.db,
        vehicle_id=world.car.id,
        command="lock",
        params={},
        user_id=OWNER,
        cooldown=timedelta(0),
        fast_poll_until=world.clock.now + timedelta(seconds=60),
        now=world.clock.now,
    )
    world.cloud.set(world.car.vin, locked=True)

    async def friend_unlocks() -> None:
        world.cloud.during_read = None
        await repo_commands.begin_command(
            world.db,
            vehicle_id=world.car.id,
            command="unlock",
            params={},
            user_id=FRIEND,
            cooldown=timedelta(0),
            fast_poll_until=world.clock.now + timedelta(seconds=60),
            now=world.clock.now,
        )

    world.cloud.during_read = friend_unlocks
    alerts = await world.cycle(5)  # this poll confirms the lock
    assert {a.kinds for a in alerts} == {(EventKind.LOCKED,)}
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.pending_command is not None
    assert (state.pending_command.command, state.pending_command.user_id) == ("unlock", FRIEND)
    assert state.next_poll_at == world.clock.now  # polled again at once, not in 5 minutes
    world.cloud.set(world.car.vin, locked=False)
    unlocked = await world.cycle(5)
    assert {a.kinds for a in unlocked} == {(EventKind.UNLOCKED,)}
    assert all(a.events[0].data["by_bot"] is True for a in unlocked)


async def test_charge_target_is_read_once_per_plug_in(world: World) -> None:
    world.cloud.targets[world.car.vin] = 80
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True, is_charging=True)
    await world.cycle()
    for _ in range(3):
        world.cloud.set(world.car.vin, battery_percent=61 + _)
        await world.cycle(61)
    assert world.cloud.reads[world.car.vin] == 5
    assert world.cloud.target_reads[world.car.vin] == 1
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.status is not None
    assert state.status.charge_target_percent == 80


async def test_outbox_rows_name_the_alert_and_expire(world: World) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    world.clock.advance(301)
    await world.poller.tick()
    rows = await repo_outbox.list_messages(world.db, pending_only=True)
    assert sorted(r.chat_id for r in rows) == [OWNER, FRIEND]
    assert {r.kind for r in rows} == {"plugged_in"}
    assert all(r.expires_at is not None and r.expires_at > world.clock.now for r in rows)


async def test_a_steady_poll_needs_no_database_round_of_its_own_before_storing(
    world: World,
) -> None:
    await world.cycle()  # first observation
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    engine = world.db.engine.sync_engine
    event.listen(engine, "begin", count)
    try:
        await world.poller.tick()  # nothing is due yet
        begun.clear()
        world.clock.advance(301)
        report = await world.poller.tick()
    finally:
        event.remove(engine, "begin", count)
    assert report.polled == 1
    assert len(begun) == 2  # the claim (with episodes and listeners), then the result


async def test_a_share_revoked_while_the_car_is_polled_gets_no_alert(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await world.cycle()
    world.cloud.set(world.car.vin, plugged_in=True)
    reader = await world.cloud.for_account(world.account.id)
    read = type(reader).get_status

    async def revoke_then_read(self: Any, vin: str, **kwargs: Any) -> Any:
        await repo_vehicles.revoke_share(
            world.db, owner_user_id=OWNER, vehicle_id=world.car.id, user_id=FRIEND
        )
        return await read(self, vin, **kwargs)

    monkeypatch.setattr(type(reader), "get_status", revoke_then_read)
    alerts = await world.cycle()
    assert [a.user_id for a in alerts] == [OWNER]


async def test_each_fresh_status_becomes_one_history_sample_and_a_repeat_adds_none(
    world: World,
) -> None:
    start = world.clock() - timedelta(days=1)
    world.cloud.set(world.car.vin, battery_percent=61)
    await world.cycle()
    await world.cycle()  # the same cached status again
    world.cloud.set(world.car.vin, battery_percent=62, is_charging=True, plugged_in=True)
    await world.cycle()
    samples = await repo_history.samples_between(
        world.db, vehicle_id=world.car.id, start=start, end=world.clock() + timedelta(days=1)
    )
    assert [(s.soc, s.charging) for s in samples] == [(61, False), (62, True)]
