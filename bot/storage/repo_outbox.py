"""The outbox: messages (alerts) waiting for Telegram, sent at least once and never twice.

Rows are written in the same transaction as the state change that caused them
(`repo_polls.record_poll_success`), de-duplicated by a unique `dedupe_key`. A sender claims
due rows (claiming pushes `next_attempt_at` forward by a lease, so two senders never take
the same row), then marks each sent, failed (retried later), rescheduled or dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage, OutboxMessage
from bot.storage.tables import OutboxRow
from bot.storage.types import now_or

DEFAULT_CLAIM_LEASE = timedelta(seconds=60)


def outbox_message(row: OutboxRow) -> OutboxMessage:
    """The record for an `outbox` row."""
    assert row.id is not None  # noqa: S101
    return OutboxMessage(
        id=row.id,
        dedupe_key=row.dedupe_key,
        user_id=row.user_id,
        chat_id=row.chat_id,
        vehicle_id=row.vehicle_id,
        kind=row.kind,
        payload=dict(row.payload),
        created_at=row.created_at,
        expires_at=row.expires_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        dropped_at=row.dropped_at,
        drop_reason=row.drop_reason,
        last_error=row.last_error,
        sending_at=row.sending_at,
    )


async def enqueue_in_session(
    db: Database, session: AsyncSession, messages: Sequence[NewOutboxMessage], now: datetime
) -> int:
    """Insert messages inside the caller's transaction; returns how many were new."""
    added = 0
    for message in messages:
        stmt = db.insert(OutboxRow).values(
            dedupe_key=message.dedupe_key[:200],
            user_id=message.user_id,
            chat_id=message.chat_id,
            vehicle_id=message.vehicle_id,
            kind=message.kind[:64],
            payload=message.payload,
            created_at=now,
            expires_at=message.expires_at,
            next_attempt_at=message.not_before or now,
        )
        result = await session.execute(stmt.on_conflict_do_nothing(index_elements=["dedupe_key"]))
        added += result.rowcount or 0  # type: ignore[attr-defined]
    return added


async def enqueue_messages(
    db: Database, *, messages: Sequence[NewOutboxMessage], now: datetime | None = None
) -> int:
    """Queue messages; a message whose `dedupe_key` was queued before is ignored."""
    async with db.session() as session:
        return await enqueue_in_session(db, session, messages, now_or(now))


def _pending() -> tuple[object, ...]:
    return (col(OutboxRow.sent_at).is_(None), col(OutboxRow.dropped_at).is_(None))


async def claim_due_messages(
    db: Database,
    *,
    limit: int = 20,
    lease: timedelta = DEFAULT_CLAIM_LEASE,
    now: datetime | None = None,
) -> list[OutboxMessage]:
    """Take up to `limit` due messages, oldest first, hiding them from other senders for `lease`.

    A message that expired is still returned: the sender drops it with a log line.
    """
    now = now_or(now)
    due = (
        select(col(OutboxRow.id))
        .where(*_pending(), col(OutboxRow.next_attempt_at) <= now)  # type: ignore[arg-type]
        .order_by(col(OutboxRow.next_attempt_at), col(OutboxRow.id))
        .limit(limit)
    )
    if not db.is_sqlite:
        due = due.with_for_update(skip_locked=True)
    async with db.session() as session:
        ids = (
            (
                await session.execute(
                    update(OutboxRow)
                    .where(col(OutboxRow.id).in_(due))
                    .values(next_attempt_at=now + lease)
                    .returning(col(OutboxRow.id))
                )
            )
            .scalars()
            .all()
        )
        if not ids:
            return []
        rows = await session.execute(
            select(OutboxRow)
            .where(col(OutboxRow.id).in_(ids))
            .order_by(col(OutboxRow.created_at), col(OutboxRow.id))
        )
        return [outbox_message(row) for row in rows.scalars()]


async def _update(db: Database, outbox_id: int, **values: object) -> bool:
    async with db.session() as session:
        result = await session.execute(
            update(OutboxRow).where(col(OutboxRow.id) == outbox_id, *_pending()).values(**values)  # type: ignore[arg-type]
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_sending(db: Database, *, outbox_id: int, now: datetime | None = None) -> bool:
    """An attempt is about to go to Telegram (committed before the call)."""
    return await _update(db, outbox_id, sending_at=now_or(now))


async def mark_sent(db: Database, *, outbox_id: int, now: datetime | None = None) -> bool:
    """The message reached Telegram."""
    return await _update(db, outbox_id, sent_at=now_or(now))


async def mark_failed(
    db: Database,
    *,
    outbox_id: int,
    error: str,
    retry_at: datetime,
    max_attempts: int = 8,
    now: datetime | None = None,
) -> bool:
    """Count a failed attempt; retry at `retry_at`, or drop after `max_attempts` (kept for
    inspection). Returns True when it will be retried."""
    now = now_or(now)
    async with db.session() as session:
        row = await session.get(OutboxRow, outbox_id, with_for_update=not db.is_sqlite)
        if row is None or row.sent_at is not None or row.dropped_at is not None:
            return False
        row.attempts += 1
        row.last_error = error[:128]
        row.sending_at = None
        if row.attempts >= max_attempts:
            row.dropped_at = now
            row.drop_reason = "gave_up"
            return False
        row.next_attempt_at = retry_at
        return True


async def reschedule(db: Database, *, outbox_id: int, at: datetime) -> bool:
    """Try again at `at` without counting an attempt (Telegram's RetryAfter, quiet hours)."""
    return await _update(db, outbox_id, next_attempt_at=at, sending_at=None)


async def drop_message(
    db: Database, *, outbox_id: int, reason: str, now: datetime | None = None
) -> bool:
    """Give up on a message for good ("expired", "forbidden", ...); the row is kept."""
    return await _update(db, outbox_id, dropped_at=now_or(now), drop_reason=reason[:64])


async def get_message(db: Database, *, outbox_id: int) -> OutboxMessage | None:
    """One queued message, or None."""
    async with db.session() as session:
        row = await session.get(OutboxRow, outbox_id)
        return outbox_message(row) if row else None


async def list_messages(
    db: Database, *, user_id: int | None = None, pending_only: bool = False
) -> list[OutboxMessage]:
    """Queued messages, oldest first (for inspection and tests)."""
    query = select(OutboxRow).order_by(col(OutboxRow.id))
    if user_id is not None:
        query = query.where(col(OutboxRow.user_id) == user_id)
    if pending_only:
        query = query.where(*_pending())  # type: ignore[arg-type]
    async with db.session() as session:
        return [outbox_message(row) for row in (await session.execute(query)).scalars()]
