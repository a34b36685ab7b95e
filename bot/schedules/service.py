"""The use cases of schedules, for any caller (the chat today): add, pause or resume, delete,
list, and the user's time zone. Telegram-free; the scheduler (`engine`) fires them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tzfpy import get_tz

from bot.schedules.plan import Kind, first_run, weekdays_of
from bot.schedules.timing import next_at, warm_up_minutes
from bot.storage import repo_polls, repo_schedules, repo_users
from bot.storage.db import Database
from bot.storage.records import CarRecord
from bot.storage.repo_schedules import Schedule

_LOGGER = logging.getLogger(__name__)


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name by its lower-case form (read from the tz database once)."""
    return {name.lower(): name for name in available_timezones()}


def parse_zone(name: str) -> ZoneInfo | None:
    """The IANA zone for a name the user typed ("europe/berlin" works too); None if unknown."""
    cleaned = name.strip().replace(" ", "_")
    if not cleaned or len(cleaned) > 64:
        return None
    exact = _zone_names().get(cleaned.lower())
    try:
        return ZoneInfo(exact) if exact else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_at(latitude: float, longitude: float) -> ZoneInfo | None:
    """The time zone at a place, from data shipped with `tzfpy` (offline); None for the open
    sea ("Etc/..." zones), odd coordinates, or a zone this machine's tz database lacks."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None
    name = get_tz(longitude, latitude)
    if not name or name.startswith("Etc/"):
        return None
    return parse_zone(name)


async def zone_of(db: Database, user_id: int, default: ZoneInfo) -> ZoneInfo:
    """The user's time zone, or `default` (the bot's TZ) when they set none or an odd one."""
    user = await repo_users.get_user(db, user_id=user_id)
    name = user.timezone if user else None
    if name:
        zone = parse_zone(name)
        if zone is not None:
            return zone
        _LOGGER.warning("user %s has an unknown time zone; using the default", user_id)
    return default


@dataclass(frozen=True, slots=True)
class NewSchedule:
    """What the user chose: a climate time or a charging window, on weekdays or once.

    `weekdays` is the stored bit set (bit 0 = Monday); 0 means once, at the next such time.
    `params`: `temp_c`, `seat_level`, `wheel_level` for climate; `target_soc`,
    `when_plugged` for charging.
    """

    kind: Kind
    minute: int
    weekdays: int
    ready_by: bool = False
    end_minute: int | None = None
    params: dict[str, Any] | None = None


def _draft(user_id: int, vehicle_id: int, spec: NewSchedule, params: dict[str, Any]) -> Schedule:
    return Schedule(
        id=0, user_id=user_id, vehicle_id=vehicle_id, kind=spec.kind.value,
        minute_of_day=spec.minute, weekdays=spec.weekdays, once_on=None,
        ready_by=spec.ready_by and spec.kind is Kind.CLIMATE,
        end_minute=spec.end_minute if spec.kind is Kind.CHARGING else None, params=params,
        paused=False, next_run_at=None, next_phase="start", last_run_at=None, last_outcome=None,
    )  # fmt: skip


async def add_schedule(
    db: Database,
    *,
    user_id: int,
    car: CarRecord,
    spec: NewSchedule,
    zone: ZoneInfo,
    now: datetime,
) -> Schedule:
    """Store a new schedule with its first run; a "ready by" climate starts as many minutes
    earlier as the last known outside temperature needs."""
    params = dict(spec.params or {})
    if spec.ready_by and spec.kind is Kind.CLIMATE:
        state = await repo_polls.get_vehicle_state(db, vehicle_id=car.id)
        outside = state.status.exterior_temp_c if state and state.status else None
        params["lead_minutes"] = warm_up_minutes(float(params.get("temp_c", 21.0)), outside)
    draft = _draft(user_id, car.id, spec, params)
    if not spec.weekdays:
        draft = replace(draft, once_on=next_at(spec.minute, zone, now).once_on)
    # A one-off "ready by" whose start has just passed still starts at once.
    first = first_run(draft, zone, now) or now
    return await repo_schedules.create_schedule(
        db,
        user_id=user_id,
        vehicle_id=car.id,
        kind=draft.kind,
        minute_of_day=draft.minute_of_day,
        weekdays=draft.weekdays,
        once_on=draft.once_on,
        ready_by=draft.ready_by,
        end_minute=draft.end_minute,
        params=params,
        next_run_at=first,
        now=now,
    )


async def set_paused(
    db: Database, *, user_id: int, schedule_id: int, paused: bool, zone: ZoneInfo, now: datetime
) -> Schedule | None:
    """Pause, or resume from the next time after now; None when it is not the user's."""
    schedule = await repo_schedules.get_schedule(db, schedule_id=schedule_id, user_id=user_id)
    if schedule is None:
        return None
    upcoming = None if paused else first_run(schedule, zone, now)
    if not paused and upcoming is None:  # a one-off whose time has passed while paused
        await repo_schedules.delete_schedule(db, schedule_id=schedule_id, user_id=user_id)
        return None
    await repo_schedules.set_paused(
        db,
        schedule_id=schedule_id,
        user_id=user_id,
        paused=paused,
        next_run_at=upcoming,
        now=now,
    )
    return await repo_schedules.get_schedule(db, schedule_id=schedule_id, user_id=user_id)


def is_weekly(schedule: Schedule) -> bool:
    """True for a schedule that repeats on weekdays (False for a one-off)."""
    return bool(weekdays_of(schedule.weekdays))
