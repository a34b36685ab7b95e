"""Users: the allowlist, roles, language, units, time zone, mute, the hourly reply to strangers."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records import Role, UserRecord
from bot.storage.tables import (
    LoginSession,
    PendingActionRow,
    SmartAccount,
    User,
    VehicleShare,
)
from bot.storage.types import now_or

_LOGGER = logging.getLogger(__name__)

STRANGER_REPLY_INTERVAL = timedelta(hours=1)


def user_record(row: User | Any) -> UserRecord:
    """The record for a `users` row (ORM object or Core row)."""
    return UserRecord(
        id=row.id,
        display_name=row.display_name,
        role=row.role,
        allowed=row.allowed,
        language=row.language,
        alerts_muted_until=row.alerts_muted_until,
        active=row.active,
        last_refused_at=row.last_refused_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        timezone=row.timezone,
        price_per_kwh=row.price_per_kwh,
        telegram_language=row.telegram_language,
        units=row.units,
    )


async def get_user(db: Database, *, user_id: int) -> UserRecord | None:
    """The user with this Telegram id, or None."""
    async with db.session() as session:
        row = await session.get(User, user_id)
        return user_record(row) if row else None


async def ensure_user(
    db: Database,
    *,
    user_id: int,
    display_name: str = "",
    language: str | None = None,
    now: datetime | None = None,
) -> UserRecord:
    """Get the user, creating a not-allowed row when unknown; refresh the display name."""
    now = now_or(now)
    async with db.session() as session:
        stmt = db.insert(User).values(
            id=user_id,
            display_name=display_name[:128],
            language=language,
            created_at=now,
            updated_at=now,
        )
        await session.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
        row = await session.get(User, user_id)
        assert row is not None  # noqa: S101  (inserted or already there, in this transaction)
        if display_name and row.display_name != display_name[:128]:
            row.display_name = display_name[:128]
            row.updated_at = now
        return user_record(row)


async def allow_user(
    db: Database,
    *,
    user_id: int,
    display_name: str | None = None,
    role: Role = Role.USER,
    now: datetime | None = None,
) -> UserRecord:
    """Put the user on the allowlist (creating them if needed) with `role`."""
    now = now_or(now)
    values: dict[str, object] = {
        "allowed": True,
        "active": True,
        "role": str(role),
        "updated_at": now,
    }
    if display_name is not None:
        values["display_name"] = display_name[:128]
    async with db.session() as session:
        stmt = db.insert(User).values(id=user_id, created_at=now, **values)
        await session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
        row = await session.get(User, user_id, populate_existing=True)
        assert row is not None  # noqa: S101
        return user_record(row)


async def deny_user(db: Database, *, user_id: int, now: datetime | None = None) -> bool:
    """Take the user off the allowlist and wipe everything they stored.

    Deletes their Smart account (credentials and tokens; its cars, states, shares and alert
    settings go with it by cascade), their login conversation, the shares they received and
    their pending confirmations. The audit trail is kept. Returns False for an unknown user.
    """
    now = now_or(now)
    async with db.session() as session:
        result = await session.execute(
            update(User)
            .where(col(User.id) == user_id)
            .values(allowed=False, role=str(Role.USER), updated_at=now)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            return False
        for table, column in (
            (SmartAccount, SmartAccount.user_id),
            (LoginSession, LoginSession.user_id),
            (VehicleShare, VehicleShare.user_id),
            (PendingActionRow, PendingActionRow.user_id),
        ):
            await session.execute(delete(table).where(col(column) == user_id))
    _LOGGER.info("user %s denied; their stored credentials were deleted", user_id)
    return True


async def list_users(db: Database, *, allowed_only: bool = False) -> list[UserRecord]:
    """Known users, oldest first; only allowed ones when `allowed_only`."""
    query = select(User).order_by(col(User.created_at), col(User.id))
    if allowed_only:
        query = query.where(col(User.allowed).is_(True))
    async with db.session() as session:
        rows = (await session.execute(query)).scalars().all()
        return [user_record(row) for row in rows]


async def _set(db: Database, user_id: int, now: datetime | None, **values: object) -> bool:
    async with db.session() as session:
        result = await session.execute(
            update(User).where(col(User.id) == user_id).values(updated_at=now_or(now), **values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def set_language(
    db: Database, *, user_id: int, language: str | None, now: datetime | None = None
) -> bool:
    """Store the user's chosen language (None: follow Telegram's). False if unknown user."""
    return await _set(db, user_id, now, language=language)


async def set_telegram_language(
    db: Database, *, user_id: int, code: str | None, now: datetime | None = None
) -> bool:
    """Store the language Telegram reports for the user (kept apart from the one chosen
    with /language). False if unknown user."""
    return await _set(db, user_id, now, telegram_language=(code or None) and code[:8])


async def set_timezone(
    db: Database, *, user_id: int, timezone: str | None, now: datetime | None = None
) -> bool:
    """Store the user's IANA time zone name (None: the bot's TZ). False if unknown user."""
    return await _set(db, user_id, now, timezone=timezone)


async def set_units(
    db: Database, *, user_id: int, units: str | None, now: datetime | None = None
) -> bool:
    """Store the units the user reads values in ("imperial"; None: metric). False if
    unknown user."""
    return await _set(db, user_id, now, units=units)


async def set_price(
    db: Database, *, user_id: int, price_per_kwh: float | None, now: datetime | None = None
) -> bool:
    """Store the user's price per kWh (None: no costs shown). False if unknown user."""
    return await _set(db, user_id, now, price_per_kwh=price_per_kwh)


async def set_active(
    db: Database, *, user_id: int, active: bool, now: datetime | None = None
) -> bool:
    """Mark whether the user can be messaged (False after they blocked the bot)."""
    return await _set(db, user_id, now, active=active)


async def mute_alerts(
    db: Database, *, user_id: int, until: datetime | None, now: datetime | None = None
) -> bool:
    """Silence all alerts for the user until `until` (None: unmute)."""
    return await _set(db, user_id, now, alerts_muted_until=until)


async def claim_refusal_reply(
    db: Database,
    *,
    user_id: int,
    now: datetime | None = None,
    every: timedelta = STRANGER_REPLY_INTERVAL,
) -> bool:
    """True when a stranger should get the "ask the owner" reply now (at most once per `every`).

    One atomic upsert, so concurrent updates from the same stranger answer only once.
    """
    now = now_or(now)
    cutoff = now - every
    stmt = db.insert(User).values(id=user_id, last_refused_at=now, created_at=now, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={"last_refused_at": now},
        where=or_(col(User.last_refused_at).is_(None), col(User.last_refused_at) <= cutoff),
    ).returning(col(User.id))
    async with db.session() as session:
        return (await session.execute(stmt)).first() is not None
