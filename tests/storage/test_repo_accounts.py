"""Accounts: credentials round-trip, poll state, and nothing readable in the raw database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import make_url, text
from sqlmodel import SQLModel

from bot.smart.const import Region
from bot.smart.models import Tokens
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_accounts import (
    delete_account,
    get_account,
    load_credentials,
    record_account_poll_failure,
    record_account_poll_success,
    save_tokens,
    set_needs_login,
)
from bot.storage.repo_login import save_login_step
from bot.storage.repo_polls import claim_due_vehicles
from tests.db_fixtures import seed_owner

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
EMAIL = "clear.owner@example.com"
PASSWORD = "Pa55-clear-text-word"
ACCESS = "eyJhbGciOiJIUzI1NiJ9.access-token-in-clear.sig"
REFRESH = "refresh-token-in-clear-3f9a"
OAUTH = "st2.s.oauth-token-in-clear"


def _tokens() -> Tokens:
    return Tokens(
        region=Region.EU,
        device_id="dev",
        user_id="u1",
        access_token=ACCESS,
        refresh_token=REFRESH,
        oauth_access_token=OAUTH,
        expires_at=1_900_000_000.0,
    )


async def test_credentials_and_tokens_round_trip_and_stay_out_of_reprs(
    db: Database, cipher: CredentialCipher
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1, email=EMAIL, password=PASSWORD)
    assert await save_tokens(db, cipher=cipher, account_id=account.id, tokens=_tokens())
    creds = await load_credentials(db, cipher=cipher, account_id=account.id)
    assert creds is not None
    assert (creds.email, creds.password, creds.tokens) == (EMAIL, PASSWORD, _tokens())
    for secret in (EMAIL, PASSWORD, ACCESS, REFRESH):
        assert secret not in repr(creds)
    info = await get_account(db, user_id=1)
    assert info is not None
    assert (info.has_password, info.has_tokens, info.key_id) == (True, True, cipher.primary_key_id)


async def test_the_raw_database_holds_no_email_password_or_token_in_clear(
    db: Database, cipher: CredentialCipher
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1, email=EMAIL, password=PASSWORD)
    await save_tokens(db, cipher=cipher, account_id=account.id, tokens=_tokens())
    await save_login_step(
        db,
        cipher=cipher,
        user_id=1,
        step="password",
        email=EMAIL,
        expires_at=T0 + timedelta(days=9999),
    )
    if db.is_sqlite:
        await db.dispose()  # checkpoints the WAL into the file
        path = Path(str(make_url(db.url).database))
        dump = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()).decode(
            "latin-1"
        )
        assert len(dump) > 4096
    else:
        parts: list[str] = []
        async with db.session() as session:
            for table in SQLModel.metadata.sorted_tables:
                query = text(f'SELECT t::text FROM "{table.name}" t')  # noqa: S608  (table names)
                rows = await session.execute(query)
                parts += rows.scalars().all()
        dump = "\n".join(parts)
        assert "smart_accounts" not in dump  # row texts only, no names
        assert cipher.primary_key_id in dump
    for secret in (EMAIL, "clear.owner", PASSWORD, ACCESS, REFRESH, OAUTH, "in-clear"):
        assert secret not in dump


async def test_auth_failures_are_counted_and_needs_login_is_reported_once(
    db: Database, cipher: CredentialCipher
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1)
    after = await record_account_poll_failure(
        db, account_id=account.id, backoff_until=T0 + timedelta(minutes=2), auth=True, now=T0
    )
    assert after is not None
    assert (after.poll_failures, after.auth_failures) == (1, 1)
    assert after.backoff_until == T0 + timedelta(minutes=2)
    assert await set_needs_login(db, account_id=account.id, needs_login=True)
    assert not await set_needs_login(db, account_id=account.id, needs_login=True)
    # Its cars are not polled while the account needs a new /login.
    far = T0 + timedelta(days=1)
    assert (
        await claim_due_vehicles(db, owner="w", limit=5, lease=timedelta(minutes=1), now=far) == []
    )

    await record_account_poll_success(db, account_id=account.id)
    info = await get_account(db, user_id=1)
    assert info is not None
    assert (info.poll_failures, info.auth_failures, info.backoff_until) == (0, 0, None)
    assert info.needs_login  # only a new /login clears it


async def test_logout_deletes_the_account_and_its_secrets(
    db: Database, cipher: CredentialCipher
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1)
    assert await delete_account(db, user_id=1)
    assert await load_credentials(db, cipher=cipher, account_id=account.id) is None
    assert not await delete_account(db, user_id=1)
