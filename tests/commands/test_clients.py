"""The client pool: one client per stored account, built on first use."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from bot.commands.clients import ClientPool, PoolClosedError
from bot.smart.endpoints import Endpoints
from bot.storage import repo_accounts
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from tests.db_fixtures import make_vin, seed_owner


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_building_one_accounts_client_does_not_wait_for_another_accounts(
    db: Database, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, _ = await seed_owner(db, cipher, user_id=1001, vins=[make_vin(1)], email="a@example.com")
    fast, _ = await seed_owner(db, cipher, user_id=1002, vins=[make_vin(2)], email="b@example.com")
    release = asyncio.Event()
    real_load = repo_accounts.load_credentials

    async def load(db: Database, *, cipher: CredentialCipher, account_id: int) -> Any:
        if account_id == slow.id:
            await release.wait()  # a slow database read for this account only
        return await real_load(db, cipher=cipher, account_id=account_id)

    monkeypatch.setattr(repo_accounts, "load_credentials", load)
    async with httpx.AsyncClient() as http:
        pool = ClientPool(db=db, cipher=cipher, http=http, endpoints=Endpoints.real())
        waiting = asyncio.create_task(pool.for_account(slow.id))
        await asyncio.sleep(0.05)
        other = await asyncio.wait_for(pool.for_account(fast.id), timeout=2)
        assert not waiting.done(), "the slow account's client is still being built"
        release.set()
        first, again = await asyncio.gather(waiting, pool.for_account(slow.id))
        assert first is again, "one client per account"
        assert other is await pool.for_account(fast.id)
        await pool.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_closing_the_pool_waits_for_a_client_being_built_and_hands_it_to_nobody(
    db: Database, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1001, vins=[make_vin(1)])
    reading, release = asyncio.Event(), asyncio.Event()
    real_load = repo_accounts.load_credentials

    async def load(db: Database, *, cipher: CredentialCipher, account_id: int) -> Any:
        reading.set()
        await release.wait()  # the build is in flight when the pool is closed
        return await real_load(db, cipher=cipher, account_id=account_id)

    monkeypatch.setattr(repo_accounts, "load_credentials", load)
    async with httpx.AsyncClient() as http:
        pool = ClientPool(db=db, cipher=cipher, http=http, endpoints=Endpoints.real())
        building = asyncio.create_task(pool.for_account(account.id))
        await asyncio.wait_for(reading.wait(), timeout=2)
        closing = asyncio.create_task(pool.close())
        await asyncio.sleep(0.05)
        assert not closing.done(), "close waits for the build in flight"
        release.set()
        await asyncio.wait_for(closing, timeout=2)
        assert building.done(), "the build has ended when close returns"
        with pytest.raises(PoolClosedError):
            building.result()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_asking_for_a_client_after_close_fails_instead_of_building_one(
    db: Database, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    account, _ = await seed_owner(db, cipher, user_id=1001, vins=[make_vin(1)])
    reads: list[int] = []
    real_load = repo_accounts.load_credentials

    async def load(db: Database, *, cipher: CredentialCipher, account_id: int) -> Any:
        reads.append(account_id)
        return await real_load(db, cipher=cipher, account_id=account_id)

    monkeypatch.setattr(repo_accounts, "load_credentials", load)
    async with httpx.AsyncClient() as http:
        pool = ClientPool(db=db, cipher=cipher, http=http, endpoints=Endpoints.real())
        await pool.close()
        with pytest.raises(PoolClosedError):
            await pool.for_account(account.id)
        assert reads == [], "no client was built after close"
