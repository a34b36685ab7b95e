"""Commands of a car: the pending command in `vehicle_state`, with the cool-down between them.

`begin_command` is the lock between replicas: checking the cool-down and recording the command
are one conditional UPDATE, so two replicas can never both start a command on the same car.
The poller reads the pending command to poll the car fast and to say "by this bot", and
clears it (`repo_polls.record_poll_success`) once the car shows its effect.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, null, or_, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.poll_writes import PENDING_COLUMNS
from bot.storage.tables import VehicleState
from bot.storage.types import now_or


async def begin_command(
    db: Database,
    *,
    vehicle_id: int,
    command: str,
    params: dict[str, Any],
    user_id: int | None,
    cooldown: timedelta,
    fast_poll_until: datetime,
    now: datetime | None = None,
) -> datetime | None:
    """Record a command about to be sent, unless the car's last one is within `cooldown`.

    The check and the write are one conditional UPDATE, so two replicas can never both
    start a command on the same car. The car is then polled fast until `fast_poll_until`.
    Returns None when the command may go (also for a car without a state row, where nothing
    is written), else when the car is free again. Never None without the claim written: a
    command cleared between the refused UPDATE and the read of its time is claimed again.
    """
    now = now_or(now)
    values = {
        "vehicle": vehicle_id,
        "free_before": now - cooldown,
        "command": command[:32],
        "params": params,
        "by": user_id,
        "now": now,
        "fast_until": fast_poll_until,
    }
    async with db.statements() as connection:
        for _attempt in range(3):
            if (await connection.execute(_BEGIN_COMMAND, values)).rowcount:
                return None
            row = (await connection.execute(_PENDING_AT, {"vehicle": vehicle_id})).one_or_none()
            if row is None:
                return None  # no state row: nothing to record
            at: datetime | None = row.pending_command_at
            if at is not None and at + cooldown > now:
                return at + cooldown  # busy: when the car is free
            # The pending command went away between the two statements (each its own
            # transaction on PostgreSQL): "free" must still be claimed, so claim again.
    return now + timedelta(seconds=1)


def _typed(name: str, column: str) -> Any:
    return bindparam(name, type_=VehicleState.__table__.c[column].type)  # type: ignore[attr-defined]


# Built once (the claim runs on every command): the values come as bound parameters.
_BEGIN_COMMAND = (
    update(VehicleState)
    .where(
        col(VehicleState.vehicle_id) == bindparam("vehicle"),
        or_(
            col(VehicleState.pending_command).is_(None),
            col(VehicleState.pending_command_at).is_(None),
            col(VehicleState.pending_command_at) <= _typed("free_before", "pending_command_at"),
        ),
    )
    .values(
        pending_command=_typed("command", "pending_command"),
        pending_command_params=_typed("params", "pending_command_params"),
        pending_command_by=_typed("by", "pending_command_by"),
        pending_command_at=_typed("now", "pending_command_at"),
        fast_poll_until=_typed("fast_until", "fast_poll_until"),
        next_poll_at=_typed("now", "next_poll_at"),
        updated_at=_typed("now", "updated_at"),
    )
)
_PENDING_AT = select(col(VehicleState.pending_command_at)).where(
    col(VehicleState.vehicle_id) == bindparam("vehicle")
)


async def cancel_command(db: Database, *, vehicle_id: int, at: datetime) -> bool:
    """Forget the pending command recorded at `at` (by `begin_command`) that was never sent.

    A newer pending command (another one recorded since) is left alone.
    """
    async with db.session() as session:
        result = await session.execute(
            update(VehicleState)
            .where(
                col(VehicleState.vehicle_id) == vehicle_id,
                col(VehicleState.pending_command_at) == at,
            )
            .values(dict.fromkeys(PENDING_COLUMNS, null()))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
