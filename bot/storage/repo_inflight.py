"""Commands in flight: the audit line written before a command leaves, kept alive by the
process that runs it, and taken over after that process died.

`begin` writes the line with result "sending" and `alive_until` a little ahead; the runner
`renew`s it while it works and `finish`es it with the outcome. A line still "sending" whose
`alive_until` passed belongs to a dead process: `claim_orphans` hands it to one recovering
process (an atomic UPDATE, so two replicas never take the same line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.repo_audit import safe_params
from bot.storage.tables import AuditRow

SENDING = "sending"


@dataclass(frozen=True, slots=True)
class Orphan:
    """A command whose process died before it recorded the outcome."""

    audit_id: int
    user_id: int | None
    vin: str | None
    action: str
    params: dict[str, Any]
    at: datetime
    progress: dict[str, Any]


async def begin(
    db: Database,
    *,
    user_id: int | None,
    vin: str,
    action: str,
    params: dict[str, Any],
    source: str,
    progress: dict[str, Any] | None,
    alive_until: datetime,
    now: datetime,
) -> int:
    """Record a command about to leave; returns the audit line's id.

    One Core `INSERT ... RETURNING` built once, not the ORM's unit of work: this runs on
    every command between the update and the cloud request.
    """
    values = {
        "at": now,
        "user_id": user_id,
        "vin": vin,
        "action": action[:32],
        "params": safe_params(params),
        "source": source[:16],
        "result": SENDING,
        "alive_until": alive_until,
        "progress": progress,
    }
    async with db.statements() as connection:
        audit_id = (await connection.execute(_BEGIN, values)).scalar_one()
    assert audit_id is not None  # noqa: S101  (a primary key)
    return audit_id


_BEGIN = insert(AuditRow).returning(col(AuditRow.id))


async def renew(db: Database, *, audit_id: int, alive_until: datetime) -> bool:
    """The command still runs in this process."""
    async with db.session() as session:
        result = await session.execute(
            update(AuditRow)
            .where(col(AuditRow.id) == audit_id, col(AuditRow.result) == SENDING)
            .values(alive_until=alive_until)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def finish(
    db: Database,
    *,
    audit_id: int,
    result: str,
    error_class: str | None = None,
    request_id: str | None = None,
) -> bool:
    """Record the outcome on the command's line (once: a line already finished stays)."""
    async with db.session() as session:
        done = await session.execute(
            update(AuditRow)
            .where(col(AuditRow.id) == audit_id, col(AuditRow.result) == SENDING)
            .values(
                result=result[:16],
                error_class=error_class[:64] if error_class else None,
                request_id=request_id[:64] if request_id else None,
                alive_until=None,
            )
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]


async def claim_orphans(
    db: Database, *, now: datetime, hold_until: datetime, limit: int = 20
) -> list[Orphan]:
    """Take over commands whose process stopped renewing them, until `hold_until`."""
    stale = (
        select(col(AuditRow.id))
        .where(col(AuditRow.result) == SENDING, col(AuditRow.alive_until) < now)
        .order_by(col(AuditRow.id))
        .limit(limit)
    )
    if not db.is_sqlite:
        stale = stale.with_for_update(skip_locked=True)
    async with db.session() as session:
        ids = (
            (
                await session.execute(
                    update(AuditRow)
                    .where(col(AuditRow.id).in_(stale), col(AuditRow.alive_until) < now)
                    .values(alive_until=hold_until)
                    .returning(col(AuditRow.id))
                )
            )
            .scalars()
            .all()
        )
        if not ids:
            return []
        rows = await session.execute(select(AuditRow).where(col(AuditRow.id).in_(ids)))
        return [
            Orphan(
                audit_id=row.id or 0,
                user_id=row.user_id,
                vin=row.vin,
                action=row.action,
                params=dict(row.params),
                at=row.at,
                progress=dict(row.progress or {}),
            )
            for row in rows.scalars()
        ]
