"""Records of saved places and live locations (issue 16), read by the poller with its claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Place:
    """A saved place and the car's presence there."""

    id: int
    user_id: int
    vehicle_id: int
    name: str
    latitude: float
    longitude: float
    radius_m: int
    is_home: bool
    notify_arrive: bool
    notify_leave: bool
    quiet_unlocked: bool
    inside: bool | None
    visit: int
    remind_minute: int | None
    remind_below: int
    remind_next_at: datetime | None

    @property
    def point(self) -> tuple[float, float]:
        """(latitude, longitude)."""
        return (self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class PlaceDraft:
    """A place being added (`place_id` None: waiting for a location) or renamed."""

    user_id: int
    vehicle_id: int
    name: str
    place_id: int | None
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LiveLocation:
    """One live location message following a car."""

    id: int
    vehicle_id: int
    user_id: int
    chat_id: int
    message_id: int
    until: datetime
    latitude: float | None
    longitude: float | None
