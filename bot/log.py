"""Logging set-up with redaction: no secret, no full VIN and no exact position ever reaches a
log line.

Redaction works on the final formatted text (message, arguments and traceback), so a secret
passed as a %-argument or carried in an exception message is caught as well.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterable

REDACTED = "***"

# Patterns for secrets we can recognise by shape, in the order they are applied.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Telegram bot token, also inside Bot API URLs (`/bot123:ABC.../sendMessage`).
    (re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"), REDACTED),
    # JWTs (session access tokens, OIDC id tokens).
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), REDACTED),
    # Gigya/OIDC login, access and refresh tokens (st2.s.…).
    (re.compile(r"st\d\.s\.[A-Za-z0-9._~+/=-]+"), REDACTED),
    # Fernet ciphertexts.
    (re.compile(r"gAAAAA[A-Za-z0-9_=-]{20,}"), REDACTED),
    # key=value and "key": "value" pairs whose key names a secret.
    (
        re.compile(
            r"(?i)(\"?(?:password|passwd|pwd|access_?token|refresh_?token|id_?token|login_?token"
            r"|auth_?code|authorization|secret|api_?key|fernet_?keys?|token)\"?\s*[:=]\s*\"?)"
            r"([^\"&,;\s}]+)"
        ),
        r"\1" + REDACTED,
    ),
    # Positions are personal data: a named latitude/longitude (degrees or the cloud's
    # milli-arc-seconds, quoted or not) ...
    (
        re.compile(
            r"(?i)([\"']?\b(?:lat|lng|lon|latitude|longitude)\b[\"']?\s*[:=]\s*[\"']?)"
            r"(-?\d+(?:\.\d+)?)"
        ),
        r"\1" + REDACTED,
    ),
    # ... and a bare pair of precise coordinates, "52.520008, 13.404954".
    (re.compile(r"-?\b\d{1,3}\.\d{4,}\s*,\s*-?\d{1,3}\.\d{4,}\b"), REDACTED),
)
# A VIN: 17 characters, digits and capitals without I, O and Q, containing at least one digit
# and one letter. It is shortened to its last 4 characters.
_VIN_RE = re.compile(
    r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{13}([A-HJ-NPR-Z0-9]{4})\b"
)

_known_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(*values: str | None) -> None:
    """Remember exact secret values (passwords, keys) so that they are masked wherever seen."""
    with _lock:
        for value in values:
            if value and len(value) >= 4:
                _known_secrets.add(value)


def forget_secret(*values: str | None) -> None:
    """Stop masking values that are no longer secrets of this process."""
    with _lock:
        for value in values:
            _known_secrets.discard(value or "")


def short_vin(vin: str) -> str:
    """The form in which a VIN may appear in logs and messages: its last 4 characters."""
    return "…" + vin[-4:] if len(vin) > 4 else vin


def redact(text: str) -> str:
    """Mask every known secret and every secret-shaped string in `text`."""
    with _lock:
        secrets = sorted(_known_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _VIN_RE.sub(lambda m: "…" + m.group(1), text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (with its arguments) into redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops a record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Formatter whose whole output, tracebacks included, is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        """Format, then redact."""
        return redact(super().format(record))


# Loggers that would print secrets at INFO: httpx logs each URL, and Bot API URLs contain the
# bot token.
# The database drivers: aiosqlite logs every statement with its parameters at DEBUG (the
# stored status holds the car's exact position), SQLAlchemy's engine at INFO.
NOISY_LOGGERS: tuple[str, ...] = (
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "uvicorn.access",
    "httpx",
    "httpcore",
    "apscheduler",
    "alembic.runtime.plugins",
)


# Loggers that print whole updates and Bot API parameters at DEBUG: the text of every message,
# including a password sent during /login before the bot can register it for redaction. They
# are never more verbose than INFO, so LOG_LEVEL=DEBUG stays free of secrets.
PAYLOAD_LOGGERS: tuple[str, ...] = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
)


def configure_logging(level: int | str = logging.INFO, secrets: Iterable[str] = ()) -> None:
    """Install one redacting stderr handler on the root logger and quiet the noisy loggers."""
    register_secret(*secrets)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_bot_handler", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    handler._bot_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(root.level, logging.INFO))
