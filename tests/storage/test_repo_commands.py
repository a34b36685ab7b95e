"""The pending command and its cool-down: the conditional write that is the lock between
replicas, and cancelling a command that was never sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

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


class _ClearedInBetween(Database):
    """A replica that sees the poller clear the car's pending command right after its claim
    was refused, before it reads when the car is free (PostgreSQL: two transactions)."""

    def __init__(self, url: str, clear: Callable[[], Awaitable[object]]) -> None:
        super().__init__(url)
        self.clear: Callable[[], Awaitable[object]] | None = clear

    @asynccontextmanager
    async def statements(self) -> AsyncIterator[AsyncConnection]:
        async with super().statements() as connection:
            yield cast("AsyncConnection", _Proxy(connection, self))


class _Proxy:
    def __init__(self, connection: AsyncConnection, db: _ClearedInBetween) -> None:
        self._connection, self._db = connection, db

    async def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        clear = self._db.clear
        if clear is not None and getattr(statement, "is_select", False):
            self._db.clear = None
            await clear()
        return await self._connection.execute(statement, *args, **kwargs)


async def test_a_claim_refused_just_before_the_car_was_freed_is_written_before_it_goes(
    db: Database, cipher: CredentialCipher
) -> None:
    if db.is_sqlite:
        pytest.skip("on SQLite the claim's statements are one BEGIN IMMEDIATE transaction")
    _, cars = await seed_owner(db, cipher, user_id=1, now=T0)
    vid = cars[0].id
    assert await _begin(db, vid, "lock", T0) is None
    replica = _ClearedInBetween(db.url, lambda: cancel_command(db, vehicle_id=vid, at=T0))
    try:
        assert await _begin(replica, vid, "unlock", T0 + timedelta(seconds=10)) is None
    finally:
        await replica.dispose()
    state = await get_vehicle_state(db, vehicle_id=vid)
    assert state is not None
    assert state.pending_command is not None, "a command that goes is always recorded"
    assert state.pending_command.command == "unlock"
