"""Pending actions behind confirmation buttons: single-use, expiring, bound to one user.

Consuming is one conditional UPDATE (`consumed_at IS NULL AND expires_at > now AND user
matches`), so of two taps (or two replicas) exactly one wins, whatever the timing.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col

from bot.storage.db import Database
from bot.storage.records import ConsumeResult, ConsumeStatus, PendingAction
from bot.storage.tables import PendingActionRow
from bot.storage.types import now_or

DEFAULT_TTL = timedelta(seconds=60)


def _action(row: PendingActionRow) -> PendingAction:
    return PendingAction(
        id=row.id,
        user_id=row.user_id,
        vehicle_id=row.vehicle_id,
        action=row.action,
        params=dict(row.params),
        created_at=row.created_at,
        expires_at=row.expires_at,
        consumed_at=row.consumed_at,
    )


async def create_pending_action(
    db: Database,
    *,
    user_id: int,
    action: str,
    vehicle_id: int | None = None,
    params: dict[str, Any] | None = None,
    ttl: timedelta = DEFAULT_TTL,
    now: datetime | None = None,
) -> PendingAction:
    """Store an action awaiting confirmation; its opaque `id` goes into the button (16 chars)."""
    now = now_or(now)
    row = PendingActionRow(
        id=secrets.token_urlsafe(12),
        user_id=user_id,
        vehicle_id=vehicle_id,
        action=action[:32],
        params=params or {},
        created_at=now,
        expires_at=now + ttl,
    )
    async with db.session() as session:
        session.add(row)
        await session.flush()
        return _action(row)


async def consume_pending_action(
    db: Database, *, action_id: str, user_id: int, now: datetime | None = None
) -> ConsumeResult:
    """Use a confirmation once. Only a CONSUMED result may act; the others say why not."""
    now = now_or(now)
    async with db.session() as session:
        result = await session.execute(
            update(PendingActionRow)
            .where(
                col(PendingActionRow.id) == action_id,
                col(PendingActionRow.user_id) == user_id,
                col(PendingActionRow.consumed_at).is_(None),
                col(PendingActionRow.expires_at) > now,
            )
            .values(consumed_at=now)
            .returning(col(PendingActionRow.id))
        )
        won = result.first() is not None
        row = await session.get(PendingActionRow, action_id, populate_existing=True)
        if row is None or row.user_id != user_id:
            return ConsumeResult(ConsumeStatus.UNKNOWN)
        action = _action(row)
    if won:
        return ConsumeResult(ConsumeStatus.CONSUMED, action)
    if action.consumed_at is not None:
        return ConsumeResult(ConsumeStatus.USED, action)
    return ConsumeResult(ConsumeStatus.EXPIRED, action)


async def purge_pending_actions(db: Database, *, before: datetime) -> int:
    """Delete actions that expired before `before`; returns how many."""
    async with db.session() as session:
        result = await session.execute(
            delete(PendingActionRow).where(col(PendingActionRow.expires_at) < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
