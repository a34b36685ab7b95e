"""The database handle: a connection given back to the pool never carries a transaction on;
a dead pooled connection is never handed out; no NUL or lone surrogate reaches a stored JSON
document."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage
from bot.storage.repo_outbox import enqueue_messages, list_messages
from bot.storage.repo_users import allow_user, get_user


async def test_a_connection_given_back_inside_a_transaction_is_rolled_back(
    db: Database,
) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite's BEGIN IMMEDIATE on the driver")
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


async def test_a_transaction_cancelled_while_it_waits_for_the_write_lock_is_not_left_open(
    db: Database,
) -> None:
    # A task cancelled (a shutdown, a timeout) while SQLite's BEGIN IMMEDIATE waited for
    # another writer: the driver's thread still takes the lock after the connection went back
    # to the pool. That connection must not keep the transaction (and the lock) open: the
    # next transaction failed with "cannot start a transaction within a transaction" and every
    # other writer with "database is locked".
    if not db.is_sqlite:
        pytest.skip("SQLite's write lock")
    async with db.engine.connect() as holder:
        driver = (await holder.get_raw_connection()).driver_connection
        assert driver is not None
        async with driver.execute("BEGIN IMMEDIATE"):
            pass

        async def waits_for_the_lock() -> None:
            async with db.session() as session:
                await session.execute(text("SELECT 1"))

        waiting = asyncio.create_task(waits_for_the_lock())
        await asyncio.sleep(0.3)
        waiting.cancel()
        await asyncio.sleep(0.1)  # its connection goes back while the BEGIN still waits
        await driver.rollback()  # the lock is free: the cancelled BEGIN now gets it
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.sleep(0.3)
    async with asyncio.timeout(10):
        for user_id in (7, 8, 9):
            await allow_user(db, user_id=user_id, display_name="x")
        await asyncio.gather(*(allow_user(db, user_id=u, display_name="y") for u in (10, 11)))
    assert await get_user(db, user_id=11) is not None


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ({"text": "plain ✓ 😀"}, {"text": "plain ✓ 😀"}),
        ({"text": "Be\x00n"}, {"text": "Ben"}),
        ({"na\ud800me": "\udc00x", "ok": "😀"}, {"na\ufffdme": "\ufffdx", "ok": "😀"}),
    ],
    ids=["clean", "nul", "lone-surrogate"],
)
async def test_a_json_document_is_stored_without_nul_or_lone_surrogates(
    db: Database, sent: dict[str, str], stored: dict[str, str]
) -> None:
    message = NewOutboxMessage(dedupe_key="k", user_id=1, chat_id=1, kind="x", payload=sent)
    await enqueue_messages(db, messages=[message])
    (row,) = await list_messages(db)
    assert row.payload == stored


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
