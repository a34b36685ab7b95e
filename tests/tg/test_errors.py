"""Errors become user messages in one place; bugs get an error id and a redacted admin report."""

from __future__ import annotations

import re

import pytest

from bot.smart import errors as smart_errors
from bot.smart.errors import RateLimitedError, SmartAPIError
from bot.storage.crypto import CredentialsUndecryptableError
from bot.tg.errors import message_key, split_message, user_message
from bot.tg.handlers import status as status_handlers
from bot.tg.i18n import Lang
from tests.tg.conftest import Bot


def _leaves(cls: type[Exception]) -> set[type[Exception]]:
    subclasses = set(cls.__subclasses__())
    return subclasses.union(*(_leaves(sub) for sub in subclasses)) if subclasses else set()


def test_every_cloud_error_has_a_message_in_both_languages() -> None:
    classes = {SmartAPIError, CredentialsUndecryptableError, *_leaves(SmartAPIError)}
    assert len(classes) >= 10
    for cls in classes:
        assert message_key(cls("x")) is not None, cls
        for lang in Lang:
            text = user_message(lang, cls("x"))
            assert text
            assert "{" not in text


def test_a_subclass_inherits_its_parents_message() -> None:
    class NewKindOfRefusal(smart_errors.CommandRejectedError):
        pass

    assert message_key(NewKindOfRefusal("x")) == "error.rejected"


def test_the_wait_is_part_of_a_rate_limit_message() -> None:
    text = user_message(Lang.EN, RateLimitedError("slow down", retry_after=90))
    assert text == "The Smart cloud asks us to slow down. Please try again in 90 s."


def test_an_unknown_exception_has_no_message() -> None:
    assert message_key(RuntimeError("x")) is None


async def test_a_bug_gives_an_apology_with_an_id_and_a_redacted_report(
    logged_in: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"boom access_token={secret}")

    monkeypatch.setattr(status_handlers, "resolve_car", broken)
    calls = await logged_in.send("/status")
    texts = logged_in.texts(calls)
    apology = next(text for text in texts if text.startswith("Sorry"))
    error_id = re.search(r"<code>([0-9a-f]{8})</code>", apology)
    assert error_id is not None
    report = next(text for text in texts if "Error " + error_id.group(1) in text)
    assert "RuntimeError" in report
    assert "Traceback" in report
    assert secret not in report
    assert secret not in str([c.params for c in calls])
    assert error_id.group(1) in caplog.text


def test_long_reports_are_split_under_telegrams_limit() -> None:
    parts = split_message("line\n" * 3000)
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
