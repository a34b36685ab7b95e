"""Fixtures of the end-to-end tests: a world per test, and the secret scan of every log line.

The scan runs after every test of this folder: each bot process's log file, and whatever the
test process itself logged, as the production handler would have written it (redacting
formatter, noisy loggers quieted). No password, bot token, Fernet key, cloud token, full VIN
or car position may appear. The bot processes log at DEBUG, so every line is scanned.
"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.log import NOISY_LOGGERS, PAYLOAD_LOGGERS, RedactingFilter, RedactingFormatter
from bot.smart.backoff import LOGIN_BACKOFF
from tests.e2e.harness import (
    LOG_FILES,
    SESSION_POSITIONS,
    SESSION_SECRETS,
    VIN_1,
    VIN_3,
    VIN_5,
    World,
)

FULL_VINS = (VIN_1, VIN_3, VIN_5)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """A fresh fake Telegram, simulated cloud and SQLite database; bots are killed after."""
    async with World.open(tmp_path) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _fresh_login_backoff() -> Iterator[None]:
    """The cloud client's process-wide login back-off must not carry over between tests."""
    LOGIN_BACKOFF.clear()
    yield
    LOGIN_BACKOFF.clear()


@pytest.fixture(autouse=True)
def process_log() -> Iterator[io.StringIO]:
    """What this test process logs, formatted by the production (redacting) handler."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    quieted = {
        **dict.fromkeys(NOISY_LOGGERS, logging.WARNING),
        **dict.fromkeys(PAYLOAD_LOGGERS, logging.INFO),
    }
    levels = {name: logging.getLogger(name).level for name in quieted}
    old_root = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name, level in quieted.items():
        logging.getLogger(name).setLevel(level)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(old_root)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def leaks(text: str, secrets: set[str]) -> list[str]:
    """Descriptions of the secrets (shortened), car positions and full VINs found in `text`."""
    found = [f"secret {s[:3]}…({len(s)} chars)" for s in secrets if s and s in text]
    found += [f"full VIN …{vin[-4:]}" for vin in FULL_VINS if vin in text]
    found += [f"position {p[:3]}…" for p in SESSION_POSITIONS if p in text]
    return found


@pytest.fixture(autouse=True)
def _no_secret_in_any_log(process_log: io.StringIO) -> Iterator[None]:
    """After the test: scan the new bot log files and this process's log output."""
    first_new = len(LOG_FILES)
    yield
    problems: list[str] = []
    for path in LOG_FILES[first_new:]:
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += [f"{path.name}: {leak}" for leak in leaks(text, SESSION_SECRETS)]
    own = leaks(process_log.getvalue(), SESSION_SECRETS)
    problems += [f"test process log: {leak}" for leak in own]
    assert not problems, "secrets in log output: " + "; ".join(problems)


# The in-process application of the handler tests, for the property tests of this folder.
from tests.tg.conftest import bot, logged_in, sim  # noqa: E402, F401
