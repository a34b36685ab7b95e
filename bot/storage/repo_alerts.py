"""Alert settings per user and car, alert episodes per car, and who hears a car's alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, false, true, union_all
from sqlalchemy import select as core_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.storage.db import Database
from bot.storage.records import AlertPrefs, AudienceMember, Episode
from bot.storage.repo_users import user_record
from bot.storage.sqlcache import built_once
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
        sound_toggled=frozenset(row.sound_toggled_kinds or ()),
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
        "sound_toggled_kinds": sorted(prefs.sound_toggled),
        "updated_at": now_or(now),
    }
    stmt = db.insert(AlertPref).values(user_id=user_id, vehicle_id=vehicle_id, **values)
    async with db.session() as session:
        await session.execute(
            stmt.on_conflict_do_update(index_elements=["user_id", "vehicle_id"], set_=values)
        )


_PREF_COLUMNS: tuple[Any, ...] = tuple(
    col(getattr(AlertPref, name)).label(f"pref_{name}")
    for name in (
        "disabled_kinds",
        "battery_low_percent",
        "left_unlocked_minutes",
        "quiet_start_minute",
        "quiet_end_minute",
        "sound_toggled_kinds",
    )
)


@built_once
def _audience_query() -> Any:
    """Owners and share holders of the cars `a_ids` with their settings, one row each, in
    one statement: per car the owner first, then the others by user id."""
    vehicle_ids: Any = bindparam("a_ids", expanding=True)
    users = tuple(User.__table__.c)  # type: ignore[attr-defined]
    owner = (
        core_select(
            col(VehicleRow.id).label("car_id"),
            true().label("owned"),
            true().label("sees_location"),
            *users,
            *_PREF_COLUMNS,
        )
        .select_from(VehicleRow)
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .join(User, col(User.id) == col(SmartAccount.user_id))
        .outerjoin(
            AlertPref,
            (col(AlertPref.user_id) == col(User.id))
            & (col(AlertPref.vehicle_id) == col(VehicleRow.id)),
        )
        .where(col(VehicleRow.id).in_(vehicle_ids))
    )
    shared = (
        core_select(
            col(VehicleShare.vehicle_id).label("car_id"),
            false().label("owned"),
            col(VehicleShare.with_location).label("sees_location"),
            *users,
            *_PREF_COLUMNS,
        )
        .select_from(VehicleShare)
        .join(User, col(User.id) == col(VehicleShare.user_id))
        .outerjoin(
            AlertPref,
            (col(AlertPref.user_id) == col(User.id))
            & (col(AlertPref.vehicle_id) == col(VehicleShare.vehicle_id)),
        )
        .where(col(VehicleShare.vehicle_id).in_(vehicle_ids))
    )
    both = union_all(owner, shared).subquery()
    return core_select(both).order_by(both.c.car_id, both.c.owned.desc(), both.c.id)


def _member(row: Any) -> AudienceMember:
    prefs = AlertPrefs()
    if row.pref_battery_low_percent is not None:  # a stored row (its columns are NOT NULL)
        prefs = AlertPrefs(
            disabled_kinds=frozenset(row.pref_disabled_kinds or ()),
            battery_low_percent=row.pref_battery_low_percent,
            left_unlocked_minutes=row.pref_left_unlocked_minutes,
            quiet_start_minute=row.pref_quiet_start_minute,
            quiet_end_minute=row.pref_quiet_end_minute,
            sound_toggled=frozenset(row.pref_sound_toggled_kinds or ()),
        )
    return AudienceMember(
        user=user_record(row),
        prefs=prefs,
        owned=bool(row.owned),
        sees_location=bool(row.sees_location),
    )


async def audiences_in_session(
    session: AsyncSession, vehicle_ids: Sequence[int]
) -> dict[int, tuple[AudienceMember, ...]]:
    """`vehicle_audience` of several cars with one statement, inside the caller's
    transaction; every asked car has an entry (empty when nobody listens)."""
    found: dict[int, list[AudienceMember]] = {vehicle_id: [] for vehicle_id in vehicle_ids}
    if vehicle_ids:
        for row in await session.execute(_audience_query(), {"a_ids": list(vehicle_ids)}):
            if row.allowed and row.active:
                found[row.car_id].append(_member(row))
    return {vehicle_id: tuple(members) for vehicle_id, members in found.items()}


async def vehicle_audience(db: Database, *, vehicle_id: int) -> list[AudienceMember]:
    """Who gets this car's alerts: the owner and every user it is shared with, if allowed
    and active, each with their settings for it. Mutes and quiet hours are the caller's."""
    async with db.session() as session:
        return list((await audiences_in_session(session, [vehicle_id]))[vehicle_id])


def _episode(row: Any) -> Episode:
    """The record for an `alert_episodes` row (ORM object or Core row)."""
    return Episode(
        kind=row.kind,
        episode=row.episode,
        state=row.state,
        data=dict(row.data),
        updated_at=row.updated_at,
    )


@built_once
def _episodes_query() -> Any:
    """Every episode of the cars `e_ids`."""
    return core_select(AlertEpisode.__table__).where(  # type: ignore[attr-defined]
        col(AlertEpisode.vehicle_id).in_(bindparam("e_ids", expanding=True))
    )


async def episodes_in_session(
    session: AsyncSession, vehicle_ids: Sequence[int]
) -> dict[int, dict[str, Episode]]:
    """Every stored episode of several cars, by car and kind, inside the caller's
    transaction; every asked car has an entry."""
    found: dict[int, dict[str, Episode]] = {vehicle_id: {} for vehicle_id in vehicle_ids}
    if vehicle_ids:
        for row in await session.execute(_episodes_query(), {"e_ids": list(vehicle_ids)}):
            found[row.vehicle_id][row.kind] = _episode(row)
    return found


async def get_episodes(db: Database, *, vehicle_id: int) -> dict[str, Episode]:
    """Every stored episode of the car, by kind."""
    async with db.session() as session:
        return (await episodes_in_session(session, [vehicle_id]))[vehicle_id]


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
