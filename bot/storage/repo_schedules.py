"""Bot-side schedules: stored, listed, paused, and claimed exactly once when due.

A due run is claimed by one conditional UPDATE that moves `next_run_at`/`next_phase` on from
the values the claimer read (`WHERE next_run_at = :due AND next_phase = :phase`). Of several
replicas (or a replica and its restarted self) exactly one sees its UPDATE match; the others
match no row and leave the run alone. The claim commits before anything is sent to the car,
so a crash between claim and send loses that one run instead of sending it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.tables import ScheduleRow
from bot.storage.types import now_or


@dataclass(frozen=True, slots=True)
class Schedule:
    """One stored schedule (see `ScheduleRow` for what each field means)."""

    id: int
    user_id: int
    vehicle_id: int
    kind: str
    minute_of_day: int
    weekdays: int
    once_on: date | None
    ready_by: bool
    end_minute: int | None
    params: dict[str, Any]
    paused: bool
    next_run_at: datetime | None
    next_phase: str
    last_run_at: datetime | None
    last_outcome: str | None


def _schedule(row: ScheduleRow) -> Schedule:
    if row.id is None:  # pragma: no cover - rows read back always have their id
        raise ValueError("schedule row without id")
    return Schedule(
        id=row.id,
        user_id=row.user_id,
        vehicle_id=row.vehicle_id,
        kind=row.kind,
        minute_of_day=row.minute_of_day,
        weekdays=row.weekdays,
        once_on=row.once_on,
        ready_by=row.ready_by,
        end_minute=row.end_minute,
        params=dict(row.params),
        paused=row.paused,
        next_run_at=row.next_run_at,
        next_phase=row.next_phase,
        last_run_at=row.last_run_at,
        last_outcome=row.last_outcome,
    )


async def create_schedule(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int,
    kind: str,
    minute_of_day: int,
    weekdays: int,
    once_on: date | None,
    next_run_at: datetime | None,
    ready_by: bool = False,
    end_minute: int | None = None,
    params: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Schedule:
    """Store a new schedule whose first run is `next_run_at` (phase "start")."""
    now = now_or(now)
    row = ScheduleRow(
        user_id=user_id,
        vehicle_id=vehicle_id,
        kind=kind,
        minute_of_day=minute_of_day,
        weekdays=weekdays,
        once_on=once_on,
        ready_by=ready_by,
        end_minute=end_minute,
        params=params or {},
        next_run_at=next_run_at,
        created_at=now,
        updated_at=now,
    )
    async with db.session() as session:
        session.add(row)
        await session.flush()
        return _schedule(row)


async def get_schedule(db: Database, *, schedule_id: int, user_id: int) -> Schedule | None:
    """The user's schedule with this id; None for another user's or a missing one."""
    async with db.session() as session:
        row = await session.get(ScheduleRow, schedule_id)
        return _schedule(row) if row is not None and row.user_id == user_id else None


async def list_schedules(
    db: Database, *, user_id: int, vehicle_id: int | None = None
) -> list[Schedule]:
    """The user's schedules (of one car when given), in the order they were made."""
    query = select(ScheduleRow).where(col(ScheduleRow.user_id) == user_id)
    if vehicle_id is not None:
        query = query.where(col(ScheduleRow.vehicle_id) == vehicle_id)
    async with db.session() as session:
        rows = (await session.execute(query.order_by(col(ScheduleRow.id)))).scalars().all()
        return [_schedule(row) for row in rows]


async def set_paused(
    db: Database,
    *,
    schedule_id: int,
    user_id: int,
    paused: bool,
    next_run_at: datetime | None,
    now: datetime | None = None,
) -> bool:
    """Pause (no next run) or resume (from `next_run_at`, phase "start"). False if not theirs."""
    async with db.session() as session:
        result = await session.execute(
            update(ScheduleRow)
            .where(col(ScheduleRow.id) == schedule_id, col(ScheduleRow.user_id) == user_id)
            .values(
                paused=paused,
                next_run_at=None if paused else next_run_at,
                next_phase="start",
                updated_at=now_or(now),
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_schedule(db: Database, *, schedule_id: int, user_id: int) -> bool:
    """Remove the user's schedule. False if it was not theirs or is gone already."""
    async with db.session() as session:
        result = await session.execute(
            delete(ScheduleRow).where(
                col(ScheduleRow.id) == schedule_id, col(ScheduleRow.user_id) == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def due_schedules(db: Database, *, now: datetime, limit: int = 200) -> list[Schedule]:
    """Schedules whose next run is at or before `now`, oldest first (not paused)."""
    async with db.session() as session:
        rows = (
            (
                await session.execute(
                    select(ScheduleRow)
                    .where(
                        col(ScheduleRow.next_run_at) <= now_or(now),
                        col(ScheduleRow.paused).is_(False),
                    )
                    .order_by(col(ScheduleRow.next_run_at))
                    .limit(limit)
                )
            )
            .scalars()
            .all()
        )
        return [_schedule(row) for row in rows]


async def next_runs(
    db: Database, *, vehicle_ids: list[int], user_id: int | None = None
) -> dict[int, Schedule]:
    """For each car, its earliest upcoming schedule run (of `user_id`'s when given)."""
    if not vehicle_ids:
        return {}
    query = select(ScheduleRow).where(
        col(ScheduleRow.vehicle_id).in_(vehicle_ids),
        col(ScheduleRow.next_run_at).is_not(None),
        col(ScheduleRow.paused).is_(False),
    )
    if user_id is not None:
        query = query.where(col(ScheduleRow.user_id) == user_id)
    async with db.session() as session:
        result = await session.execute(query.order_by(col(ScheduleRow.next_run_at)))
        rows = result.scalars().all()
    first: dict[int, Schedule] = {}
    for row in rows:
        first.setdefault(row.vehicle_id, _schedule(row))
    return first


async def claim_run(
    db: Database,
    *,
    schedule: Schedule,
    next_run_at: datetime | None,
    next_phase: str,
    now: datetime | None = None,
) -> bool:
    """Take the run `schedule` was read with, moving it on to the next one. True: it's ours."""
    if schedule.next_run_at is None:
        return False
    return await move_run(
        db,
        schedule_id=schedule.id,
        expected_at=schedule.next_run_at,
        expected_phase=schedule.next_phase,
        next_run_at=next_run_at,
        next_phase=next_phase,
        ran_at=now_or(now),
    )


async def move_run(
    db: Database,
    *,
    schedule_id: int,
    expected_at: datetime | None,
    expected_phase: str,
    next_run_at: datetime | None,
    next_phase: str,
    ran_at: datetime | None = None,
) -> bool:
    """Replace the stored next run, if it is still `expected_at`/`expected_phase`."""
    stored_at = col(ScheduleRow.next_run_at)
    values: dict[str, Any] = {"next_run_at": next_run_at, "next_phase": next_phase}
    if ran_at is not None:
        values["last_run_at"] = ran_at
    async with db.session() as session:
        result = await session.execute(
            update(ScheduleRow)
            .where(
                col(ScheduleRow.id) == schedule_id,
                stored_at.is_(None) if expected_at is None else stored_at == expected_at,
                col(ScheduleRow.next_phase) == expected_phase,
                col(ScheduleRow.paused).is_(False),
            )
            .values(updated_at=ran_at or now_or(None), **values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_outcome(
    db: Database, *, schedule_id: int, outcome: str, now: datetime | None = None
) -> None:
    """Note how the last run went (shown in the schedule list)."""
    async with db.session() as session:
        await session.execute(
            update(ScheduleRow)
            .where(col(ScheduleRow.id) == schedule_id)
            .values(last_outcome=outcome[:32], updated_at=now_or(now))
        )


async def delete_finished(db: Database, *, schedule_id: int) -> None:
    """Remove a one-off schedule that has run (and has no further phase)."""
    async with db.session() as session:
        await session.execute(
            delete(ScheduleRow).where(
                col(ScheduleRow.id) == schedule_id, col(ScheduleRow.next_run_at).is_(None)
            )
        )
