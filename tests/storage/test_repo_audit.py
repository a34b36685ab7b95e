"""The audit trail: newest first per user, secret-looking parameters masked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.repo_audit import append_audit, recent_audit

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


async def test_recent_lines_come_newest_first_for_the_user(db: Database) -> None:
    for minute, (user, action) in enumerate([(1, "lock"), (2, "horn"), (1, "unlock")]):
        await append_audit(
            db,
            user_id=user,
            vin="HESXR1C4XPS000001",
            action=action,
            source="command",
            result="accepted",
            now=T0 + timedelta(minutes=minute),
        )
    lines = await recent_audit(db, user_id=1)
    assert [line.action for line in lines] == ["unlock", "lock"]
    assert lines[0].at == T0 + timedelta(minutes=2)
    assert len(await recent_audit(db, limit=2)) == 2


async def test_secret_looking_parameters_are_never_stored(db: Database) -> None:
    await append_audit(
        db,
        user_id=1,
        action="login",
        source="command",
        result="failed",
        params={"password": "hunter2", "email": "a@b.c", "temperature": 22},
        error_class="InvalidCredentialsError",
    )
    (line,) = await recent_audit(db, user_id=1)
    assert line.params == {"password": "***", "email": "***", "temperature": 22}
    assert line.error_class == "InvalidCredentialsError"
