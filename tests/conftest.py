"""Shared fixtures: settings built in code (never from os.environ), throw-away keys."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot.config import Settings
from tests.db_fixtures import (  # noqa: F401  (fixtures shared by every test folder)
    _databases,
    cipher,
    database_url,
    db_fixture,
    empty_database_url,
)

TEST_TOKEN = "123456789:AAE-test-token-abcdefghijklmnopqrstuvw"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own bot settings."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def fernet_key() -> str:
    """A fresh Fernet key for one test."""
    return Fernet.generate_key().decode()


@pytest.fixture
def settings(fernet_key: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Valid settings for a bot on a temporary SQLite file, ignoring the real environment."""
    db = tmp_path_factory.mktemp("db") / "bot.db"
    return Settings(
        _env_file=None,
        telegram_bot_token=TEST_TOKEN,
        fernet_keys=fernet_key,
        admin_user_ids="1001",
        database_url=f"sqlite+aiosqlite:///{db}",
    )
