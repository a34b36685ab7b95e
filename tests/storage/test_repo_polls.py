"""Vehicle state: leases for several workers, and state + alerts stored in one transaction."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import StatementError
from sqlmodel import col

from bot.smart.models import VehicleStatus
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import AlertPrefs, Episode, NewOutboxMessage
from bot.storage.repo_accounts import record_account_poll_failure
from bot.storage.repo_alerts import get_episodes, set_alert_prefs, set_episodes
from bot.storage.repo_commands import begin_command
from bot.storage.repo_outbox import list_messages
from bot.storage.repo_polls import (
    claim_due_vehicles,
    get_vehicle_state,
    record_poll_failure,
    record_poll_success,
    release_lease,
    renew_leases,
)
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import grant_share, rename_vehicle
from bot.storage.tables import VehicleState
from tests.db_fixtures import HeldCommitDatabase, make_vin, seed_owner

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=90)
STATUS = VehicleStatus(
    updated_at=T0 - timedelta(minutes=1),
    battery_percent=81,
    locked=True,
    doors_open=frozenset({"driver"}),
    tyre_pressure_kpa={"fl": 240.0},
    latitude=48.1,
    longitude=11.5,
)


async def _set_due(db: Database, vehicle_id: int, at: datetime) -> None:
    async with db.session() as session:
        await session.execute(
            update(VehicleState)
            .where(col(VehicleState.vehicle_id) == vehicle_id)
            .values(next_poll_at=at)
        )


def _alert(vehicle_id: int, key: str = "v1:unlocked:1:u1") -> NewOutboxMessage:
    return NewOutboxMessage(
        dedupe_key=key,
        user_id=1,
        chat_id=1,
        kind="unlocked",
        payload={"text": "Unlocked"},
        vehicle_id=vehicle_id,
    )


async def test_two_workers_claim_disjoint_cars_and_together_all_of_them(
    db: Database, cipher: CredentialCipher
) -> None:
    await seed_owner(db, cipher, user_id=1, vins=[make_vin(n) for n in range(1, 5)], now=T0)
    await seed_owner(db, cipher, user_id=2, vins=[make_vin(n) for n in range(5, 9)], now=T0)
    worker_a, worker_b = HeldCommitDatabase(db.url), Database(db.url)
    try:
        first = asyncio.create_task(
            claim_due_vehicles(worker_a, owner="worker-a", limit=4, lease=LEASE, now=T0)
        )
        await worker_a.work_done.wait()  # a has picked its cars but not committed yet
        second = asyncio.create_task(
            claim_due_vehicles(worker_b, owner="worker-b", limit=8, lease=LEASE, now=T0)
        )
        if not db.is_sqlite:  # PostgreSQL: b skips a's locked rows instead of waiting
            await asyncio.wait_for(asyncio.shield(second), timeout=5)
        worker_a.release.set()
        jobs_a, jobs_b = await first, await second
    finally:
        worker_a.release.set()
        await worker_a.dispose()
        await worker_b.dispose()
    ids_a = {j.vehicle_id for j in jobs_a}
    ids_b = {j.vehicle_id for j in jobs_b}
    assert (len(ids_a), len(ids_b)) == (4, 4)
    assert not ids_a & ids_b
    assert all(j.state.lease_owner == "worker-a" for j in jobs_a)
    assert {j.vin for j in jobs_a + jobs_b} == {make_vin(n) for n in range(1, 9)}


async def test_a_leased_car_is_not_claimed_again_until_the_lease_expires(
    db: Database, cipher: CredentialCipher
) -> None:
    await seed_owner(db, cipher, user_id=1, vins=[make_vin(1)], now=T0)
    await seed_owner(db, cipher, user_id=2, vins=[make_vin(2)], now=T0)
    first = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    assert len(first) == 1
    second = await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=T0)
    assert [j.vehicle_id for j in second] != [first[0].vehicle_id]
    assert len(second) == 1
    assert await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=T0) == []
    # Worker a died: its lease runs out and someone else takes the car.
    later = await claim_due_vehicles(db, owner="c", limit=5, lease=LEASE, now=T0 + LEASE)
    assert {j.vehicle_id for j in later} == {first[0].vehicle_id, second[0].vehicle_id}


async def test_a_renewed_lease_keeps_the_car_and_a_lapsed_one_is_not_revived(
    db: Database, cipher: CredentialCipher
) -> None:
    await seed_owner(db, cipher, user_id=1, vins=[make_vin(1)], now=T0)
    (job,) = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    half = T0 + LEASE / 2
    assert await renew_leases(db, owner="a", vehicle_ids=[job.vehicle_id], lease=LEASE, now=half)
    # Past the first lease the poll still runs: nobody else takes the car.
    assert await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=T0 + LEASE) == []
    # Another worker's renewal renews nothing; a lapsed lease is not brought back.
    late = half + LEASE
    assert not await renew_leases(
        db, owner="b", vehicle_ids=[job.vehicle_id], lease=LEASE, now=half
    )
    assert not await renew_leases(
        db, owner="a", vehicle_ids=[job.vehicle_id], lease=LEASE, now=late
    )
    assert len(await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=late)) == 1


async def test_one_worker_at_a_time_polls_the_cars_of_an_account(
    db: Database, cipher: CredentialCipher
) -> None:
    """The cloud selects one car per account: two workers on one account would fight."""
    await seed_owner(db, cipher, user_id=1, vins=[make_vin(1), make_vin(2)], now=T0)
    first = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    assert len(first) == 1
    assert await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=T0) == []
    # The worker that already polls the account may take its other car.
    more = await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0)
    assert len(more) == 1
    assert more[0].vehicle_id != first[0].vehicle_id
    # A dead worker's leases run out and the account is free again.
    later = await claim_due_vehicles(db, owner="b", limit=5, lease=LEASE, now=T0 + LEASE)
    assert len(later) == 2


async def test_cars_of_an_account_in_backoff_wait_for_it(
    db: Database, cipher: CredentialCipher
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1, now=T0)
    await record_account_poll_failure(
        db, account_id=account.id, backoff_until=T0 + timedelta(minutes=5), now=T0
    )
    assert await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0) == []
    resumed = await claim_due_vehicles(
        db, owner="a", limit=5, lease=LEASE, now=T0 + timedelta(minutes=5)
    )
    assert len(resumed) == 1


async def test_success_stores_status_episodes_and_alerts_together_and_frees_the_lease(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    await begin_command(
        db,
        vehicle_id=vid,
        command="lock",
        params={},
        user_id=1,
        cooldown=timedelta(0),
        fast_poll_until=T0 + timedelta(minutes=1),
        now=T0,
    )
    (job,) = await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0)
    assert job.state.pending_command is not None
    assert (job.state.pending_command.command, job.state.pending_command.user_id) == ("lock", 1)

    written = await record_poll_success(
        db,
        vehicle_id=vid,
        owner="a",
        status=STATUS,
        next_poll_at=T0 + timedelta(minutes=5),
        episodes=[Episode("unlocked", 2, "sent")],
        messages=[_alert(vid)],
        clear_pending_command=True,
        seen_pending_at=job.state.pending_command.at,
        claimed_next_poll_at=job.state.next_poll_at,
        now=T0,
    )
    assert written
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.status == STATUS
    assert (state.fetched_at, state.next_poll_at) == (T0, T0 + timedelta(minutes=5))
    assert (state.lease_owner, state.pending_command, state.fast_poll_until) == (None, None, None)
    assert (await get_episodes(db, vehicle_id=vid))["unlocked"].episode == 2
    assert [m.dedupe_key for m in await list_messages(db)] == ["v1:unlocked:1:u1"]


async def test_a_command_recorded_while_the_poll_is_in_flight_survives_it(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    await begin_command(
        db,
        vehicle_id=vid,
        command="lock",
        params={},
        user_id=1,
        cooldown=timedelta(0),
        fast_poll_until=T0 + timedelta(minutes=1),
        now=T0,
    )
    (job,) = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    seen = job.state.pending_command
    assert seen is not None
    # The poll is in flight; the user sends another command.
    sent_at = T0 + timedelta(seconds=10)
    await begin_command(
        db,
        vehicle_id=vid,
        command="unlock",
        params={"by": "button"},
        user_id=2,
        cooldown=timedelta(0),
        fast_poll_until=sent_at + timedelta(minutes=1),
        now=sent_at,
    )
    written = await record_poll_success(
        db,
        vehicle_id=vid,
        owner="a",
        status=STATUS,
        next_poll_at=T0 + timedelta(minutes=5),
        clear_pending_command=True,  # the poll saw "lock" confirmed
        seen_pending_at=seen.at,
        claimed_next_poll_at=job.state.next_poll_at,
        now=sent_at + timedelta(seconds=2),
    )
    assert written
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.status == STATUS
    assert state.pending_command is not None
    pending = state.pending_command
    assert (pending.command, pending.user_id, pending.at) == ("unlock", 2, sent_at)
    assert pending.params == {"by": "button"}
    assert state.fast_poll_until == sent_at + timedelta(minutes=1)
    assert state.next_poll_at == sent_at  # the fast poll the command asked for
    assert state.lease_owner is None


async def test_a_poll_that_saw_no_command_keeps_one_sent_meanwhile(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    (job,) = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    assert job.state.pending_command is None
    sent_at = T0 + timedelta(seconds=3)
    await begin_command(
        db,
        vehicle_id=vid,
        command="climate_start",
        params={},
        user_id=1,
        cooldown=timedelta(0),
        fast_poll_until=sent_at + timedelta(minutes=1),
        now=sent_at,
    )
    await record_poll_success(
        db,
        vehicle_id=vid,
        owner="a",
        status=STATUS,
        next_poll_at=T0 + timedelta(minutes=5),
        clear_pending_command=False,
        seen_pending_at=None,
        claimed_next_poll_at=job.state.next_poll_at,
        now=sent_at,
    )
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is not None
    assert state.pending_command.command == "climate_start"
    assert state.next_poll_at == sent_at


async def test_a_due_time_moved_by_someone_else_during_the_poll_is_kept(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    (job,) = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    sooner = job.state.next_poll_at - timedelta(seconds=1)
    await _set_due(db, vid, sooner)  # another writer moves the next poll forward
    await record_poll_success(
        db,
        vehicle_id=vid,
        owner="a",
        status=STATUS,
        next_poll_at=T0 + timedelta(minutes=5),
        claimed_next_poll_at=job.state.next_poll_at,
        now=T0 + timedelta(seconds=6),
    )
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.next_poll_at == sooner
    # Without a change in between, the poll's own schedule stands.
    (job,) = await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    await record_poll_success(
        db,
        vehicle_id=vid,
        owner="a",
        status=STATUS,
        next_poll_at=T0 + timedelta(minutes=5),
        claimed_next_poll_at=job.state.next_poll_at,
        now=T0 + timedelta(seconds=7),
    )
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.next_poll_at == T0 + timedelta(minutes=5)


async def test_a_worker_that_lost_its_lease_writes_nothing(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    await claim_due_vehicles(db, owner="slow", limit=1, lease=LEASE, now=T0)
    await claim_due_vehicles(db, owner="fast", limit=1, lease=LEASE, now=T0 + LEASE)
    written = await record_poll_success(
        db,
        vehicle_id=vid,
        owner="slow",
        status=STATUS,
        next_poll_at=T0,
        messages=[_alert(vid)],
        now=T0 + LEASE,
    )
    assert not written
    assert await list_messages(db) == []
    assert (
        await record_poll_failure(db, vehicle_id=vid, owner="slow", error="x", next_poll_at=T0)
        is None
    )


async def test_an_error_while_queuing_alerts_leaves_the_old_state(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    broken = NewOutboxMessage(
        dedupe_key="k", user_id=1, chat_id=1, kind="x", payload={"bad": object()}
    )
    with pytest.raises(StatementError, match="not JSON serializable"):
        await record_poll_success(
            db,
            vehicle_id=vid,
            owner="a",
            status=STATUS,
            next_poll_at=T0,
            messages=[_alert(vid), broken],
            now=T0,
        )
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert (state.status, state.lease_owner) == (None, "a")
    assert await list_messages(db) == []


async def test_failures_are_counted_and_the_next_poll_scheduled(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    for attempt in (1, 2):
        await claim_due_vehicles(
            db, owner="a", limit=1, lease=LEASE, now=T0 + timedelta(hours=attempt)
        )
        count = await record_poll_failure(
            db,
            vehicle_id=vid,
            owner="a",
            error="SmartConnectionError",
            next_poll_at=T0,
        )
        assert count == attempt
    assert await release_lease(db, vehicle_id=vid, owner="a") is False  # already released
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert (state.consecutive_failures, state.last_error) == (2, "SmartConnectionError")
    assert state.next_poll_at == T0


async def test_the_claim_brings_each_cars_name_episodes_and_listeners(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, vins=[make_vin(1), make_vin(2)], now=T0)
    first, second = cars
    await rename_vehicle(db, owner_user_id=1, vehicle_id=first.id, name="Blue one")
    await allow_user(db, user_id=2, now=T0)
    await grant_share(db, owner_user_id=1, vehicle_id=second.id, user_id=2, now=T0)
    await set_alert_prefs(
        db, user_id=2, vehicle_id=second.id, prefs=AlertPrefs(battery_low_percent=35), now=T0
    )
    await set_episodes(
        db, vehicle_id=second.id, episodes=[Episode(kind="unlocked", episode=3)], now=T0
    )

    jobs = {
        job.vehicle_id: job
        for job in await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0)
    }
    assert jobs[first.id].car_name == "Blue one"
    assert jobs[second.id].car_name == second.label
    assert jobs[first.id].episodes == {}
    episodes = jobs[second.id].episodes
    assert episodes is not None
    assert episodes["unlocked"].episode == 3
    listeners = {
        job_id: [(m.user.id, m.owned, m.prefs.battery_low_percent) for m in job.audience or ()]
        for job_id, job in jobs.items()
    }
    assert listeners == {first.id: [(1, True, 20)], second.id: [(1, True, 20), (2, False, 35)]}
