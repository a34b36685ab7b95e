"""The /login conversation's progress, kept in the database so any replica can continue it.

Only the region and the encrypted e-mail address are kept; the password is never stored here
(it goes straight into the account once the login succeeded).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import LoginProgress
from bot.storage.tables import LoginSession
from bot.storage.types import now_or


async def save_login_step(
    db: Database,
    *,
    cipher: CredentialCipher,
    user_id: int,
    step: str,
    expires_at: datetime,
    region: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> None:
    """Create or replace the user's login progress (the e-mail is stored encrypted)."""
    now = now_or(now)
    values: dict[str, object] = {
        "step": step,
        "region": region,
        "email_enc": cipher.encrypt(email) if email is not None else None,
        "key_id": cipher.primary_key_id if email is not None else None,
        "expires_at": expires_at,
        "updated_at": now,
    }
    stmt = db.insert(LoginSession).values(user_id=user_id, **values)
    async with db.session() as session:
        await session.execute(stmt.on_conflict_do_update(index_elements=["user_id"], set_=values))


async def get_login_step(
    db: Database, *, cipher: CredentialCipher, user_id: int, now: datetime | None = None
) -> LoginProgress | None:
    """The user's unexpired login progress, or None (an expired one is deleted)."""
    now = now_or(now)
    async with db.session() as session:
        row = await session.get(LoginSession, user_id)
        if row is None:
            return None
        if row.expires_at <= now:
            await session.delete(row)
            return None
        return LoginProgress(
            user_id=row.user_id,
            step=row.step,
            region=row.region,
            email=cipher.decrypt(row.email_enc) if row.email_enc is not None else None,
            expires_at=row.expires_at,
        )


async def end_login(db: Database, *, user_id: int) -> bool:
    """Forget the user's login progress (done, cancelled or timed out)."""
    async with db.session() as session:
        result = await session.execute(
            delete(LoginSession).where(col(LoginSession.user_id) == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
