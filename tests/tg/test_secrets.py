"""No password, token, Fernet key, e-mail or full VIN in any message sent or any log line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.log import RedactingFilter, RedactingFormatter, forget_secret, register_secret
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_PASSWORD
from bot.storage import repo_accounts
from tests.tg.conftest import ADMIN, VIN_1, VIN_5, Bot, login


@pytest.fixture
def log_output(settings: Settings) -> Iterator[io.StringIO]:
    """The bot's production log handler (redacting) at DEBUG, writing into a buffer."""
    assert settings.telegram_bot_token is not None
    process_secrets = [settings.telegram_bot_token.get_secret_value()]
    process_secrets += [key.get_secret_value() for key in settings.fernet_keys]
    register_secret(*process_secrets)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(old_level)
    forget_secret(*process_secrets)


async def test_a_whole_session_leaks_no_secret(
    bot: Bot, settings: Settings, log_output: io.StringIO
) -> None:
    await login(bot)
    await bot.press(bot.button("df"))
    account = await repo_accounts.get_account(bot.db, user_id=ADMIN)
    assert account is not None
    stored = await repo_accounts.load_credentials(
        bot.db, cipher=bot.services.cipher, account_id=account.id
    )
    assert stored is not None
    assert stored.tokens is not None
    for text in ("/status", "/location", "/climate 22", "/unlock", "/history", "/cars"):
        await bot.send(text)
        bot.advance(6)
    await bot.press(bot.button("cf"))
    bot.sim.expire_tokens()
    bot.advance(6)
    await bot.send("/lock")
    bot.sim.inject_http(500, path_contains="telematics")
    bot.advance(6)
    await bot.send("/horn")
    await bot.send("/logout")
    await bot.press(bot.button("cf"))

    assert settings.telegram_bot_token is not None
    secrets = {
        "password": DEMO_PASSWORD,
        "bot token": settings.telegram_bot_token.get_secret_value(),
        "fernet key": settings.fernet_keys[0].get_secret_value(),
        "access token": stored.tokens.access_token,
        "refresh token": stored.tokens.refresh_token,
        "oauth token": stored.tokens.oauth_access_token,
        "vin #1": VIN_1,
        "vin #5": VIN_5,
    }
    sent = str([call.params for call in bot.api.calls])
    logs = log_output.getvalue()
    assert "sending" in logs  # the log really was captured
    for name, value in secrets.items():
        assert value
        assert value not in sent, f"{name} in a message"
        assert value not in logs, f"{name} in the log"
    assert DEMO_EU_EMAIL not in sent
