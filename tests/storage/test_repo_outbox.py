"""The outbox: one row per dedupe key, claimed by one sender, retried, then given up."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage
from bot.storage.repo_outbox import (
    claim_due_messages,
    drop_message,
    enqueue_messages,
    get_message,
    list_messages,
    mark_failed,
    mark_sent,
    reschedule,
)
from tests.db_fixtures import HeldCommitDatabase

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _msg(key: str, **kw: object) -> NewOutboxMessage:
    return NewOutboxMessage(
        dedupe_key=key,
        user_id=1,
        chat_id=1,
        kind="plugged_in",
        payload={"n": key},
        **kw,  # type: ignore[arg-type]
    )


async def test_the_same_alert_is_queued_once_even_from_concurrent_writers(db: Database) -> None:
    replica = Database(db.url)
    try:
        counts = await asyncio.gather(
            enqueue_messages(db, messages=[_msg("v7:plugged:3:u1")], now=T0),
            enqueue_messages(replica, messages=[_msg("v7:plugged:3:u1")], now=T0),
            enqueue_messages(db, messages=[_msg("v7:plugged:3:u1"), _msg("v7:plugged:4:u1")]),
        )
    finally:
        await replica.dispose()
    assert sum(counts) == 2
    assert sorted(m.dedupe_key for m in await list_messages(db)) == [
        "v7:plugged:3:u1",
        "v7:plugged:4:u1",
    ]


async def test_two_senders_never_take_the_same_message(db: Database) -> None:
    await enqueue_messages(db, messages=[_msg(f"k{n}") for n in range(6)], now=T0)
    sender_a, sender_b = HeldCommitDatabase(db.url), Database(db.url)
    try:
        first = asyncio.create_task(claim_due_messages(sender_a, limit=3, now=T0))
        await sender_a.work_done.wait()
        second = asyncio.create_task(claim_due_messages(sender_b, limit=6, now=T0))
        if not db.is_sqlite:  # PostgreSQL: b skips a's locked rows instead of waiting
            await asyncio.wait_for(asyncio.shield(second), timeout=5)
        sender_a.release.set()
        a, b = await first, await second
    finally:
        sender_a.release.set()
        await sender_a.dispose()
        await sender_b.dispose()
    assert not {m.id for m in a} & {m.id for m in b}
    assert len(a) + len(b) == 6
    assert await claim_due_messages(db, now=T0 + timedelta(seconds=59)) == []


async def test_sent_messages_stay_sent_and_failed_ones_retry_then_give_up(db: Database) -> None:
    await enqueue_messages(
        db,
        messages=[_msg("sent"), _msg("flaky"), _msg("later", not_before=T0 + timedelta(hours=1))],
        now=T0,
    )
    due = {m.dedupe_key: m for m in await claim_due_messages(db, now=T0)}
    assert set(due) == {"sent", "flaky"}
    assert await mark_sent(db, outbox_id=due["sent"].id, now=T0)
    assert not await mark_sent(db, outbox_id=due["sent"].id, now=T0)

    flaky = due["flaky"].id
    assert await mark_failed(db, outbox_id=flaky, error="TimedOut", retry_at=T0, max_attempts=2)
    (again,) = await claim_due_messages(db, now=T0)
    assert (again.id, again.attempts, again.last_error) == (flaky, 1, "TimedOut")
    assert not await mark_failed(db, outbox_id=flaky, error="TimedOut", retry_at=T0, max_attempts=2)
    gave_up = await get_message(db, outbox_id=flaky)
    assert gave_up is not None
    assert (gave_up.drop_reason, gave_up.attempts) == ("gave_up", 2)
    assert await claim_due_messages(db, now=T0 + timedelta(minutes=30)) == []
    assert [m.dedupe_key for m in await claim_due_messages(db, now=T0 + timedelta(hours=1))] == [
        "later"
    ]


async def test_retry_after_reschedules_without_an_attempt_and_drop_is_final(db: Database) -> None:
    await enqueue_messages(db, messages=[_msg("a"), _msg("b")], now=T0)
    a, b = await claim_due_messages(db, now=T0)
    assert await reschedule(db, outbox_id=a.id, at=T0 + timedelta(seconds=7))
    assert await drop_message(db, outbox_id=b.id, reason="expired", now=T0)
    (again,) = await claim_due_messages(db, now=T0 + timedelta(seconds=7))
    assert (again.id, again.attempts) == (a.id, 0)
    assert [m.dedupe_key for m in await list_messages(db, pending_only=True)] == ["a"]
