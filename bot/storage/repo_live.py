"""Live locations (issue 16): a Telegram message with a live location that follows a car.

The Telegram layer records one when it sends it; the poller of the car moves it with each
new position and stops it (conditionally: once) when the car parks or its period ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records_places import LiveLocation
from bot.storage.tables_places import LiveLocationRow
from bot.storage.types import now_or


def _live(row: LiveLocationRow) -> LiveLocation:
    assert row.id is not None  # noqa: S101
    return LiveLocation(
        id=row.id,
        vehicle_id=row.vehicle_id,
        user_id=row.user_id,
        chat_id=row.chat_id,
        message_id=row.message_id,
        until=row.until,
        latitude=row.latitude,
        longitude=row.longitude,
    )


async def start_live(
    db: Database,
    *,
    vehicle_id: int,
    user_id: int,
    chat_id: int,
    message_id: int,
    until: datetime,
    latitude: float,
    longitude: float,
    now: datetime | None = None,
) -> LiveLocation:
    """Record a live location just sent."""
    async with db.session() as session:
        row = LiveLocationRow(
            vehicle_id=vehicle_id,
            user_id=user_id,
            chat_id=chat_id,
            message_id=message_id,
            until=until,
            latitude=latitude,
            longitude=longitude,
            created_at=now_or(now),
        )
        session.add(row)
        await session.flush()
        return _live(row)


async def lives_in_session(
    session: AsyncSession, vehicle_ids: Sequence[int]
) -> dict[int, tuple[LiveLocation, ...]]:
    """The live locations of these cars not stopped yet, inside the caller's transaction."""
    query = (
        select(LiveLocationRow)
        .where(
            col(LiveLocationRow.vehicle_id).in_(vehicle_ids),
            col(LiveLocationRow.stopped_at).is_(None),
        )
        .order_by(col(LiveLocationRow.id))
    )
    found: dict[int, list[LiveLocation]] = {vehicle_id: [] for vehicle_id in vehicle_ids}
    for row in (await session.execute(query)).scalars():
        found.setdefault(row.vehicle_id, []).append(_live(row))
    return {vehicle_id: tuple(lives) for vehicle_id, lives in found.items()}


async def active_lives(db: Database, *, vehicle_id: int) -> list[LiveLocation]:
    """The car's live locations not stopped yet (the poller stops those past `until`)."""
    query = (
        select(LiveLocationRow)
        .where(
            col(LiveLocationRow.vehicle_id) == vehicle_id,
            col(LiveLocationRow.stopped_at).is_(None),
        )
        .order_by(col(LiveLocationRow.id))
    )
    async with db.session() as session:
        return [_live(row) for row in (await session.execute(query)).scalars()]


async def is_followed(db: Database, *, vehicle_id: int, now: datetime) -> bool:
    """Someone follows the car right now."""
    return any(live.until > now for live in await active_lives(db, vehicle_id=vehicle_id))


async def moved(db: Database, *, live_id: int, latitude: float, longitude: float) -> None:
    """The live location now shows this position."""
    async with db.session() as session:
        await session.execute(
            update(LiveLocationRow)
            .where(col(LiveLocationRow.id) == live_id)
            .values(latitude=latitude, longitude=longitude)
        )


async def stop(db: Database, *, live_id: int, now: datetime | None = None) -> bool:
    """Mark it stopped; True for the one caller that did."""
    async with db.session() as session:
        result = await session.execute(
            update(LiveLocationRow)
            .where(col(LiveLocationRow.id) == live_id, col(LiveLocationRow.stopped_at).is_(None))
            .values(stopped_at=now_or(now))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def prune(db: Database, *, before: datetime) -> int:
    """Delete live locations that ended before `before` (their last position goes with
    them: positions follow `HISTORY_RETENTION_DAYS`); returns how many."""
    async with db.session() as session:
        result = await session.execute(
            delete(LiveLocationRow).where(col(LiveLocationRow.stopped_at) < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
