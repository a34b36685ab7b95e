"""Users and the /login progress: allowlist, deny wipes credentials, strangers, times."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import Role
from bot.storage.repo_accounts import get_account
from bot.storage.repo_login import end_login, get_login_step, save_login_step
from bot.storage.repo_users import (
    allow_user,
    claim_refusal_reply,
    deny_user,
    ensure_user,
    get_user,
    list_users,
    mute_alerts,
    set_active,
    set_language,
)
from bot.storage.repo_vehicles import grant_share, list_user_vehicles
from tests.db_fixtures import seed_owner

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


async def test_an_unknown_user_is_created_but_not_allowed(db: Database) -> None:
    user = await ensure_user(db, user_id=5_000_000_001, display_name="Ann", language="de")
    assert (user.id, user.display_name, user.language) == (5_000_000_001, "Ann", "de")
    assert not user.allowed
    assert user.role == Role.USER
    again = await ensure_user(db, user_id=5_000_000_001, display_name="Ann B")
    assert again.display_name == "Ann B"
    assert again.created_at == user.created_at


async def test_allowing_makes_a_user_an_admin_or_user_and_lists_them(db: Database) -> None:
    await ensure_user(db, user_id=3, now=T0)
    await allow_user(db, user_id=1, display_name="Admin", role=Role.ADMIN, now=T0 + timedelta(1))
    await allow_user(db, user_id=2, now=T0 + timedelta(2))
    assert [u.id for u in await list_users(db)] == [3, 1, 2]
    allowed = await list_users(db, allowed_only=True)
    assert [(u.id, u.is_admin) for u in allowed] == [(1, True), (2, False)]


async def test_deny_wipes_the_users_credentials_cars_and_login(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=10)
    await allow_user(db, user_id=11)
    assert await grant_share(db, owner_user_id=10, vehicle_id=cars[0].id, user_id=11) == "granted"
    await save_login_step(
        db, cipher=cipher, user_id=10, step="email", expires_at=T0 + timedelta(days=9999)
    )

    assert await deny_user(db, user_id=10)

    user = await get_user(db, user_id=10)
    assert user is not None
    assert not user.allowed
    assert await get_account(db, user_id=10) is None
    assert await list_user_vehicles(db, user_id=10) == []
    assert await list_user_vehicles(db, user_id=11) == []
    assert await get_login_step(db, cipher=cipher, user_id=10) is None
    assert not await deny_user(db, user_id=999)


async def test_a_stranger_is_answered_at_most_once_per_hour(db: Database) -> None:
    results = await asyncio.gather(*(claim_refusal_reply(db, user_id=77, now=T0) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    assert not await claim_refusal_reply(db, user_id=77, now=T0 + timedelta(minutes=59))
    assert await claim_refusal_reply(db, user_id=77, now=T0 + timedelta(minutes=61))
    stranger = await get_user(db, user_id=77)
    assert stranger is not None
    assert not stranger.allowed


async def test_times_come_back_as_aware_utc_and_naive_times_are_refused(db: Database) -> None:
    await ensure_user(db, user_id=1)
    berlin_noon = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    await mute_alerts(db, user_id=1, until=berlin_noon)
    user = await get_user(db, user_id=1)
    assert user is not None
    assert user.alerts_muted_until == berlin_noon
    assert user.alerts_muted_until.tzinfo == UTC
    assert user.alerts_muted_until.hour == 10
    with pytest.raises(StatementError, match="naive"):
        await mute_alerts(db, user_id=1, until=datetime(2025, 6, 1, 12, 0))  # noqa: DTZ001


async def test_language_and_blocked_state_are_stored(db: Database) -> None:
    await ensure_user(db, user_id=1)
    assert await set_language(db, user_id=1, language="de")
    assert await set_active(db, user_id=1, active=False)
    user = await get_user(db, user_id=1)
    assert user is not None
    assert (user.language, user.active) == ("de", False)
    assert not await set_language(db, user_id=2, language="en")


async def test_login_progress_keeps_the_email_encrypted_and_expires(
    db: Database, cipher: CredentialCipher
) -> None:
    await ensure_user(db, user_id=1)
    await save_login_step(
        db, cipher=cipher, user_id=1, step="region", expires_at=T0 + timedelta(minutes=5), now=T0
    )
    await save_login_step(
        db,
        cipher=cipher,
        user_id=1,
        step="password",
        region="EU",
        email="ann@example.com",
        expires_at=T0 + timedelta(minutes=5),
        now=T0,
    )
    progress = await get_login_step(db, cipher=cipher, user_id=1, now=T0 + timedelta(minutes=1))
    assert progress is not None
    assert (progress.step, progress.region, progress.email) == ("password", "EU", "ann@example.com")
    assert "ann@example.com" not in repr(progress)
    assert await get_login_step(db, cipher=cipher, user_id=1, now=T0 + timedelta(minutes=6)) is None
    assert not await end_login(db, user_id=1)  # the expired one was already removed
