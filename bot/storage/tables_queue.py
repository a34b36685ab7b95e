"""The table of commands queued behind a car's cool-down (`queued_commands`); importing this
module registers it on `SQLModel.metadata` (as `bot.storage.tables` does its own).

One row per car: a newer queued command replaces the older one (`bot.storage.repo_queue`).
`token` tells the process waiting for the cool-down whether the row is still its own.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger
from sqlmodel import Field, SQLModel

from bot.storage.types import UtcDateTime, utcnow


class QueuedCommandRow(SQLModel, table=True):
    """A command waiting for its car's cool-down to end."""

    __tablename__ = "queued_commands"

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    token: str = Field(max_length=32)
    user_id: int = Field(sa_type=BigInteger)
    action: str = Field(max_length=32)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    source: str = Field(max_length=16)
    progress: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    queued_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    due_at: datetime = Field(sa_type=UtcDateTime)
