"""Alert settings per user and car, alert episodes per car, and who hears a car's alerts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records import AlertPrefs, AudienceMember, Episode
from bot.storage.repo_users import user_record
from bot.storage.tables import AlertEpisode, AlertPref, SmartAccount, User, VehicleRow, VehicleShare
from bot.storage.types import now_or


def _prefs(row: AlertPref | None) -> AlertPrefs:
    if row is None:
        return AlertPrefs()
    return AlertPrefs(
        disabled_kinds=frozenset(row.disabled_kinds),
        battery_low_percent=row.battery_low_percent,
        left_unlocked_minutes=row.left_unlocked_minutes,
        quiet_start_minute=row.quiet_start_minute,
        quiet_end_minute=row.quiet_end_minute,
    )


async def get_alert_prefs(db: Database, *, user_id: int, vehicle_id: int) -> AlertPrefs:
    """The user's settings for the car (the defaults when none were stored)."""
    async with db.session() as session:
        return _prefs(await session.get(AlertPref, (user_id, vehicle_id)))


async def set_alert_prefs(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int,
    prefs: AlertPrefs,
    now: datetime | None = None,
) -> None:
    """Store the user's settings for the car."""
    values: dict[str, object] = {
        "disabled_kinds": sorted(prefs.disabled_kinds),
        "battery_low_percent": prefs.battery_low_percent,
        "left_unlocked_minutes": prefs.left_unlocked_minutes,
        "quiet_start_minute": prefs.quiet_start_minute,
        "quiet_end_minute": prefs.quiet_end_minute,
        "updated_at": now_or(now),
    }
    stmt = db.insert(AlertPref).values(user_id=user_id, vehicle_id=vehicle_id, **values)
    async with db.session() as session:
        await session.execute(
            stmt.on_conflict_do_update(index_elements=["user_id", "vehicle_id"], set_=values)
        )


async def vehicle_audience(db: Database, *, vehicle_id: int) -> list[AudienceMember]:
    """Who gets this car's alerts: the owner and every user it is shared with, if allowed
    and active, each with their settings for it. Mutes and quiet hours are the caller's."""
    owner = (
        select(User, AlertPref)
        .join(SmartAccount, col(SmartAccount.user_id) == col(User.id))
        .join(VehicleRow, col(VehicleRow.account_id) == col(SmartAccount.id))
        .outerjoin(
            AlertPref,
            (col(AlertPref.user_id) == col(User.id)) & (col(AlertPref.vehicle_id) == vehicle_id),
        )
        .where(col(VehicleRow.id) == vehicle_id)
    )
    shared = (
        select(User, AlertPref)
        .join(VehicleShare, col(VehicleShare.user_id) == col(User.id))
        .outerjoin(
            AlertPref,
            (col(AlertPref.user_id) == col(User.id)) & (col(AlertPref.vehicle_id) == vehicle_id),
        )
        .where(col(VehicleShare.vehicle_id) == vehicle_id)
        .order_by(col(User.id))
    )
    members: list[AudienceMember] = []
    async with db.session() as session:
        for query, owned in ((owner, True), (shared, False)):
            for user, pref in await session.execute(query):
                if user.allowed and user.active:
                    members.append(
                        AudienceMember(user=user_record(user), prefs=_prefs(pref), owned=owned)
                    )
    return members


def _episode(row: AlertEpisode) -> Episode:
    return Episode(
        kind=row.kind,
        episode=row.episode,
        state=row.state,
        data=dict(row.data),
        updated_at=row.updated_at,
    )


async def get_episodes(db: Database, *, vehicle_id: int) -> dict[str, Episode]:
    """Every stored episode of the car, by kind."""
    query = select(AlertEpisode).where(col(AlertEpisode.vehicle_id) == vehicle_id)
    async with db.session() as session:
        return {row.kind: _episode(row) for row in (await session.execute(query)).scalars()}


async def write_episodes_in_session(
    db: Database,
    session: AsyncSession,
    vehicle_id: int,
    episodes: Iterable[Episode],
    now: datetime,
) -> None:
    """Upsert episodes inside the caller's transaction."""
    for episode in episodes:
        values: dict[str, object] = {
            "episode": episode.episode,
            "state": episode.state[:32],
            "data": episode.data,
            "updated_at": now,
        }
        stmt = db.insert(AlertEpisode).values(vehicle_id=vehicle_id, kind=episode.kind, **values)
        await session.execute(
            stmt.on_conflict_do_update(index_elements=["vehicle_id", "kind"], set_=values)
        )


async def set_episodes(
    db: Database, *, vehicle_id: int, episodes: Iterable[Episode], now: datetime | None = None
) -> None:
    """Store episodes of the car (kinds not given are left alone)."""
    async with db.session() as session:
        await write_episodes_in_session(db, session, vehicle_id, episodes, now_or(now))
