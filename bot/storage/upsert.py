"""Writing many rows of the cars' own tables (history samples, journal trips) in one
statement: a row whose key is already stored is updated, a row of a car deleted meanwhile
is skipped, not an error (the poller may write while a user removes the car)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.tables import VehicleRow


async def upsert_car_rows(
    db: Database,
    table: Any,
    rows: Iterable[dict[str, object]],
    *,
    key: Sequence[str],
    update: Sequence[str],
) -> int:
    """Insert `rows` (each with its `vehicle_id`) into `table`, or set the `update` columns of
    the row already stored under the same `key` columns. Of rows with one key only the last
    is written. Returns the rows written."""
    unique = {tuple(row[name] for name in key): row for row in rows}
    if not unique:
        return 0
    ids = {row["vehicle_id"] for row in unique.values()}
    async with db.session() as session:
        present = set(
            (await session.execute(select(VehicleRow.id).where(col(VehicleRow.id).in_(ids))))
            .scalars()
            .all()
        )
        kept = [row for row in unique.values() if row["vehicle_id"] in present]
        if kept:
            # One cached statement, many parameter sets (SQLAlchemy batches them into
            # multi-row INSERTs itself): no per-batch statement to compile.
            insert = db.insert(table)
            statement = insert.on_conflict_do_update(
                index_elements=list(key),
                set_={name: getattr(insert.excluded, name) for name in update},
            )
            await session.execute(statement, kept)
    return len(kept)
