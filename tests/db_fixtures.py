"""Database fixtures for every test folder (imported by `tests/conftest.py`).

- `database_url`: parametrised over "sqlite" and "postgres"; a migrated database, shared by
  the whole session (migrated once per backend), emptied before each test by `db`.
  PostgreSQL runs only when `TEST_POSTGRES_URL` is set (CI); when it is set but the server
  cannot be reached, the tests fail instead of being skipped. Each test session creates its
  own uniquely named database there (through the `TEST_POSTGRES_URL` database) and drops it
  at the end, so concurrent runs never see each other.
- `db`: a `Database` on that URL with every table emptied; disposed after the test.
- `cipher`: a `CredentialCipher` over the test's throw-away `fernet_key`.
- `empty_database_url`: a fresh database without any table (migration tests).
- `seed_owner(...)`: an allowed user with a stored account and cars, for repository tests.
- `HeldCommitDatabase`: a second "replica" whose transactions wait before committing, to run
  real races (the other side runs while this one still holds its locks).
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import delete, make_url, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from bot.smart.const import Region
from bot.smart.models import CarModel, Tokens, Vehicle
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head
from bot.storage.records import AccountInfo, CarRecord
from bot.storage.repo_accounts import save_account
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import sync_vehicles

POSTGRES_ENV = "TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_admin_url() -> str | None:
    """The PostgreSQL URL the tests may use to create databases, or None."""
    return os.environ.get(POSTGRES_ENV) or None


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(_dsn(url), timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_postgres_database(admin_url: str) -> str:
    """Create a uniquely named empty database next to `admin_url`'s; returns its URL."""
    name = f"bot_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as err:
        pytest.fail(f"{POSTGRES_ENV} is set but PostgreSQL is unusable: {err!r}", pytrace=False)
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, url: str) -> None:
    """Drop a database made by `create_postgres_database`."""
    name = make_url(url).database
    asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class _Databases:
    """Migrated databases of this test session, created on first use per backend."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self._tmp = tmp
        self._urls: dict[str, str] = {}
        self._created_pg: list[str] = []

    def new_empty(self, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite+aiosqlite:///{self._tmp.mktemp('sqlite') / 'bot.db'}"
        admin = postgres_admin_url()
        if admin is None:
            pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}")
        url = create_postgres_database(admin)
        self._created_pg.append(url)
        return url

    def migrated(self, backend: str) -> str:
        if backend not in self._urls:
            url = self.new_empty(backend)
            upgrade_to_head(url)
            self._urls[backend] = url
        return self._urls[backend]

    def close(self) -> None:
        admin = postgres_admin_url()
        for url in self._created_pg:
            if admin is not None:
                drop_postgres_database(admin, url)


@pytest.fixture(scope="session")
def _databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Databases]:
    databases = _Databases(tmp_path_factory)
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, _databases: _Databases) -> str:
    """URL of a migrated database: SQLite, then PostgreSQL (when configured)."""
    return _databases.migrated(str(request.param))


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, _databases: _Databases) -> str:
    """URL of a brand-new database without any table."""
    return _databases.new_empty(str(request.param))


async def empty_all_tables(db: Database) -> None:
    """Delete every row of every table (keeps the schema and `alembic_version`)."""
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    async with db.session() as session:
        if db.is_sqlite:
            for table in tables:
                await session.execute(delete(table))
        else:
            names = ", ".join(f'"{table.name}"' for table in tables)
            await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(name="db")
async def db_fixture(database_url: str) -> AsyncIterator[Database]:
    """A `Database` on an empty, migrated schema."""
    database = Database(database_url)
    await empty_all_tables(database)
    yield database
    await database.dispose()


@pytest.fixture
def cipher(fernet_key: str) -> CredentialCipher:
    """A cipher over the test's throw-away key."""
    return CredentialCipher([fernet_key])


class HeldCommitDatabase(Database):
    """Each transaction, its work done, sets `work_done` and waits for `release` to commit."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.work_done = asyncio.Event()
        self.release = asyncio.Event()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with super().session() as session:
            yield session
            self.work_done.set()
            await self.release.wait()


def make_vin(n: int) -> str:
    """A well-formed fake VIN (17 characters, no I, O or Q)."""
    return f"HESXR1C4XPS{n:06d}"


async def seed_owner(
    db: Database,
    cipher: CredentialCipher,
    *,
    user_id: int = 1001,
    vins: Sequence[str] = (make_vin(1),),
    email: str = "owner@example.com",
    password: str = "owner-password-1",  # noqa: S107  (a test value)
    model: CarModel = CarModel.SMART_1,
    now: datetime | None = None,
) -> tuple[AccountInfo, list[CarRecord]]:
    """An allowed user with a stored account (password and tokens) and these cars, which are
    due for polling at `now`."""
    await allow_user(db, user_id=user_id, display_name=f"user {user_id}", now=now)
    tokens = Tokens(
        region=Region.EU,
        device_id="device-1",
        user_id=f"smart-{user_id}",
        access_token=f"access-{user_id}-secret",
        refresh_token=f"refresh-{user_id}-secret",
    )
    account = await save_account(
        db,
        cipher=cipher,
        user_id=user_id,
        region=str(Region.EU),
        email=email,
        password=password,
        tokens=tokens,
        device_id="device-1",
        now=now,
    )
    cars = await sync_vehicles(
        db,
        account_id=account.id,
        vehicles=[Vehicle(vin=vin, model=model, color_name="Blue") for vin in vins],
        now=now,
    )
    return account, cars


__all__ = [
    "BACKENDS",
    "HeldCommitDatabase",
    "cipher",
    "database_url",
    "db_fixture",
    "empty_all_tables",
    "empty_database_url",
    "make_vin",
    "seed_owner",
]
