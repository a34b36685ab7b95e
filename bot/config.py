"""Settings: every knob of the bot, read once from the environment and `.env`.

There is no module-level instance: `bot.__main__` builds one and passes it down, and tests
build their own with keyword arguments.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import re
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_TELEGRAM_API = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.db"

# Values shipped in .env.example. Copying the example without editing it must not start a bot.
PLACEHOLDERS = frozenset(
    {
        "123456789:replace-with-the-token-from-botfather",
        "replace-with-output-of-python-m-bot-gen-key",
        "changeme",
        "change-me",
        "your-token-here",
    }
)

_TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# An example of a valid value for each setting, used in error messages.
EXAMPLES: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "123456789:AAE-your-token-from-BotFather-xxxxxxxxxxx",
    "TELEGRAM_API_BASE_URL": DEFAULT_TELEGRAM_API,
    "DATABASE_URL": "postgresql+asyncpg://bot@db:5432/bot or " + DEFAULT_DATABASE_URL,
    "FERNET_KEYS": "output of `python -m bot gen-key` (comma list, newest first)",
    "ADMIN_USER_IDS": "123456789,987654321",
    "SMART_CLOUD_URL": "http://127.0.0.1:8787 (the simulator); leave unset for the real cloud",
    "LOG_LEVEL": "INFO",
    "TZ": "Europe/Berlin",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram",
    "TELEGRAM_WEBHOOK_SECRET": "a random string of 32+ characters",
    "POLLER_WORKERS": "2",
}
# At most this many poller processes (POLLER_WORKERS), the Telegram process included.
MAX_POLLER_WORKERS = 32


def _split_commas(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


def available_cores() -> int:
    """The CPU cores this process may run on (`POLLER_WORKERS=auto`)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def is_loopback_url(url: str) -> bool:
    """True when `url` is http(s) to a loopback address (the simulator, a fake Bot API)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    """All configuration. Secrets are `SecretStr` so they never show in a repr or a log."""

    # An empty value (`HEALTH_PORT=` as in .env.example) means "unset": the default applies.
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
        frozen=True,
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    health_port: int | None = Field(default=None, ge=1, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    fernet_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    admin_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    smart_cloud_url: str | None = None
    poll_interval_idle: int = Field(default=300, ge=5, le=86_400)
    poll_interval_charging: int = Field(default=60, ge=5, le=3_600)
    poll_interval_driving: int = Field(default=60, ge=5, le=3_600)
    poll_interval_after_command: int = Field(default=5, ge=1, le=300)
    fast_poll_window: int = Field(default=60, ge=5, le=3_600)
    poller_concurrency: int = Field(default=50, ge=1, le=1_000)
    # Poller processes in all: the Telegram process and POLLER_WORKERS - 1 poller-only ones.
    poller_workers: int = 1
    scheduler_interval: int = Field(default=15, ge=1, le=60)
    history_retention_days: int = Field(default=180, ge=1, le=3_650)
    log_level: str = "INFO"
    tz: str = "UTC"

    @field_validator("fernet_keys", "admin_user_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        return _split_commas(value)

    @field_validator("telegram_bot_token", "telegram_webhook_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("poller_workers", mode="before")
    @classmethod
    def _check_poller_workers(cls, value: Any) -> int:
        text = str(value).strip().lower()
        if text == "auto":
            return min(available_cores(), MAX_POLLER_WORKERS)
        if not text.isdigit() or not 1 <= int(text) <= MAX_POLLER_WORKERS:
            raise ValueError(
                f"must be a whole number from 1 to {MAX_POLLER_WORKERS}, or auto (one "
                "poller process per CPU core)"
            )
        return int(text)

    @field_validator("smart_cloud_url", "telegram_webhook_url", mode="before")
    @classmethod
    def _empty_url_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if raw.lower() in PLACEHOLDERS:
            raise ValueError("is still the placeholder from .env.example")
        if not _TOKEN_RE.match(raw):
            raise ValueError("does not look like a bot token (digits, a colon, then 30+ chars)")
        return SecretStr(raw)

    @field_validator("fernet_keys")
    @classmethod
    def _check_fernet_keys(cls, value: list[SecretStr]) -> list[SecretStr]:
        for index, key in enumerate(value, start=1):
            raw = key.get_secret_value()
            if raw.lower() in PLACEHOLDERS:
                raise ValueError(f"key {index} is still the placeholder from .env.example")
            try:
                Fernet(raw.encode())
            except (ValueError, TypeError):
                raise ValueError(
                    f"key {index} is not a Fernet key (32 url-safe base64-encoded bytes)"
                ) from None
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http(s) URL")
        if parts.scheme == "http" and not is_loopback_url(value):
            raise ValueError("must use https unless it points at a loopback address")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme != "https" and not is_loopback_url(value):
            raise ValueError("must be an https URL that Telegram can reach")
        return value

    @field_validator("smart_cloud_url")
    @classmethod
    def _check_cloud_url(cls, value: str | None) -> str | None:
        if value is not None and not is_loopback_url(value):
            raise ValueError("may only point at a loopback address (the simulator)")
        return value.rstrip("/") if value else value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in _LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(_LOG_LEVELS)}")
        return level

    @field_validator("tz")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not a known time zone") from None
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set")
        secret = self.telegram_webhook_secret
        if secret is not None and len(secret.get_secret_value()) < 16:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be at least 16 characters")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone as a `ZoneInfo`."""
        return ZoneInfo(self.tz)

    @property
    def log_level_number(self) -> int:
        """The configured log level as a `logging` number."""
        return logging.getLevelNamesMapping()[self.log_level]

    def problems_for_run(self) -> list[str]:
        """What is missing to start the bot, one line each (empty when it can start).

        No ADMIN_USER_IDS is not a problem: the bot then starts in set-up mode
        (`needs_setup`), which tells each user their id and how to become admin.
        """
        problems: list[str] = []
        if self.telegram_bot_token is None:
            problems.append(
                "TELEGRAM_BOT_TOKEN: not set. Create a bot with @BotFather and put its token "
                "in .env (copy .env.example), e.g. TELEGRAM_BOT_TOKEN="
                + EXAMPLES["TELEGRAM_BOT_TOKEN"]
            )
        if not self.fernet_keys:
            problems.append(
                "FERNET_KEYS: not set. Run `python -m bot gen-key` and put the key in .env "
                "(see .env.example)"
            )
        return problems

    @property
    def needs_setup(self) -> bool:
        """True without ADMIN_USER_IDS: the bot runs in set-up mode and does nothing else."""
        return not self.admin_user_ids


SETUP_NOTE = (
    "ADMIN_USER_IDS: not set, so the bot starts in set-up mode: it answers each user with "
    "their Telegram id and does nothing else. Put yours in .env (see .env.example), e.g. "
    "ADMIN_USER_IDS=" + EXAMPLES["ADMIN_USER_IDS"] + ", and restart"
)


def secret_values(settings: Settings) -> list[str]:
    """Every secret of `settings` (keys, token, webhook secret, database password), for the
    redacting log handler."""
    values = [key.get_secret_value() for key in settings.fernet_keys]
    for secret in (settings.telegram_bot_token, settings.telegram_webhook_secret):
        if secret is not None:
            values.append(secret.get_secret_value())
    with contextlib.suppress(Exception):  # an unparsable URL has no password to hide
        password = make_url(settings.database_url).password
        if password:
            values.append(str(password))
    return values


def settings_payload(settings: Settings) -> str:
    """`settings` as JSON with the secrets in clear, for a worker process's stdin (a pipe:
    never a command line, a file or the environment); `settings_from_payload` reads it."""
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, list):
            value = [
                item.get_secret_value() if isinstance(item, SecretStr) else item for item in value
            ]
        values[name] = value
    return json.dumps(values)


def settings_from_payload(payload: str) -> Settings:
    """The settings a parent process wrote with `settings_payload` (no `.env` read)."""
    return Settings(_env_file=None, **json.loads(payload))


class SettingsError(Exception):
    """Settings could not be built; `lines` holds one clear line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def describe_validation_error(error: ValidationError) -> list[str]:
    """Turn a pydantic error into one line per problem: variable, what is wrong, an example."""
    lines: list[str] = []
    for item in error.errors(include_input=False, include_url=False):
        loc = item.get("loc") or ()
        field = str(loc[0]) if loc else ""
        variable = field.upper()
        message = str(item.get("msg", "is invalid")).removeprefix("Value error, ")
        if not variable:
            lines.append(message)
            continue
        example = EXAMPLES.get(variable)
        line = f"{variable}: {message}"
        if example:
            line += f" (example: {example})"
        lines.append(line)
    return lines


def load_settings(**overrides: Any) -> Settings:
    """Build `Settings` from the environment and `.env`, or raise `SettingsError`."""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        raise SettingsError(describe_validation_error(err)) from None


def load_settings_for_run(**overrides: Any) -> Settings:
    """`load_settings`, and what `problems_for_run` finds, reported in one go: a value that
    is invalid and a required one that is missing are both in the one `SettingsError`."""
    try:
        settings = Settings(**overrides)
    except ValidationError as err:
        lines = describe_validation_error(err)
        raise SettingsError(lines + _missing_besides(err, overrides)) from None
    problems = settings.problems_for_run()
    if problems:
        raise SettingsError(problems)
    return settings


def _missing_besides(error: ValidationError, overrides: dict[str, Any]) -> list[str]:
    """The required settings that are missing, found by building the settings again with the
    invalid values at their defaults (those are reported already)."""
    failed = {str(item["loc"][0]) for item in error.errors() if item.get("loc")}
    defaults = {
        name: Settings.model_fields[name].get_default(call_default_factory=True)
        for name in failed
        if name in Settings.model_fields
    }
    try:
        partial = Settings(**{**overrides, **defaults})
    except ValidationError:  # a rule across fields (the webhook secret): reported already
        return []
    reported = {name.upper() for name in failed}
    return [line for line in partial.problems_for_run() if line.split(":", 1)[0] not in reported]
