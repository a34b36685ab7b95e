"""Migrations: one head, up from empty and down to empty on both databases, models == schema."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import bot.storage.tables  # registers every table on SQLModel.metadata
import bot.storage.tables_places  # noqa: F401  (and the tables of places)
from bot.storage.migrations import alembic_config, upgrade_to_head

T = TypeVar("T")


def _sync(url: str, fn: Callable[[Connection], T]) -> T:
    async def run() -> T:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    assert len(script.get_heads()) == 1


def test_upgrade_from_empty_then_downgrade_to_empty_then_upgrade_again(
    empty_database_url: str,
) -> None:
    url = empty_database_url
    expected = {table.name for table in SQLModel.metadata.sorted_tables}
    assert _sync(url, _tables) == set()

    upgrade_to_head(url)
    assert _sync(url, _tables) == expected | {"alembic_version"}

    command.downgrade(alembic_config(url), "base")
    assert _sync(url, _tables) == {"alembic_version"}

    upgrade_to_head(url)
    assert _sync(url, _diff) == []


def test_every_revision_steps_up_and_down_one_at_a_time(empty_database_url: str) -> None:
    config = alembic_config(empty_database_url)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    for revision in revisions:
        command.upgrade(config, revision.revision)
    for _ in revisions:
        command.downgrade(config, "-1")
    assert _sync(empty_database_url, _tables) == {"alembic_version"}


def test_the_models_match_the_migrated_schema(database_url: str) -> None:
    assert _sync(database_url, _diff) == []
