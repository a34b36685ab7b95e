"""Polls of a car: its last status, the poll schedule and poll leases (table `vehicle_state`).

The pending command in the same row is written by `bot.storage.repo_commands`; a poll reads
it, and clears it once the car shows its effect (`record_poll_success`).

Work for several poller replicas is handed out by `claim_due_vehicles`: one statement that
marks due cars with a lease (PostgreSQL: the candidate rows are picked with
`FOR UPDATE SKIP LOCKED`; SQLite: the single UPDATE runs under the writer lock that
`BEGIN IMMEDIATE` took). Leases are short and renewed while a poll runs (`renew_leases`),
so a replica that dies lets its cars go within seconds. The claim's transaction also reads
what the polls need (car names, episodes, listeners) for all claimed cars at once,
and the hot statements are Core statements built once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    update,
)
from sqlmodel import col

from bot.smart.models import VehicleStatus
from bot.storage.claim_sql import claim_statements
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult, record_poll_result
from bot.storage.records import (
    CarRecord,
    Episode,
    NewOutboxMessage,
    PendingCommand,
    PollJob,
    StateRecord,
)
from bot.storage.repo_alerts import audiences_in_session, episodes_in_session
from bot.storage.repo_live import lives_in_session
from bot.storage.repo_places import places_in_session
from bot.storage.repo_vehicles import parse_car_model
from bot.storage.tables import VehicleState
from bot.storage.types import now_or


def state_record(row: VehicleState | Any) -> StateRecord:
    """The record for a `vehicle_state` row (ORM object or Core row)."""
    pending = None
    if row.pending_command is not None and row.pending_command_at is not None:
        pending = PendingCommand(
            command=row.pending_command,
            params=dict(row.pending_command_params or {}),
            user_id=row.pending_command_by,
            at=row.pending_command_at,
        )
    return StateRecord(
        vehicle_id=row.vehicle_id,
        status=VehicleStatus.from_json_dict(row.last_status) if row.last_status else None,
        fetched_at=row.fetched_at,
        next_poll_at=row.next_poll_at,
        fast_poll_until=row.fast_poll_until,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        consecutive_failures=row.consecutive_failures,
        last_error=row.last_error,
        pending_command=pending,
    )


async def get_vehicle_state(db: Database, *, vehicle_id: int) -> StateRecord | None:
    """The car's state, or None for an unknown car."""
    async with db.session() as session:
        row = await session.get(VehicleState, vehicle_id)
        return state_record(row) if row else None


async def claim_due_vehicles(
    db: Database,
    *,
    owner: str,
    limit: int,
    lease: timedelta,
    now: datetime | None = None,
) -> list[PollJob]:
    """Lease up to `limit` cars that are due, soonest first, to worker `owner`.

    Skips cars leased by someone else (until the lease expires), cars of accounts that are
    backing off or need a new /login, and cars of an account another worker is polling (one
    worker per account at a time). Two workers calling this at once get disjoint accounts:
    on PostgreSQL the account rows are locked too, and SKIP LOCKED passes over them.
    """
    now = now_or(now)
    claim, read = claim_statements(locking=not db.is_sqlite)
    values = {"c_now": now, "c_owner": owner[:64], "c_limit": limit, "c_until": now + lease}
    async with db.session() as session:
        claimed = (await session.execute(claim, values)).scalars().all()
        if not claimed:
            return []
        rows = (await session.execute(read, {"c_ids": list(claimed)})).all()
        ids = [row.vehicle_id for row in rows]
        episodes = await episodes_in_session(session, ids)
        audiences = await audiences_in_session(session, ids)
        places = await places_in_session(session, ids)
        lives = await lives_in_session(session, ids)
        return [
            PollJob(
                vehicle_id=row.vehicle_id,
                vin=row.car_vin,
                account_id=row.car_account_id,
                model=parse_car_model(row.car_model),
                state=state_record(row),
                car_name=_car_name(row),
                episodes=episodes[row.vehicle_id],
                audience=audiences[row.vehicle_id],
                places=places[row.vehicle_id],
                lives=lives[row.vehicle_id],
            )
            for row in rows
        ]


def _car_name(row: Any) -> str:
    """The car's label (nickname, else colour and model) from a claim row."""
    car = CarRecord(
        id=row.vehicle_id,
        account_id=row.car_account_id,
        owner_user_id=0,
        vin=row.car_vin,
        model=parse_car_model(row.car_model),
        series_code="",
        model_name="",
        color_name=row.car_color_name,
        plate="",
        name=row.car_name,
        is_default=False,
        owned=True,
    )
    return car.label


async def release_lease(
    db: Database, *, vehicle_id: int, owner: str, next_poll_at: datetime | None = None
) -> bool:
    """Give a claimed car back without a result (e.g. on shutdown)."""
    values: dict[str, Any] = {"lease_owner": None, "lease_expires_at": None}
    if next_poll_at is not None:
        values["next_poll_at"] = next_poll_at
    async with db.session() as session:
        result = await session.execute(_owned(vehicle_id, owner).values(**values))
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def renew_leases(
    db: Database, *, owner: str, vehicle_ids: Sequence[int], lease: timedelta, now: datetime
) -> int:
    """Extend `owner`'s live leases on `vehicle_ids` to `now + lease` (work still runs).

    A lease that already expired is not renewed: another worker may have taken the car.
    Returns how many leases were extended.
    """
    if not vehicle_ids:
        return 0
    async with db.session() as session:
        result = await session.execute(
            update(VehicleState)
            .where(
                col(VehicleState.vehicle_id).in_(list(vehicle_ids)),
                col(VehicleState.lease_owner) == owner[:64],
                col(VehicleState.lease_expires_at) > now,
            )
            .values(lease_expires_at=now + lease)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _owned(vehicle_id: int, owner: str) -> Any:
    return update(VehicleState).where(
        col(VehicleState.vehicle_id) == vehicle_id, col(VehicleState.lease_owner) == owner[:64]
    )


async def record_poll_success(
    db: Database,
    *,
    vehicle_id: int,
    owner: str,
    status: VehicleStatus,
    next_poll_at: datetime,
    episodes: Iterable[Episode] = (),
    messages: Sequence[NewOutboxMessage] = (),
    clear_pending_command: bool = False,
    seen_pending_at: datetime | None = None,
    claimed_next_poll_at: datetime | None = None,
    fast_poll_until: datetime | None = None,
    now: datetime | None = None,
) -> bool:
    """Store the new status, episodes and alert messages in ONE transaction; free the lease.

    Nothing is written when `owner` no longer holds the car's lease (another worker took it
    over), so a slow worker cannot store stale state or queue alerts twice. Returns whether
    it was written. (The poller writes a tick's results together: `record_poll_results`.)

    A user may send a command while the poll is in flight. So `clear_pending_command` clears
    only the pending command the poll saw (sent at `seen_pending_at`; None: it saw none), and
    `next_poll_at` never pushes back a poll requested meanwhile: when the pending command or
    the due time (`claimed_next_poll_at`, as the claim read it) changed since the claim, the
    sooner of the two times is kept.
    """
    result = PollResult(
        vehicle_id=vehicle_id,
        owner=owner,
        status=status,
        next_poll_at=next_poll_at,
        now=now_or(now),
        episodes=tuple(episodes),
        messages=messages,
        clear_pending_command=clear_pending_command,
        seen_pending_at=seen_pending_at,
        claimed_next_poll_at=claimed_next_poll_at,
        fast_poll_until=fast_poll_until,
    )
    return await record_poll_result(db, result)


async def record_poll_failure(
    db: Database,
    *,
    vehicle_id: int,
    owner: str,
    error: str,
    next_poll_at: datetime,
    now: datetime | None = None,
) -> int | None:
    """Count a failed poll, schedule the next one and free the lease.

    Returns the number of consecutive failures, or None when `owner` lost the lease.
    """
    now = now_or(now)
    async with db.session() as session:
        result = await session.execute(
            _owned(vehicle_id, owner)
            .values(
                consecutive_failures=col(VehicleState.consecutive_failures) + 1,
                last_error=error[:128],
                next_poll_at=next_poll_at,
                lease_owner=None,
                lease_expires_at=None,
                updated_at=now,
            )
            .returning(col(VehicleState.consecutive_failures))
        )
        return result.scalar_one_or_none()
