"""What the poller can tell a user: event kinds, the event value, how long each stays useful.

An `Event` is one transition of one car, seen in one poll. Its `episode` names the transition
(usually the car's timestamp of the status that showed it), so `(vin, kind, episode)` is stable
if the same poll is processed twice: the outbox uses it to never send an alert twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeAlias

# Small JSON values only: events travel through the outbox as JSON.
JSONValue: TypeAlias = str | int | float | bool | list[str] | None


class EventKind(StrEnum):
    """Every change the poller reports. Values are stable: they are stored in the database."""

    LOCKED = "locked"
    UNLOCKED = "unlocked"
    LEFT_UNLOCKED = "left_unlocked"
    # A door, the trunk, the bonnet or a window still open while parked after a threshold.
    LEFT_OPEN = "left_open"
    DOOR_OPENED = "door_opened"
    TRUNK_OPENED = "trunk_opened"
    HOOD_OPENED = "hood_opened"
    WINDOW_OPENED = "window_opened"
    SUNROOF_OPENED = "sunroof_opened"
    PLUGGED_IN = "plugged_in"
    UNPLUGGED = "unplugged"
    CHARGING_STARTED = "charging_started"
    CHARGING_STOPPED = "charging_stopped"
    CHARGING_FINISHED = "charging_finished"
    CHARGE_TARGET_REACHED = "charge_target_reached"
    BATTERY_LOW = "battery_low"
    AUX_BATTERY_LOW = "aux_battery_low"
    TYRE_PRESSURE_WARNING = "tyre_pressure_warning"
    CLIMATE_STARTED = "climate_started"
    CLIMATE_FINISHED = "climate_finished"
    MOVED_WHILE_PARKED = "moved_while_parked"
    SOFTWARE_UPDATE_AVAILABLE = "software_update_available"
    SERVICE_DUE = "service_due"
    # Summaries from the history (bot.poller.summaries): a charging session or a drive ended.
    CHARGE_SUMMARY = "charge_summary"
    DRIVE_SUMMARY = "drive_summary"
    # Monday morning in the user's time zone: last week's figures (bot.poller.digest).
    WEEKLY_DIGEST = "weekly_digest"
    # Saved places (bot.poller.places): chosen per place in /places, not in /alerts.
    PLACE_ARRIVED = "place_arrived"
    PLACE_LEFT = "place_left"
    NOT_PLUGGED_IN = "not_plugged_in"
    # Account level, not a car change: the cloud keeps refusing the stored session, polling of
    # the account stopped until the user logs in again. Not a preference: always delivered.
    LOGIN_REQUIRED = "login_required"


# Alerts that pass quiet hours (a possible theft or tow cannot wait until morning).
THEFT_KINDS: frozenset[EventKind] = frozenset({EventKind.MOVED_WHILE_PARKED})
# Alerts that ring by default (someone may be at the car, or it needs care soon); the others
# arrive silently (`disable_notification`). Each user can switch the sound per kind.
RINGING_KINDS: frozenset[EventKind] = frozenset(
    {
        EventKind.MOVED_WHILE_PARKED,
        EventKind.UNLOCKED,
        EventKind.LEFT_UNLOCKED,
        EventKind.LEFT_OPEN,
        EventKind.DOOR_OPENED,
        EventKind.TRUNK_OPENED,
        EventKind.HOOD_OPENED,
        EventKind.WINDOW_OPENED,
        EventKind.SUNROOF_OPENED,
        EventKind.UNPLUGGED,
        EventKind.CHARGING_STOPPED,
        EventKind.BATTERY_LOW,
        EventKind.AUX_BATTERY_LOW,
        EventKind.TYRE_PRESSURE_WARNING,
        EventKind.LOGIN_REQUIRED,
    }
)
# Kinds that no preference can switch off.
ALWAYS_ON_KINDS: frozenset[EventKind] = frozenset({EventKind.LOGIN_REQUIRED})
# Kinds each saved place switches on or off (/places), not /alerts.
PLACE_KINDS: frozenset[EventKind] = frozenset(
    {EventKind.PLACE_ARRIVED, EventKind.PLACE_LEFT, EventKind.NOT_PLUGGED_IN}
)
# Kinds a user can toggle in /alerts.
TOGGLEABLE_KINDS: tuple[EventKind, ...] = tuple(
    k for k in EventKind if k not in ALWAYS_ON_KINDS and k not in PLACE_KINDS
)

# How long after the change an alert still helps. A "charging started" an hour late is noise;
# a tow alert a few hours late is still worth reading.
USEFUL_FOR: Mapping[EventKind, timedelta] = {
    EventKind.LOCKED: timedelta(minutes=30),
    EventKind.UNLOCKED: timedelta(minutes=30),
    EventKind.LEFT_UNLOCKED: timedelta(hours=2),
    EventKind.LEFT_OPEN: timedelta(hours=2),
    EventKind.DOOR_OPENED: timedelta(hours=1),
    EventKind.TRUNK_OPENED: timedelta(hours=1),
    EventKind.HOOD_OPENED: timedelta(hours=1),
    EventKind.WINDOW_OPENED: timedelta(hours=2),
    EventKind.SUNROOF_OPENED: timedelta(hours=2),
    EventKind.PLUGGED_IN: timedelta(minutes=30),
    EventKind.UNPLUGGED: timedelta(minutes=30),
    EventKind.CHARGING_STARTED: timedelta(minutes=30),
    EventKind.CHARGING_STOPPED: timedelta(hours=1),
    EventKind.CHARGING_FINISHED: timedelta(hours=6),
    EventKind.CHARGE_TARGET_REACHED: timedelta(hours=6),
    EventKind.BATTERY_LOW: timedelta(hours=12),
    EventKind.AUX_BATTERY_LOW: timedelta(days=1),
    EventKind.TYRE_PRESSURE_WARNING: timedelta(days=1),
    EventKind.CLIMATE_STARTED: timedelta(minutes=15),
    EventKind.CLIMATE_FINISHED: timedelta(minutes=30),
    EventKind.MOVED_WHILE_PARKED: timedelta(days=1),
    EventKind.SOFTWARE_UPDATE_AVAILABLE: timedelta(days=7),
    EventKind.SERVICE_DUE: timedelta(days=7),
    EventKind.CHARGE_SUMMARY: timedelta(hours=12),
    EventKind.DRIVE_SUMMARY: timedelta(hours=12),
    EventKind.WEEKLY_DIGEST: timedelta(hours=12),
    EventKind.PLACE_ARRIVED: timedelta(hours=1),
    EventKind.PLACE_LEFT: timedelta(hours=1),
    EventKind.NOT_PLUGGED_IN: timedelta(hours=3),
    EventKind.LOGIN_REQUIRED: timedelta(days=7),
}


def episode_key(moment: datetime) -> str:
    """A compact UTC timestamp (`20250521T080515Z`), the usual name of an episode."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True, slots=True)
class Event:
    """One transition of one car.

    Attributes:
        kind: what happened.
        vin: the car (empty for account-level events such as `LOGIN_REQUIRED`).
        at: when it happened: the car's own timestamp when it sent one, else the poll time.
        data: small JSON details for the message (open doors, percent, distance, ...).
        episode: names this transition; with `vin` and `kind` it is the de-duplication key.
    """

    kind: EventKind
    vin: str
    at: datetime
    episode: str
    data: Mapping[str, JSONValue] = field(default_factory=dict, hash=False)

    @property
    def dedupe_key(self) -> str:
        """`vin:kind:episode`: the same transition always gives the same key."""
        return f"{self.vin}:{self.kind.value}:{self.episode}"

    def is_useful_at(self, now: datetime) -> bool:
        """False once the event is older than its kind's usefulness (`USEFUL_FOR`)."""
        return now - self.at <= USEFUL_FOR[self.kind]

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for the outbox."""
        return {
            "kind": self.kind.value,
            "vin": self.vin,
            "at": self.at.isoformat(),
            "episode": self.episode,
            "data": dict(self.data),
        }

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> Event:
        """Inverse of `to_json_dict`."""
        at = datetime.fromisoformat(str(data["at"]))
        return cls(
            kind=EventKind(data["kind"]),
            vin=str(data["vin"]),
            at=at if at.tzinfo else at.replace(tzinfo=UTC),
            episode=str(data["episode"]),
            data=dict(data.get("data") or {}),
        )
