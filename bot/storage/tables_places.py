"""Tables of issue 16: a user's saved places per car (with the car's presence at each and the
evening "not plugged in" reminder), the place being added or renamed, and live locations.

A place's presence (`inside`, `visit`) is moved on by one conditional UPDATE that also
queues the arrival or departure alert, so of several replicas, or a poll seen twice across
a restart, exactly one announces each visit. The reminder is claimed the same way on
`remind_next_at`.
"""

from datetime import datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from bot.storage.types import UtcDateTime, utcnow


class PlaceRow(SQLModel, table=True):
    """One user's saved place for one car (home is the first)."""

    __tablename__ = "places"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger, index=True)
    vehicle_id: int = Field(foreign_key="vehicles.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=64)
    latitude: float
    longitude: float
    radius_m: int = 150
    is_home: bool = False
    notify_arrive: bool = False
    notify_leave: bool = False
    quiet_unlocked: bool = False  # "left unlocked" is not said while the car is here
    inside: bool | None = None  # None: not seen yet
    visit: int = 0  # moved on by one at each arrival or departure
    changed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    remind_minute: int | None = None  # local minute of day of the "not plugged in" reminder
    remind_below: int = 50
    remind_next_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PlaceDraftRow(SQLModel, table=True):
    """A place a user is adding (waiting for a location) or renaming (waiting for a name)."""

    __tablename__ = "place_drafts"

    user_id: int = Field(
        primary_key=True,
        foreign_key="users.id",
        ondelete="CASCADE",
        sa_type=BigInteger,
        sa_column_kwargs={"autoincrement": False},
    )
    vehicle_id: int = Field(foreign_key="vehicles.id", ondelete="CASCADE")
    name: str = Field(default="", max_length=64)
    place_id: int | None = Field(default=None, foreign_key="places.id", ondelete="CASCADE")
    expires_at: datetime = Field(sa_type=UtcDateTime)


class LiveLocationRow(SQLModel, table=True):
    """A Telegram live location following a car; the poller moves and stops it."""

    __tablename__ = "live_locations"

    id: int | None = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicles.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    until: datetime = Field(sa_type=UtcDateTime)
    latitude: float | None = None
    longitude: float | None = None
    stopped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
