"""Commands of a car: the pending command in `vehicle_state`, with the cool-down between them.

`begin_command` is the lock between replicas: checking the cool-down and recording the command
are one conditional UPDATE, so two replicas can never both start a command on the same car.
The poller reads the pending command to poll the car fast and to say "by this bot", and
clears it (`repo_polls.record_poll_success`) once the car shows its effect.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, null, or_, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.poll_writes import PENDING_COLUMNS
from bot.storage.tables import VehicleState
from bot.storage.types import now_or


def _command_free(now: datetime, cooldown: timedelta) -> ColumnElement[bool]:
    """No pending command, or the last one is older than the cool-down."""
    return or_(
        col(VehicleState.pending_command).is_(None),
        col(VehicleState.pending_command_at).is_(None),
        col(VehicleState.pending_command_at) <= now - cooldown,
    )


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
    is written), else when the car is free again.
    """
    now = now_or(now)
    async with db.session() as session:
        result = await session.execute(
            update(VehicleState)
            .where(col(VehicleState.vehicle_id) == vehicle_id, _command_free(now, cooldown))
            .values(
                pending_command=command[:32],
                pending_command_params=params,
                pending_command_by=user_id,
                pending_command_at=now,
                fast_poll_until=fast_poll_until,
                next_poll_at=now,
                updated_at=now,
            )
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return None
        busy = (
            await session.execute(
                select(col(VehicleState.pending_command_at)).where(
                    col(VehicleState.vehicle_id) == vehicle_id
                )
            )
        ).scalar_one_or_none()
        return None if busy is None else busy + cooldown


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
