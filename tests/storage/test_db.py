"""The database handle: a connection given back to the pool never carries a transaction on;
a dead pooled connection is never handed out."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.storage.db import Database
from bot.storage.repo_users import get_user


async def test_a_connection_given_back_inside_a_transaction_is_rolled_back(
    db: Database,
) -> None:
    if not db.is_sqlite:
        pytest.skip("the pool's own reset is replaced on SQLite only")
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        async with driver.execute("BEGIN IMMEDIATE"):
            pass
        async with driver.execute(
            "INSERT INTO users (id, display_name, role, allowed, active, created_at, updated_at)"
            " VALUES (7, 'x', 'user', 1, 1, '2025-03-01 12:00:00', '2025-03-01 12:00:00')"
        ):
            pass
    # The same pooled connection starts the next transaction (BEGIN IMMEDIATE would fail
    # inside an open one) and the abandoned insert is gone.
    assert await get_user(db, user_id=7) is None


async def test_a_pooled_postgresql_connection_the_server_dropped_is_replaced_unnoticed(
    db: Database,
) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL's pooled connections only")
    async with db.read_once() as connection:
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    killer = Database(db.url)
    try:
        async with killer.read_once() as connection:
            await connection.execute(text(f"SELECT pg_terminate_backend({int(pid)})"))
    finally:
        await killer.dispose()
    assert await get_user(db, user_id=7) is None  # the dead connection is not handed out
    async with db.read_once() as connection:
        assert (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one() != pid
