"""The pending command and its cool-down: the conditional write that is the lock between
replicas, and cancelling a command that was never sent."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_commands import begin_command, cancel_command
from bot.storage.repo_polls import get_vehicle_state
from tests.db_fixtures import seed_owner

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

COOLDOWN = timedelta(seconds=30)


async def _begin(db: Database, vid: int, command: str, now: datetime) -> datetime | None:
    return await begin_command(
        db,
        vehicle_id=vid,
        command=command,
        params={"temp_c": 22},
        user_id=1,
        cooldown=COOLDOWN,
        fast_poll_until=T0 + timedelta(minutes=1),
        now=now,
    )


async def test_a_command_within_the_cool_down_is_refused_with_the_time_the_car_is_free(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    assert await _begin(db, vid, "lock", T0) is None
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is not None
    assert (state.pending_command.command, state.pending_command.at) == ("lock", T0)
    assert state.pending_command.params == {"temp_c": 22}
    assert (state.fast_poll_until, state.next_poll_at) == (T0 + timedelta(minutes=1), T0)

    assert await _begin(db, vid, "unlock", T0 + timedelta(seconds=10)) == T0 + COOLDOWN
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is not None
    assert state.pending_command.command == "lock"  # the refused one wrote nothing

    assert await _begin(db, vid, "unlock", T0 + COOLDOWN) is None


async def test_cancelling_forgets_only_the_command_recorded_at_that_time(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    assert await _begin(db, vid, "lock", T0) is None
    assert not await cancel_command(db, vehicle_id=vid, at=T0 - timedelta(seconds=1))
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is not None

    assert await cancel_command(db, vehicle_id=vid, at=T0)
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is None
    # The car is free at once for the next command.
    assert await _begin(db, vid, "lock", T0) is None


async def test_two_replicas_claiming_one_car_at_once_let_exactly_one_command_go(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    other_replica = Database(db.url)
    try:
        answers = await asyncio.gather(
            _begin(db, cars[0].id, "lock", T0), _begin(other_replica, cars[0].id, "unlock", T0)
        )
    finally:
        await other_replica.dispose()
    assert sorted(answers, key=str) == sorted([None, T0 + COOLDOWN], key=str)
