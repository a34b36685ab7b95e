"""The audit trail: append-only lines saying who asked what of which car, and the outcome.

Parameters whose names suggest a secret are masked before they are stored; credentials never
belong here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.records import AuditEntry
from bot.storage.tables import AuditRow
from bot.storage.types import now_or

_SECRET_NAME = re.compile(r"(?i)pass|token|secret|e-?mail|^pin$|credential|fernet|api_?key")
MASK = "***"


def safe_params(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters with secret-looking names masked."""
    return {name: (MASK if _SECRET_NAME.search(name) else value) for name, value in params.items()}


async def append_audit(
    db: Database,
    *,
    user_id: int | None,
    action: str,
    source: str,
    result: str,
    vin: str | None = None,
    params: dict[str, Any] | None = None,
    error_class: str | None = None,
    request_id: str | None = None,
    now: datetime | None = None,
) -> int:
    """Append one line and return its id.

    Args:
        db: the database.
        user_id: the Telegram user who asked (None for the bot itself).
        action: what was asked ("lock", "allow_user", ...).
        source: "command", "button", "alert_button", "admin", "poller".
        result: "accepted", "confirmed", "rejected", "failed", "timeout", "ok".
        vin: the car, when there is one.
        params: the command's parameters; secret-looking names are masked.
        error_class: the exception class name on failure.
        request_id: the cloud's request or task id, when known.
        now: the time to record (default: now).
    """
    row = AuditRow(
        at=now_or(now),
        user_id=user_id,
        vin=vin,
        action=action[:32],
        params=safe_params(params or {}),
        source=source[:16],
        result=result[:16],
        error_class=error_class[:64] if error_class else None,
        request_id=request_id[:64] if request_id else None,
    )
    async with db.session() as session:
        session.add(row)
        await session.flush()
        assert row.id is not None  # noqa: S101
        return row.id


async def recent_audit(
    db: Database, *, user_id: int | None = None, limit: int = 10
) -> list[AuditEntry]:
    """The newest lines first, for one user or (None) everyone."""
    query = select(AuditRow).order_by(col(AuditRow.at).desc(), col(AuditRow.id).desc()).limit(limit)
    if user_id is not None:
        query = query.where(col(AuditRow.user_id) == user_id)
    async with db.session() as session:
        return [_entry(row) for row in (await session.execute(query)).scalars()]


async def recent_refusals(db: Database, *, limit: int = 10) -> list[AuditEntry]:
    """The gate's newest refusals (audit action "refused"), one per user, newest first."""
    query = (
        select(AuditRow)
        .where(col(AuditRow.action) == "refused")
        .order_by(col(AuditRow.at).desc(), col(AuditRow.id).desc())
        .limit(limit * 20)
    )
    async with db.session() as session:
        rows = list((await session.execute(query)).scalars())
    seen: set[int] = set()
    newest: list[AuditEntry] = []
    for row in rows:
        if row.user_id is None or row.user_id in seen or len(newest) >= limit:
            continue
        seen.add(row.user_id)
        newest.append(_entry(row))
    return newest


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id or 0,
        at=row.at,
        user_id=row.user_id,
        vin=row.vin,
        action=row.action,
        params=dict(row.params),
        source=row.source,
        result=row.result,
        error_class=row.error_class,
        request_id=row.request_id,
    )
