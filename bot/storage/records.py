"""The values repositories return and accept: frozen dataclasses, detached from any session.

Callers never see ORM rows, so nothing they change can leak back into the database by
accident, and secrets sit in `repr=False` fields. Storage depends on `bot.smart.models` only
for its plain value types (`Tokens`, `VehicleStatus`, `CarModel`), never on the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.smart.models import CarModel, Tokens, VehicleStatus
from bot.storage.records_places import LiveLocation, Place


class Role(StrEnum):
    """What a user may do: admins manage the allowlist."""

    ADMIN = "admin"
    USER = "user"


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A Telegram user as stored."""

    id: int
    display_name: str
    role: str
    allowed: bool
    language: str | None
    alerts_muted_until: datetime | None
    active: bool
    last_refused_at: datetime | None
    created_at: datetime
    updated_at: datetime
    timezone: str | None = None
    price_per_kwh: float | None = None
    # The language Telegram last reported for the user (`language_code`); `language` is the
    # one chosen with /language and wins over it.
    telegram_language: str | None = None
    # The units the user reads values in: "imperial" (mi, °F, psi), None or "metric" else.
    units: str | None = None

    @property
    def is_admin(self) -> bool:
        """True for the admin role."""
        return self.role == Role.ADMIN


@dataclass(frozen=True, slots=True)
class LoginProgress:
    """Where a user is in the /login conversation; `email` is decrypted."""

    user_id: int
    step: str
    region: str | None
    email: str | None = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """A Smart account without its secrets, plus its account-wide polling state."""

    id: int
    user_id: int
    region: str
    device_id: str
    key_id: str
    has_password: bool
    has_tokens: bool
    last_login_at: datetime | None
    last_login_result: str | None
    needs_login: bool
    auth_failures: int
    poll_failures: int
    backoff_until: datetime | None


@dataclass(frozen=True, slots=True)
class Credentials:
    """Decrypted secrets of one account, for building a client. Never logged or shown."""

    account_id: int
    user_id: int
    region: str
    device_id: str
    email: str = field(repr=False)
    password: str | None = field(repr=False)
    tokens: Tokens | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class CarRecord:
    """A car as one user sees it: `owned` is False for a car shared with them."""

    id: int
    account_id: int
    owner_user_id: int
    vin: str
    model: CarModel
    series_code: str
    model_name: str
    color_name: str
    plate: str
    name: str | None
    is_default: bool
    owned: bool
    with_location: bool = True  # False: shared "without location", no position is shown

    @property
    def colour(self) -> str:
        """The paint name without its factory code: "G68 SPECTRUM BLUE" -> "Spectrum Blue"."""
        words = self.color_name.split()
        if words and any(ch.isdigit() for ch in words[0]):
            words = words[1:]
        return " ".join(word.capitalize() for word in words)

    @property
    def label(self) -> str:
        """A short human name: the nickname, else colour and model ("Spectrum Blue #1")."""
        if self.name:
            return self.name
        return " ".join(part for part in (self.colour, str(self.model)) if part)


@dataclass(frozen=True, slots=True)
class ShareRecord:
    """One car shared by its owner with another user."""

    vehicle_id: int
    vin: str
    user_id: int
    granted_by: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """The command this bot last sent to a car (so the poller can say "locked by this bot")."""

    command: str
    params: dict[str, Any]
    user_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class StateRecord:
    """What is known about one car's status and polling."""

    vehicle_id: int
    status: VehicleStatus | None
    fetched_at: datetime | None
    next_poll_at: datetime
    fast_poll_until: datetime | None
    lease_owner: str | None
    lease_expires_at: datetime | None
    consecutive_failures: int
    last_error: str | None
    pending_command: PendingCommand | None


@dataclass(frozen=True, slots=True)
class PollJob:
    """A car claimed by one poller worker until `state.lease_expires_at`."""

    vehicle_id: int
    vin: str
    account_id: int
    model: CarModel
    state: StateRecord
    # Read in the claim's transaction, so that a poll needs no read of its own (None: the
    # claim did not read them; the poller then reads them itself).
    car_name: str | None = None
    episodes: dict[str, Episode] | None = None
    audience: tuple[AudienceMember, ...] | None = None
    places: tuple[Place, ...] | None = None
    lives: tuple[LiveLocation, ...] | None = None


# Alert kinds that are off until the user turns them on in /alerts.
OPT_IN_KINDS: frozenset[str] = frozenset({"drive_summary", "weekly_digest"})


@dataclass(frozen=True, slots=True)
class AlertPrefs:
    """One user's alert settings for one car; defaults apply when nothing was stored.

    `disabled_kinds` holds the kinds switched away from their default: off for the usual
    kinds, on for an opt-in kind (`OPT_IN_KINDS`). A toggle adds or removes the kind.
    """

    disabled_kinds: frozenset[str] = frozenset()
    battery_low_percent: int = 20
    left_unlocked_minutes: int = 10
    quiet_start_minute: int | None = None
    quiet_end_minute: int | None = None
    # Kinds whose sound is switched away from its default (ringing or silent).
    sound_toggled: frozenset[str] = frozenset()

    def enabled(self, kind: str) -> bool:
        """True when alerts of `kind` are on."""
        return (kind in self.disabled_kinds) == (kind in OPT_IN_KINDS)

    def rings(self, kind: str, *, by_default: bool) -> bool:
        """True when an alert of `kind` should make a sound for this user."""
        return by_default != (kind in self.sound_toggled)

    def is_quiet(self, minute_of_day: int) -> bool:
        """True inside the quiet hours (which may wrap past midnight)."""
        start, end = self.quiet_start_minute, self.quiet_end_minute
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= minute_of_day < end
        return minute_of_day >= start or minute_of_day < end


@dataclass(frozen=True, slots=True)
class AudienceMember:
    """Someone who receives a car's alerts: the owner or a user it is shared with."""

    user: UserRecord
    prefs: AlertPrefs
    owned: bool
    sees_location: bool = True  # the owner, or a share "with location"


@dataclass(frozen=True, slots=True)
class Episode:
    """What was last alerted for one event kind: a counter, a state word and free data."""

    kind: str
    episode: int = 0
    state: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PendingAction:
    """A confirmation button waiting for its tap."""

    id: str
    user_id: int
    vehicle_id: int | None
    action: str
    params: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    consumed_at: datetime | None


class ConsumeStatus(StrEnum):
    """Outcome of tapping a confirmation button."""

    CONSUMED = "consumed"  # this tap won: act now
    USED = "used"  # an earlier tap already acted
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # no such action for this user (forged, or purged)


@dataclass(frozen=True, slots=True)
class ConsumeResult:
    """`action` is set when the status is CONSUMED, USED or EXPIRED."""

    status: ConsumeStatus
    action: PendingAction | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail."""

    id: int
    at: datetime
    user_id: int | None
    vin: str | None
    action: str
    params: dict[str, Any]
    source: str
    result: str
    error_class: str | None
    request_id: str | None


@dataclass(frozen=True, slots=True)
class NewOutboxMessage:
    """A message to enqueue. `dedupe_key` must name the vehicle, kind, episode and user."""

    dedupe_key: str
    user_id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    vehicle_id: int | None = None
    expires_at: datetime | None = None
    not_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A queued message as stored."""

    id: int
    dedupe_key: str
    user_id: int
    chat_id: int
    vehicle_id: int | None
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    expires_at: datetime | None
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    dropped_at: datetime | None
    drop_reason: str | None
    last_error: str | None
    sending_at: datetime | None = None  # an attempt began and never ended


@dataclass(frozen=True, slots=True)
class ClimatePreset:
    """A user's "warm car" defaults: climate at `temp_c` with these heat levels (0-3)."""

    temp_c: float = 21.0
    driver: int = 0
    passenger: int = 0
    wheel: int = 0

    @property
    def heat(self) -> dict[str, int]:
        """The heat levels by seat, the places at level 0 left out."""
        levels = {"driver": self.driver, "passenger": self.passenger, "wheel": self.wheel}
        return {seat: level for seat, level in levels.items() if level}
