"""The database handle: a connection given back to the pool never carries a transaction on,
and no NUL or lone surrogate reaches a stored JSON document."""

from __future__ import annotations

import pytest

from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage
from bot.storage.repo_outbox import enqueue_messages, list_messages
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
