"""SQLModel table classes; importing this module registers them on `SQLModel.metadata`.

The schema is created only by the Alembic migrations in `alembic/versions/`; a test checks
that these classes and the migrated schema agree. Only the `repo_*` modules query them.

Every `*_enc` column holds Fernet ciphertext written by `bot.storage.crypto`, and the row's
`key_id` names the key that wrote all of that row's ciphertexts. Timestamps are aware UTC
(`UtcDateTime`). Telegram user ids exceed 32 bits, hence `BigInteger`.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    REAL,
    BigInteger,
    Date,
    Index,
    Integer,
    SmallInteger,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.storage.types import UtcDateTime, utcnow

# Deterministic constraint names: the same on SQLite and PostgreSQL, and droppable by name in
# later (batch) migrations.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_ROW_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class User(SQLModel, table=True):
    """A Telegram user the bot knows: allowed ones, and strangers it has answered."""

    __tablename__ = "users"

    id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    display_name: str = Field(default="", max_length=128)
    role: str = Field(default="user", max_length=16)
    allowed: bool = False
    language: str | None = Field(default=None, max_length=8)
    telegram_language: str | None = Field(default=None, max_length=8)
    timezone: str | None = Field(default=None, max_length=64)
    price_per_kwh: float | None = None  # the user's electricity price, for charging costs
    units: str | None = Field(default=None, max_length=8)  # "imperial"; None: metric
    alerts_muted_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    active: bool = True
    last_refused_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class LoginSession(SQLModel, table=True):
    """Progress of one user's /login conversation, so any replica can continue it."""

    __tablename__ = "login_sessions"

    user_id: int = Field(
        primary_key=True, foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger
    )
    step: str = Field(max_length=32)
    region: str | None = Field(default=None, max_length=16)
    email_enc: str | None = Field(default=None, sa_type=Text)
    key_id: str | None = Field(default=None, max_length=16)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class SmartAccount(SQLModel, table=True):
    """A user's Smart cloud login (encrypted) and the account-wide polling state."""

    __tablename__ = "smart_accounts"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger, unique=True
    )
    region: str = Field(max_length=16)
    email_enc: str = Field(sa_type=Text)
    password_enc: str | None = Field(default=None, sa_type=Text)
    tokens_enc: str | None = Field(default=None, sa_type=Text)
    key_id: str = Field(max_length=16)
    device_id: str = Field(default="", max_length=64)
    last_login_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_login_result: str | None = Field(default=None, max_length=32)
    needs_login: bool = False
    auth_failures: int = 0
    poll_failures: int = 0
    backoff_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class VehicleRow(SQLModel, table=True):
    """A car seen in an account's vehicle list."""

    __tablename__ = "vehicles"
    __table_args__ = (UniqueConstraint("account_id", "vin"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="smart_accounts.id", ondelete="CASCADE")
    vin: str = Field(max_length=17)
    model: str = Field(max_length=4)
    series_code: str = Field(default="", max_length=32)
    model_name: str = Field(default="", max_length=64)
    color_name: str = Field(default="", max_length=64)
    plate: str = Field(default="", max_length=32)
    name: str | None = Field(default=None, max_length=64)
    is_default: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class VehicleShare(SQLModel, table=True):
    """The owner lets another allowed user control one car, without sharing credentials."""

    __tablename__ = "vehicle_shares"

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    user_id: int = Field(
        primary_key=True, foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger
    )
    granted_by: int = Field(sa_type=BigInteger)
    is_default: bool = False
    with_location: bool = True  # False: the user sees no position of the car (issue 16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class VehicleState(SQLModel, table=True):
    """What the poller knows about one car, and who holds its poll lease."""

    __tablename__ = "vehicle_state"

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    last_status: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    fetched_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_poll_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    fast_poll_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    consecutive_failures: int = 0
    last_error: str | None = Field(default=None, max_length=128)
    pending_command: str | None = Field(default=None, max_length=32)
    pending_command_params: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    pending_command_by: int | None = Field(default=None, sa_type=BigInteger)
    pending_command_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AlertPref(SQLModel, table=True):
    """One user's alert settings for one car."""

    __tablename__ = "alert_prefs"

    user_id: int = Field(
        primary_key=True, foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger
    )
    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    disabled_kinds: list[str] = Field(default_factory=list, sa_type=JSON)
    battery_low_percent: int = 20
    left_unlocked_minutes: int = 10
    quiet_start_minute: int | None = None
    quiet_end_minute: int | None = None
    sound_toggled_kinds: list[str] | None = Field(default=None, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AlertEpisode(SQLModel, table=True):
    """What was last alerted for one event kind of one car (survives restarts)."""

    __tablename__ = "alert_episodes"

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    kind: str = Field(primary_key=True, max_length=64)
    episode: int = 0
    state: str = Field(default="", max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PendingActionRow(SQLModel, table=True):
    """A confirmation button: single-use, expiring, bound to one user."""

    __tablename__ = "pending_actions"

    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger, index=True)
    vehicle_id: int | None = Field(default=None, foreign_key="vehicles.id", ondelete="CASCADE")
    action: str = Field(max_length=32)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    consumed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AuditRow(SQLModel, table=True):
    """Append-only record of what was asked of a car, by whom, and what came of it.

    No foreign keys: the trail outlives users and cars that were removed.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_user_id_at", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=_ROW_ID)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    vin: str | None = Field(default=None, max_length=17)
    action: str = Field(max_length=32)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    source: str = Field(max_length=16)
    result: str = Field(max_length=16)
    error_class: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=64)
    # A command recorded before it leaves (result "sending"): the process running it keeps
    # `alive_until` in the future; `progress` says where its caller is told the outcome.
    alive_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    progress: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class OutboxRow(SQLModel, table=True):
    """A message waiting to be sent to Telegram (alerts), de-duplicated by `dedupe_key`."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True, sa_type=_ROW_ID)
    dedupe_key: str = Field(max_length=200, unique=True)
    user_id: int = Field(sa_type=BigInteger)
    chat_id: int = Field(sa_type=BigInteger)
    vehicle_id: int | None = None
    kind: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    dropped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    drop_reason: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=128)
    # Set right before a delivery attempt, cleared when it failed: still set on a row that is
    # neither sent nor dropped means a process died during the Bot API call.
    sending_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ScheduleRow(SQLModel, table=True):
    """A timer the bot runs for one user and car: climate at a time, or a charging window.

    `minute_of_day` is the local wall-clock time the user chose (for "ready by", the time the
    car should be ready); `weekdays` is a bit set (bit 0 = Monday), 0 for a one-off on
    `once_on`. `next_run_at` (UTC) with `next_phase` is the one run that is due next; a run is
    claimed by moving both on in one conditional UPDATE, so of several replicas one fires it.
    """

    __tablename__ = "schedules"
    __table_args__ = (Index("ix_schedules_next_run_at", "next_run_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_type=BigInteger, index=True)
    vehicle_id: int = Field(foreign_key="vehicles.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    minute_of_day: int
    weekdays: int = 0
    once_on: date | None = Field(default=None, sa_type=Date)
    ready_by: bool = False
    end_minute: int | None = None
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    paused: bool = False
    next_run_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_phase: str = Field(default="start", max_length=16)
    last_run_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_outcome: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ClimatePresetRow(SQLModel, table=True):
    """A user's "warm car" defaults: the climate temperature and the seat and steering-wheel
    heat levels (0-3) that ride with it in one command (issue 14)."""

    __tablename__ = "climate_presets"

    user_id: int = Field(
        primary_key=True,
        foreign_key="users.id",
        ondelete="CASCADE",
        sa_type=BigInteger,
        sa_column_kwargs={"autoincrement": False},
    )
    temp_c: float = 21.0
    driver: int = 0
    passenger: int = 0
    wheel: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class SampleRow(SQLModel, table=True):
    """One compact sample of a car's state, written by the poller for the history (charging
    sessions, drives, charts). Keyed by car and the car's own time, which is also the index
    a chart's time-range query walks. Pruned after `HISTORY_RETENTION_DAYS`."""

    __tablename__ = "vehicle_samples"

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    at: datetime = Field(primary_key=True, sa_type=UtcDateTime, index=True)
    soc: int | None = Field(default=None, sa_type=SmallInteger)
    range_km: int | None = Field(default=None, sa_type=SmallInteger)
    # Bits: 1 charging, 2 plugged in, 4 DC, 8 ignition on (see bot.storage.records.Sample).
    flags: int = Field(default=0, sa_type=SmallInteger)
    power_kw: float | None = Field(default=None, sa_type=REAL)
    odometer_km: float | None = Field(default=None, sa_type=REAL)
    lat: float | None = Field(default=None, sa_type=REAL)
    lon: float | None = Field(default=None, sa_type=REAL)
    speed_kmh: float | None = Field(default=None, sa_type=REAL)
    inside_c: float | None = Field(default=None, sa_type=REAL)
    outside_c: float | None = Field(default=None, sa_type=REAL)
