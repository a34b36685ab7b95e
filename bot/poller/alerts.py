"""The delivery seam: the `Alert` the poller produces, the `Notifier` the Telegram layer implements.

The poller never imports Telegram. The Telegram layer implements `Notifier.deliver` (render the
alert as one short message with buttons, send it) and translates send failures into the four
exceptions below, which the outbox sender understands:

- `DeliveryRetryAfter(seconds)`: Telegram's flood control; the sender waits exactly that long.
- `DeliveryBlocked`: the user blocked the bot (`Forbidden`); the user is marked inactive.
- `DeliveryFailed`: a transient failure (network, 5xx, timeout); retried with back-off.
- `DeliveryRejected`: a permanent refusal (`BadRequest`); the row is kept for inspection, never
  retried.

Anything else escaping `deliver` is treated like `DeliveryFailed`. (The names lack the `Error`
suffix on purpose: they read as outcomes at the `except` site, and other layers use them.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.poller.events import Event, EventKind


@dataclass(frozen=True, slots=True)
class Alert:
    """One message to one user about one car: every event seen in one poll, merged.

    Attributes:
        user_id: Telegram user id. The bot works in private chats only, so it is also the chat.
        vin: the car (empty for an account-level alert).
        car_name: how the user knows the car ("Blue #1", a plate); for display only.
        events: the events, in the order the diff found them (never empty).
        created_at: when the poller produced the alert.
        dedupe_key: stable for the same user and events; the outbox's unique key.
        silent: sent without a sound (`disable_notification`): none of its events rings for
            this user (`bot.poller.audience`).
    """

    user_id: int
    vin: str
    car_name: str
    events: tuple[Event, ...]
    created_at: datetime
    dedupe_key: str
    silent: bool = False

    @property
    def chat_id(self) -> int:
        """The chat to send to (private chats: the user id)."""
        return self.user_id

    @property
    def kinds(self) -> tuple[EventKind, ...]:
        """The kinds of the events, in order."""
        return tuple(event.kind for event in self.events)

    @classmethod
    def build(
        cls,
        *,
        user_id: int,
        vin: str,
        car_name: str,
        events: Iterable[Event],
        created_at: datetime,
        silent: bool = False,
    ) -> Alert:
        """An alert whose dedupe key is derived from the user and the events' own keys.

        The key holds no VIN in clear: it is a digest of the events' `vin:kind:episode` keys.
        """
        merged = tuple(events)
        if not merged:
            raise ValueError("an alert needs at least one event")
        return cls(
            user_id=user_id,
            vin=vin,
            car_name=car_name,
            events=merged,
            created_at=created_at,
            dedupe_key=alert_dedupe_key(user_id, merged),
            silent=silent,
        )

    def useful_part(self, now: datetime) -> Alert | None:
        """The alert without the events that are too old to be worth sending; None if none is."""
        fresh = tuple(event for event in self.events if event.is_useful_at(now))
        if not fresh:
            return None
        if len(fresh) == len(self.events):
            return self
        return Alert(
            user_id=self.user_id,
            vin=self.vin,
            car_name=self.car_name,
            events=fresh,
            created_at=self.created_at,
            dedupe_key=self.dedupe_key,
            silent=self.silent,
        )

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the outbox payload)."""
        return {
            "user_id": self.user_id,
            "vin": self.vin,
            "car_name": self.car_name,
            "events": [event.to_json_dict() for event in self.events],
            "created_at": self.created_at.isoformat(),
            "dedupe_key": self.dedupe_key,
            "silent": self.silent,
        }

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> Alert:
        """Inverse of `to_json_dict`."""
        created = datetime.fromisoformat(str(data["created_at"]))
        return cls(
            user_id=int(data["user_id"]),
            vin=str(data["vin"]),
            car_name=str(data["car_name"]),
            events=tuple(Event.from_json_dict(item) for item in data["events"]),
            created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
            dedupe_key=str(data["dedupe_key"]),
            silent=data.get("silent") is True,
        )

    def to_json(self) -> str:
        """Serialise as JSON text."""
        return json.dumps(self.to_json_dict(), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Alert:
        """Inverse of `to_json`."""
        return cls.from_json_dict(json.loads(text))


def alert_dedupe_key(user_id: int, events: Iterable[Event]) -> str:
    """`u<user id>:<digest of the sorted event keys>`, at most 44 characters."""
    joined = "|".join(sorted(event.dedupe_key for event in events))
    digest = hashlib.sha256(joined.encode()).hexdigest()[:32]
    return f"u{user_id}:{digest}"


class Notifier(Protocol):
    """Sends one alert to its user. Implemented by the Telegram layer."""

    async def deliver(self, alert: Alert) -> None:
        """Send `alert` as one message, or raise one of the `Delivery*` errors."""


class DeliveryError(Exception):
    """Base class of the delivery failures the outbox sender handles."""


class DeliveryRetryAfter(DeliveryError):  # noqa: N818
    """Flood control: try again after exactly `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = float(seconds)


class DeliveryBlocked(DeliveryError):  # noqa: N818
    """The user blocked the bot or deleted the chat: mark the user inactive, drop the alert."""


class DeliveryFailed(DeliveryError):  # noqa: N818
    """A transient failure (network, timeout, server error): retry with back-off."""


class DeliveryRejected(DeliveryError):  # noqa: N818
    """A permanent refusal of this message (bad request): keep it for inspection, never retry."""
