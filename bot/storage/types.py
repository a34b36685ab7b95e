"""Column types shared by the tables: aware-UTC timestamps on every backend.

SQLite has no time zone type and hands back naive datetimes; PostgreSQL's `timestamptz` hands
back aware ones. `UtcDateTime` makes both behave the same: only aware datetimes go in, and
aware UTC datetimes always come out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that refuses naive input and returns aware UTC values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; SQLite stores it naive (its text form sorts correctly)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            msg = "naive datetime given to the database; use an aware UTC datetime"
            raise ValueError(msg)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Attach UTC to naive values read back from SQLite."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            msg = f"unexpected timestamp value of type {type(value).__name__}"
            raise TypeError(msg)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def now_or(now: datetime | None) -> datetime:
    """`now` when given (it must be aware), else the current UTC time."""
    if now is None:
        return utcnow()
    if now.tzinfo is None:
        msg = "naive datetime given as `now`; use an aware UTC datetime"
        raise ValueError(msg)
    return now.astimezone(UTC)
