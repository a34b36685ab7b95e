"""Climate presets: each user's "warm car" temperature and seat/wheel heat levels."""

from __future__ import annotations

from datetime import datetime

from bot.storage.db import Database
from bot.storage.records import ClimatePreset
from bot.storage.tables import ClimatePresetRow
from bot.storage.types import now_or


async def get_preset(db: Database, *, user_id: int) -> ClimatePreset:
    """The user's preset; the defaults (21 °C, no heat) when none was stored."""
    async with db.session() as session:
        row = await session.get(ClimatePresetRow, user_id)
        if row is None:
            return ClimatePreset()
        return ClimatePreset(row.temp_c, row.driver, row.passenger, row.wheel)


async def set_preset(
    db: Database, *, user_id: int, preset: ClimatePreset, now: datetime | None = None
) -> None:
    """Store the user's preset (the user must exist)."""
    async with db.session() as session:
        row = await session.get(ClimatePresetRow, user_id)
        if row is None:
            row = ClimatePresetRow(user_id=user_id)
        row.temp_c = preset.temp_c
        row.driver, row.passenger, row.wheel = preset.driver, preset.passenger, preset.wheel
        row.updated_at = now_or(now)
        session.add(row)
