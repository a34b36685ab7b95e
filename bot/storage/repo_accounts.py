"""Smart accounts: encrypted credentials and tokens, login results, account-wide poll state.

Secrets are encrypted before they reach a session and decrypted only in `load_credentials`,
which the code that builds a cloud client calls. Every write of a row's secrets re-encrypts
all of that row's secrets with the primary key, so the row's `key_id` is always true.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select

from bot.smart.models import Tokens
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import AccountInfo, Credentials
from bot.storage.tables import SmartAccount
from bot.storage.types import now_or


def account_info(row: SmartAccount) -> AccountInfo:
    """The secret-free record for a `smart_accounts` row."""
    assert row.id is not None  # noqa: S101
    return AccountInfo(
        id=row.id,
        user_id=row.user_id,
        region=row.region,
        device_id=row.device_id,
        key_id=row.key_id,
        has_password=row.password_enc is not None,
        has_tokens=row.tokens_enc is not None,
        last_login_at=row.last_login_at,
        last_login_result=row.last_login_result,
        needs_login=row.needs_login,
        auth_failures=row.auth_failures,
        poll_failures=row.poll_failures,
        backoff_until=row.backoff_until,
    )


async def save_account(
    db: Database,
    *,
    cipher: CredentialCipher,
    user_id: int,
    region: str,
    email: str,
    password: str | None,
    tokens: Tokens | None,
    device_id: str,
    login_result: str = "ok",
    now: datetime | None = None,
) -> AccountInfo:
    """Store (or replace) the user's account after a successful /login.

    Clears the account's failure counters, back-off and `needs_login`. `password` may be None
    to keep only the session tokens.
    """
    now = now_or(now)
    values: dict[str, object] = {
        "region": region,
        "email_enc": cipher.encrypt(email),
        "password_enc": cipher.encrypt(password) if password is not None else None,
        "tokens_enc": cipher.encrypt(tokens.to_json()) if tokens is not None else None,
        "key_id": cipher.primary_key_id,
        "device_id": device_id,
        "last_login_at": now,
        "last_login_result": login_result,
        "needs_login": False,
        "auth_failures": 0,
        "poll_failures": 0,
        "backoff_until": None,
        "updated_at": now,
    }
    stmt = db.insert(SmartAccount).values(user_id=user_id, created_at=now, **values)
    stmt = stmt.on_conflict_do_update(index_elements=["user_id"], set_=values)
    async with db.session() as session:
        await session.execute(stmt)
        row = (
            await session.execute(
                select(SmartAccount).where(col(SmartAccount.user_id) == user_id),
                execution_options={"populate_existing": True},
            )
        ).scalar_one()
        return account_info(row)


async def get_account(db: Database, *, user_id: int) -> AccountInfo | None:
    """The user's account (no secrets), or None."""
    async with db.session() as session:
        row = (
            await session.execute(select(SmartAccount).where(col(SmartAccount.user_id) == user_id))
        ).scalar_one_or_none()
        return account_info(row) if row else None


async def get_account_by_id(db: Database, *, account_id: int) -> AccountInfo | None:
    """The account with this id (no secrets), or None."""
    async with db.session() as session:
        row = await session.get(SmartAccount, account_id)
        return account_info(row) if row else None


async def load_credentials(
    db: Database, *, cipher: CredentialCipher, account_id: int
) -> Credentials | None:
    """Decrypt the account's secrets to build a client; None when the account is gone.

    Raises:
        CredentialsUndecryptableError: the configured keys do not fit.
    """
    async with db.session() as session:
        row = await session.get(SmartAccount, account_id)
        if row is None:
            return None
        email_enc, password_enc, tokens_enc = row.email_enc, row.password_enc, row.tokens_enc
        user_id, region, device_id = row.user_id, row.region, row.device_id
    return Credentials(
        account_id=account_id,
        user_id=user_id,
        region=region,
        device_id=device_id,
        email=cipher.decrypt(email_enc),
        password=cipher.decrypt(password_enc) if password_enc is not None else None,
        tokens=Tokens.from_json(cipher.decrypt(tokens_enc)) if tokens_enc is not None else None,
    )


async def save_tokens(
    db: Database,
    *,
    cipher: CredentialCipher,
    account_id: int,
    tokens: Tokens | None,
    now: datetime | None = None,
) -> bool:
    """Store refreshed session tokens (None forgets them). False when the account is gone."""
    now = now_or(now)
    async with db.session() as session:
        row = await session.get(SmartAccount, account_id)
        if row is None:
            return False
        row.email_enc = cipher.rotate(row.email_enc)
        if row.password_enc is not None:
            row.password_enc = cipher.rotate(row.password_enc)
        row.tokens_enc = cipher.encrypt(tokens.to_json()) if tokens is not None else None
        row.key_id = cipher.primary_key_id
        row.updated_at = now
        return True


async def delete_account(db: Database, *, user_id: int) -> bool:
    """Delete the user's account with its cars (/logout). False when there was none."""
    async with db.session() as session:
        result = await session.execute(
            delete(SmartAccount).where(col(SmartAccount.user_id) == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_account_poll_success(
    db: Database, *, account_id: int, now: datetime | None = None
) -> None:
    """A call of this account worked: clear its failure counters and back-off."""
    async with db.session() as session:
        await session.execute(
            update(SmartAccount)
            .where(col(SmartAccount.id) == account_id)
            .where(
                (col(SmartAccount.poll_failures) > 0)
                | (col(SmartAccount.auth_failures) > 0)
                | col(SmartAccount.backoff_until).is_not(None)
            )
            .values(poll_failures=0, auth_failures=0, backoff_until=None, updated_at=now_or(now))
        )


async def record_account_poll_failure(
    db: Database,
    *,
    account_id: int,
    backoff_until: datetime | None,
    auth: bool = False,
    now: datetime | None = None,
) -> AccountInfo | None:
    """Count one failed call and pause the account until `backoff_until`.

    `auth` marks an authentication failure (counted apart, for the "please /login" rule).
    Returns the updated account, or None when it is gone.
    """
    values: dict[str, object] = {
        "poll_failures": col(SmartAccount.poll_failures) + 1,
        "backoff_until": backoff_until,
        "updated_at": now_or(now),
    }
    if auth:
        values["auth_failures"] = col(SmartAccount.auth_failures) + 1
    async with db.session() as session:
        await session.execute(
            update(SmartAccount).where(col(SmartAccount.id) == account_id).values(values)
        )
        row = await session.get(SmartAccount, account_id, populate_existing=True)
        return account_info(row) if row else None


async def set_needs_login(
    db: Database, *, account_id: int, needs_login: bool, now: datetime | None = None
) -> bool:
    """Set or clear the "polling stopped, please /login" flag.

    Returns True only when the flag changed, so the caller tells the user exactly once.
    """
    async with db.session() as session:
        result = await session.execute(
            update(SmartAccount)
            .where(col(SmartAccount.id) == account_id)
            .where(col(SmartAccount.needs_login) == (not needs_login))
            .values(needs_login=needs_login, updated_at=now_or(now))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
