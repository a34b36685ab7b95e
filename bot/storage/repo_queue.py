"""Commands queued behind a car's cool-down (table `queued_commands`), one per car.

`put` writes a car's queued command and hands back the one it replaced (the newest wins);
the process that queued a command `take`s it when the cool-down ends (only while the row is
still its own, by `token`), and `put_back` returns it when the car is still busy, unless a
newer one took the place meanwhile. `sweep` removes rows that nobody took long after they
were due: their process died, and they are never sent late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.tables_queue import QueuedCommandRow


@dataclass(frozen=True, slots=True)
class QueuedCommand:
    """A command waiting for its car (`progress`: where its sender is told, JSON-safe)."""

    vehicle_id: int
    token: str
    user_id: int
    action: str
    source: str
    due_at: datetime
    queued_at: datetime
    params: dict[str, Any] = field(default_factory=dict)
    progress: dict[str, Any] = field(default_factory=dict)


def _record(row: QueuedCommandRow) -> QueuedCommand:
    return QueuedCommand(
        vehicle_id=row.vehicle_id,
        token=row.token,
        user_id=row.user_id,
        action=row.action,
        source=row.source,
        due_at=row.due_at,
        queued_at=row.queued_at,
        params=dict(row.params or {}),
        progress=dict(row.progress or {}),
    )


def _values(entry: QueuedCommand) -> dict[str, Any]:
    return {
        "vehicle_id": entry.vehicle_id,
        "token": entry.token,
        "user_id": entry.user_id,
        "action": entry.action[:32],
        "params": entry.params,
        "source": entry.source[:16],
        "progress": entry.progress,
        "queued_at": entry.queued_at,
        "due_at": entry.due_at,
    }


async def put(db: Database, entry: QueuedCommand) -> QueuedCommand | None:
    """Queue `entry` as its car's command; returns the queued command it replaced (whose
    sender should be told), None when there was none."""
    async with db.session() as session:
        old = (
            await session.execute(
                select(QueuedCommandRow).where(col(QueuedCommandRow.vehicle_id) == entry.vehicle_id)
            )
        ).scalar_one_or_none()
        replaced = _record(old) if old is not None else None
        if replaced is not None:  # claim the old row: only one writer tells its sender
            gone = await session.execute(
                delete(QueuedCommandRow).where(
                    col(QueuedCommandRow.vehicle_id) == entry.vehicle_id,
                    col(QueuedCommandRow.token) == replaced.token,
                )
            )
            if not gone.rowcount:  # type: ignore[attr-defined]
                replaced = None
            session.expunge_all()
        values = _values(entry)
        stmt = db.insert(QueuedCommandRow).values(**values)
        await session.execute(
            stmt.on_conflict_do_update(index_elements=["vehicle_id"], set_=values)
        )
    return replaced


async def take(db: Database, *, vehicle_id: int, token: str) -> bool:
    """Remove the car's queued command if it is still the one with `token` (it is then the
    caller's to send); False when a newer one replaced it or it was swept."""
    async with db.session() as session:
        result = await session.execute(
            delete(QueuedCommandRow).where(
                col(QueuedCommandRow.vehicle_id) == vehicle_id,
                col(QueuedCommandRow.token) == token,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def put_back(db: Database, entry: QueuedCommand) -> bool:
    """Queue a taken command again (the car was still busy); False when a newer command was
    queued for the car meanwhile (it wins)."""
    async with db.session() as session:
        stmt = db.insert(QueuedCommandRow).values(**_values(entry))
        result = await session.execute(stmt.on_conflict_do_nothing(index_elements=["vehicle_id"]))
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def postpone(db: Database, *, vehicle_id: int, token: str, due_at: datetime) -> bool:
    """Move the car's queued command with `token` to `due_at` (its process still waits for
    it); False when it is no longer there (replaced or swept)."""
    async with db.session() as session:
        result = await session.execute(
            update(QueuedCommandRow)
            .where(
                col(QueuedCommandRow.vehicle_id) == vehicle_id,
                col(QueuedCommandRow.token) == token,
            )
            .values(due_at=due_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def get(db: Database, *, vehicle_id: int) -> QueuedCommand | None:
    """The car's queued command, if any."""
    async with db.session() as session:
        row = (
            await session.execute(
                select(QueuedCommandRow).where(col(QueuedCommandRow.vehicle_id) == vehicle_id)
            )
        ).scalar_one_or_none()
        return _record(row) if row is not None else None


async def sweep(db: Database, *, due_before: datetime) -> list[QueuedCommand]:
    """Remove and return the queued commands due before `due_before` that nobody took."""
    async with db.session() as session:
        rows = list(
            (
                await session.execute(
                    select(QueuedCommandRow).where(col(QueuedCommandRow.due_at) < due_before)
                )
            ).scalars()
        )
        found = [_record(row) for row in rows]
        session.expunge_all()
        swept = []
        for entry in found:
            result = await session.execute(
                delete(QueuedCommandRow).where(
                    col(QueuedCommandRow.vehicle_id) == entry.vehicle_id,
                    col(QueuedCommandRow.token) == entry.token,
                )
            )
            if result.rowcount:  # type: ignore[attr-defined]
                swept.append(entry)
        return swept
