"""SQL parameters (statuses with the car's position, names, ciphertexts) never appear in the
database layer's error messages, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.db import Database

POSITION = '{"latitude": 189072029.5, "longitude": 48257834.5}'


async def test_a_failing_statement_names_no_parameter(db: Database) -> None:
    with pytest.raises(SQLAlchemyError) as failure:
        async with db.session() as session:
            await session.execute(
                text("INSERT INTO no_such_table (payload) VALUES (:payload)"),
                {"payload": POSITION},
            )
    assert "189072029" not in str(failure.value)
