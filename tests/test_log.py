from __future__ import annotations

import logging

import pytest

from bot.log import (
    RedactingFilter,
    RedactingFormatter,
    configure_logging,
    forget_secret,
    redact,
    register_secret,
    short_vin,
)
from tests.conftest import TEST_TOKEN

VIN = "HESXR1C47PS082239"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiIxMTIyMzMifQ.c2lnbmF0dXJlLXN0dWZm"


def test_the_bot_token_is_masked_also_inside_a_bot_api_url() -> None:
    line = redact(f"POST https://api.telegram.org/bot{TEST_TOKEN}/sendMessage")
    assert TEST_TOKEN not in line
    assert line == "POST https://api.telegram.org/bot***/sendMessage"


def test_registered_passwords_and_fernet_keys_are_masked(fernet_key: str) -> None:
    register_secret("hunter2-very-secret", fernet_key)
    try:
        line = redact(f"login with hunter2-very-secret using {fernet_key}")
    finally:
        forget_secret("hunter2-very-secret", fernet_key)
    assert "hunter2" not in line
    assert fernet_key not in line


@pytest.mark.parametrize(
    "text",
    [
        f"authorization: {JWT}",
        "refresh_token=st2.s.AcbHPqUK5Q.xOaWfoo-bar_baz",
        '{"accessToken": "opaque-session-token-value"}',
        '{"refreshToken":"ODMxYzE2ZDM1ZmI4NDJhNg=="}',
        "password=swordfish123",
        "token gAAAAABl1234567890abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_token_shaped_values_are_masked(text: str) -> None:
    line = redact(text)
    for secret in (JWT, "st2.s.AcbHPqUK5Q", "opaque-session-token-value", "ODMxYzE2", "swordfish"):
        assert secret not in line
    assert "gAAAAABl1234567890abcdef" not in line
    assert "***" in line


def test_full_vins_are_shortened_to_their_last_four_characters() -> None:
    assert redact(f"polling {VIN} now") == "polling …2239 now"
    assert short_vin(VIN) == "…2239"


def test_ordinary_words_and_numbers_survive_redaction() -> None:
    text = "battery 89 % range 269 km at 2026-11-27 EXAMPLEWORDSONLY"
    assert redact(text) == text


def test_the_filter_redacts_arguments_and_the_formatter_redacts_tracebacks() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s vin %s", (JWT, VIN), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "token *** vin …2239"
    try:
        raise ValueError(f"bad {TEST_TOKEN}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    text = RedactingFormatter().format(record)
    assert "Traceback" in text
    assert TEST_TOKEN not in text


def test_configure_logging_keeps_httpx_quiet_so_bot_api_urls_are_not_logged() -> None:
    configure_logging("DEBUG")
    try:
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger().level == logging.DEBUG
    finally:
        configure_logging("WARNING")


def test_debug_logging_never_prints_telegram_payloads_where_a_password_could_be() -> None:
    configure_logging("DEBUG")
    try:
        for name in ("telegram.ext.ExtBot", "telegram.Bot", "telegram.ext.Application"):
            assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
            assert logging.getLogger(name).isEnabledFor(logging.INFO), name
        assert logging.getLogger("bot.tg").isEnabledFor(logging.DEBUG)
    finally:
        configure_logging("WARNING")
    assert not logging.getLogger("telegram.ext.ExtBot").isEnabledFor(logging.INFO)


@pytest.mark.parametrize(
    "text",
    [
        '{"latitude": "189072029", "longitude": "48257834"}',
        "latitude=52.520008 longitude=13.404954",
        "'lat': 52.520008, 'lon': 13.404954",
        "location at (52.520008, 13.404954)",
        '"position":{"latitude":189072029,"longitude":48257834}',
    ],
)
def test_positions_are_masked_like_other_personal_data(text: str) -> None:
    line = redact(text)
    for needle in ("52.52", "13.40", "189072029", "48257834"):
        assert needle not in line, line


def test_driver_and_engine_loggers_stay_quiet_even_at_debug() -> None:
    configure_logging("DEBUG")
    try:
        for name in ("aiosqlite", "sqlalchemy.engine", "asyncpg", "uvicorn.access"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    finally:
        configure_logging("INFO")
