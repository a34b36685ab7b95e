"""The database handle: one async engine and short sessions, for SQLite and PostgreSQL.

Repositories open one short session per call (`Database.session()`), so no session is ever
held across a network await. On SQLite every transaction starts with `BEGIN IMMEDIATE`: the
writer lock is taken up front, which makes read-then-write sequences atomic between
connections and turns "database is locked" races into a short wait (`busy_timeout`).
Every SQL parameter and JSON document is cleaned of NULs and lone surrogates first
(`bot.textclean`): text from Telegram may hold them, and the databases refuse them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import AdaptedConnection, Connection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

import bot.storage.tables  # registers the tables before any query is built)
import bot.storage.tables_places
import bot.storage.tables_trips  # noqa: F401  (the trip journal's table)
from bot.storage import tables_queue  # noqa: F401  (the queued commands' table)
from bot.storage.migrations import ensure_sqlite_directory
from bot.textclean import clean_value

_LOGGER = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
_READ_ONCE = "bot_read_once"  # an execution option: no explicit transaction (SQLite)


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # The driver must not open transactions by itself; the "begin" hook below does.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


async def _begin_immediate(driver_connection: Any) -> None:
    async with driver_connection.execute("BEGIN IMMEDIATE"):
        pass  # the cursor is closed on the driver's thread, never by the garbage collector


def _sqlite_on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_READ_ONCE):
        return  # one read statement in the driver's autocommit mode: `Database.read_once`
    # Straight on the driver: two trips to the aiosqlite thread instead of the three (cursor,
    # execute, close) that `exec_driver_sql` takes.
    # (The engine is always an async one, so the driver connection is an adapted one.)
    adapted = cast("AdaptedConnection", connection.connection.dbapi_connection)
    adapted.run_async(_begin_immediate)


def _postgres_ping(dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: Any) -> None:
    # SQLAlchemy's `pool_pre_ping` on asyncpg wraps its ping in BEGIN ... ROLLBACK: three
    # round trips per checkout. One bare `;` finds a dead connection as well; the pool then
    # drops it and checks out another (`DisconnectionError`).
    adapted = cast("AdaptedConnection", dbapi_connection)
    try:
        adapted.run_async(lambda connection: connection.fetchrow(";"))
    except Exception as err:
        raise DisconnectionError from err


def _clean_parameters(
    _conn: Connection,
    _cursor: Any,
    statement: str,
    parameters: Any,
    _context: Any,
    _executemany: bool,
) -> tuple[str, Any]:
    # Text from Telegram may hold a NUL or a lone surrogate; the databases refuse both.
    return statement, clean_value(parameters)


def _json_dumps(value: Any) -> str:
    # Cleaning walks the whole document (a stored status: ~100 µs); `json.dumps` escapes a
    # NUL as \u0000 and every surrogate as \udXXX, so a document without those escapes
    # had nothing to clean. (A character beyond the BMP is escaped as a pair, \udXXX too:
    # such a document takes the slow way and comes out the same.)
    text = json.dumps(value)
    if "\\u0000" in text or "\\ud" in text:
        return json.dumps(clean_value(value))
    return text


class Database:
    """An async engine plus a session factory. Create one per process and `dispose()` it."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.dialect = url.split("+", 1)[0].split(":", 1)[0]
        # Parameters carry personal data (the stored status holds the exact position): never
        # in a log line or an exception message, whatever the log level.
        kwargs: dict[str, Any] = {
            "echo": echo,
            "hide_parameters": True,
            "json_serializer": _json_dumps,
        }
        if self.is_sqlite:
            ensure_sqlite_directory(url)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        event.listen(
            self.engine.sync_engine, "before_cursor_execute", _clean_parameters, retval=True
        )
        if not self.is_sqlite:
            event.listen(self.engine.sync_engine.pool, "checkout", _postgres_ping)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_on_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_on_begin)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_once_engine = self.engine.execution_options(
            **({_READ_ONCE: True} if self.is_sqlite else {"isolation_level": "AUTOCOMMIT"})
        )

    def __repr__(self) -> str:
        return f"Database(dialect={self.dialect!r})"

    @property
    def is_sqlite(self) -> bool:
        """True for SQLite, False for PostgreSQL."""
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back on an exception."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def statements(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection for statements that are each atomic by themselves (a conditional
        `UPDATE`, an `INSERT ... RETURNING`) and need not see one snapshot together.

        On PostgreSQL each statement is its own transaction (autocommit: no `BEGIN` and
        `COMMIT` round trips); on SQLite the block is one `BEGIN IMMEDIATE` transaction (a
        write there must take the writer lock up front). Without an ORM session: less work
        per statement than `session()`, for a command's path.
        """
        if self.is_sqlite:
            async with self.engine.begin() as connection:
                yield connection
        else:
            async with self._read_once_engine.connect() as connection:
                yield connection

    @asynccontextmanager
    async def read_once(self) -> AsyncIterator[AsyncConnection]:
        """A connection for ONE read statement outside an explicit transaction.

        A single statement sees one consistent snapshot by itself; without `BEGIN` and
        `COMMIT` it saves two round trips on PostgreSQL, and on SQLite the `BEGIN IMMEDIATE`
        with its writer lock (a read then never waits for a writer). Never for writes or
        for several statements that must agree: use `session()`.
        """
        async with self._read_once_engine.connect() as connection:
            yield connection

    def insert(self, table: Any) -> Any:
        """A dialect `INSERT` that offers `on_conflict_do_nothing` / `on_conflict_do_update`."""
        if self.is_sqlite:
            return sqlite.insert(table)
        return postgresql.insert(table)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
