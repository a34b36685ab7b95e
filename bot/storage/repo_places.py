"""Saved places (issue 16): a user's places per car, the car's presence at each, the evening
"not plugged in" reminder, and the place a user is adding or renaming.

Presence and the reminder are moved on by conditional UPDATEs that queue their alert in the
same transaction (`move_presence`, `claim_reminder`): of two replicas, or of a poll stored
again after a restart, one wins and the other changes nothing, so every visit is announced
exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage
from bot.storage.records_places import Place, PlaceDraft
from bot.storage.repo_outbox import enqueue_in_session
from bot.storage.tables_places import PlaceDraftRow, PlaceRow
from bot.storage.types import now_or

DEFAULT_RADIUS_M = 150
MIN_RADIUS_M = 50
MAX_RADIUS_M = 2000
MAX_PLACES = 20  # per user and car
NAME_MAX = 64


def _place(row: PlaceRow) -> Place:
    assert row.id is not None  # noqa: S101
    return Place(
        id=row.id,
        user_id=row.user_id,
        vehicle_id=row.vehicle_id,
        name=row.name,
        latitude=row.latitude,
        longitude=row.longitude,
        radius_m=row.radius_m,
        is_home=row.is_home,
        notify_arrive=row.notify_arrive,
        notify_leave=row.notify_leave,
        quiet_unlocked=row.quiet_unlocked,
        inside=row.inside,
        visit=row.visit,
        remind_minute=row.remind_minute,
        remind_below=row.remind_below,
        remind_next_at=row.remind_next_at,
    )


def clean_name(name: str) -> str:
    """One line, trimmed, at most `NAME_MAX` characters."""
    return " ".join(name.split())[:NAME_MAX]


class TooManyPlacesError(Exception):
    """The user has `MAX_PLACES` places for this car already."""


async def add_place(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int,
    name: str,
    latitude: float,
    longitude: float,
    radius_m: int = DEFAULT_RADIUS_M,
    now: datetime | None = None,
) -> Place:
    """Save a place; the user's first for this car is home (arrival alerts on)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("position out of range")
    now = now_or(now)
    async with db.session() as session:
        count = (
            await session.execute(
                select(func.count())
                .select_from(PlaceRow)
                .where(col(PlaceRow.user_id) == user_id, col(PlaceRow.vehicle_id) == vehicle_id)
            )
        ).scalar_one()
        if count >= MAX_PLACES:
            raise TooManyPlacesError
        home = count == 0
        row = PlaceRow(
            user_id=user_id,
            vehicle_id=vehicle_id,
            name=clean_name(name) or "?",
            latitude=latitude,
            longitude=longitude,
            radius_m=max(MIN_RADIUS_M, min(MAX_RADIUS_M, radius_m)),
            is_home=home,
            notify_arrive=home,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        return _place(row)


async def list_places(db: Database, *, user_id: int) -> list[Place]:
    """The user's places, home first, then by when they were added."""
    query = (
        select(PlaceRow)
        .where(col(PlaceRow.user_id) == user_id)
        .order_by(col(PlaceRow.vehicle_id), col(PlaceRow.is_home).desc(), col(PlaceRow.id))
    )
    async with db.session() as session:
        return [_place(row) for row in (await session.execute(query)).scalars()]


async def places_in_session(
    session: AsyncSession, vehicle_ids: Sequence[int]
) -> dict[int, tuple[Place, ...]]:
    """Every user's places of these cars, inside the caller's transaction (the poll claim)."""
    query = (
        select(PlaceRow).where(col(PlaceRow.vehicle_id).in_(vehicle_ids)).order_by(col(PlaceRow.id))
    )
    found: dict[int, list[Place]] = {vehicle_id: [] for vehicle_id in vehicle_ids}
    for row in (await session.execute(query)).scalars():
        found.setdefault(row.vehicle_id, []).append(_place(row))
    return {vehicle_id: tuple(places) for vehicle_id, places in found.items()}


async def places_of_vehicle(db: Database, *, vehicle_id: int) -> list[Place]:
    """Every user's places for one car (what the poller checks)."""
    query = (
        select(PlaceRow).where(col(PlaceRow.vehicle_id) == vehicle_id).order_by(col(PlaceRow.id))
    )
    async with db.session() as session:
        return [_place(row) for row in (await session.execute(query)).scalars()]


async def get_place(db: Database, *, user_id: int, place_id: int) -> Place | None:
    """The user's own place, or None (a button never reaches another user's place)."""
    async with db.session() as session:
        row = await session.get(PlaceRow, place_id)
        return _place(row) if row is not None and row.user_id == user_id else None


async def update_place(
    db: Database, *, user_id: int, place_id: int, now: datetime | None = None, **values: object
) -> Place | None:
    """Change the user's place (name, radius, alert choices, reminder); None if not theirs."""
    async with db.session() as session:
        row = await session.get(PlaceRow, place_id)
        if row is None or row.user_id != user_id:
            return None
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now_or(now)
        await session.flush()
        return _place(row)


async def delete_place(db: Database, *, user_id: int, place_id: int) -> bool:
    """Delete the user's place; False when there was none."""
    async with db.session() as session:
        result = await session.execute(
            delete(PlaceRow).where(col(PlaceRow.id) == place_id, col(PlaceRow.user_id) == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def move_presence(
    db: Database,
    *,
    place: Place,
    inside: bool,
    messages: Sequence[NewOutboxMessage] = (),
    now: datetime | None = None,
) -> bool:
    """Record the car's arrival or departure (or first sight) at a place, with its alert,
    if nobody recorded it since `place` was read. True when this call did."""
    now = now_or(now)
    async with db.session() as session:
        result = await session.execute(
            update(PlaceRow)
            .where(col(PlaceRow.id) == place.id, col(PlaceRow.visit) == place.visit)
            .values(inside=inside, visit=place.visit + 1, changed_at=now)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await enqueue_in_session(db, session, messages, now)
        return True


async def claim_reminder(
    db: Database,
    *,
    place: Place,
    next_at: datetime | None,
    messages: Sequence[NewOutboxMessage] = (),
    now: datetime | None = None,
) -> bool:
    """Move the place's reminder from its due time to `next_at`, queueing `messages` (the
    reminder, or nothing when the evening passed without a reason); one caller wins."""
    now = now_or(now)
    due = col(PlaceRow.remind_next_at)
    async with db.session() as session:
        result = await session.execute(
            update(PlaceRow)
            .where(
                col(PlaceRow.id) == place.id,
                due.is_(None) if place.remind_next_at is None else due == place.remind_next_at,
            )
            .values(remind_next_at=next_at)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await enqueue_in_session(db, session, messages, now)
        return True


async def set_draft(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int,
    expires_at: datetime,
    name: str = "",
    place_id: int | None = None,
) -> None:
    """Start adding (no `place_id`) or renaming a place; replaces the user's last draft."""
    async with db.session() as session:
        await session.execute(delete(PlaceDraftRow).where(col(PlaceDraftRow.user_id) == user_id))
        session.add(
            PlaceDraftRow(
                user_id=user_id,
                vehicle_id=vehicle_id,
                name=clean_name(name),
                place_id=place_id,
                expires_at=expires_at,
            )
        )


async def take_draft(
    db: Database, *, user_id: int, renaming: bool, now: datetime | None = None
) -> PlaceDraft | None:
    """The user's unexpired draft of that sort, removed as it is taken; None otherwise."""
    now = now_or(now)
    async with db.session() as session:
        row = await session.get(PlaceDraftRow, user_id, with_for_update=not db.is_sqlite)
        if row is None or (row.place_id is not None) is not renaming:
            return None
        await session.delete(row)
        if row.expires_at <= now:
            return None
        return PlaceDraft(
            user_id=row.user_id,
            vehicle_id=row.vehicle_id,
            name=row.name,
            place_id=row.place_id,
            expires_at=row.expires_at,
        )
