"""Errors become user messages in one place; bugs get an error id and a redacted admin report."""

from __future__ import annotations

import re

import pytest

from bot.commands.errors import (
    AmbiguousCarError,
    CarBusyError,
    CarGoneError,
    CarNotChosenError,
    CommandError,
    NotLoggedInError,
    StateRefusedError,
    UnknownCarError,
    UnsupportedActionError,
)
from bot.smart import errors as smart_errors
from bot.smart.errors import RateLimitedError, SmartAPIError
from bot.storage.crypto import CredentialsUndecryptableError
from bot.tg.errors import USER_MESSAGES, message_key, split_message, user_message
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


def test_every_error_a_user_can_meet_has_its_own_entry_in_the_mapping() -> None:
    # Inheriting the generic cloud text would hide a missing entry: each class needs its own.
    classes: set[type[Exception]] = {
        SmartAPIError,
        *_leaves(SmartAPIError),
        *_leaves(CommandError),
        CredentialsUndecryptableError,
    }
    missing = sorted(cls.__name__ for cls in classes if cls not in USER_MESSAGES)
    assert missing == []


# What each use-case error carries when it is raised (`bot.commands`).
_DETAILS: dict[type[CommandError], dict[str, object]] = {
    NotLoggedInError: {},
    UnknownCarError: {"query": "red", "names": "Blue, Black", "command": "lock", "car": "Blue"},
    AmbiguousCarError: {"query": "b", "names": "Blue, Black"},
    CarNotChosenError: {"command": "lock", "car": "Blue"},
    CarGoneError: {},
    UnsupportedActionError: {"model": "#1", "command": "chargelid"},
    CarBusyError: {"seconds": 4},
    StateRefusedError: {
        "action": "charge_start",
        "reason": "not_plugged_in",
        "name": "Blue",
        "age_seconds": 400,
        "stale": True,
    },
}


@pytest.mark.parametrize("lang", list(Lang))
def test_every_use_case_error_reads_as_a_full_sentence(lang: Lang) -> None:
    assert set(_DETAILS) == _leaves(CommandError)
    for cls, details in _DETAILS.items():
        text = user_message(lang, cls(**details))
        assert text, cls
        assert "{" not in text


def test_a_use_case_error_names_the_command_as_it_is_typed() -> None:
    text = user_message(Lang.EN, CarNotChosenError(command="lock", car="Blue"))
    assert text is not None
    assert "e.g. /lock Blue," in text
    unsupported = user_message(Lang.EN, UnsupportedActionError(model="#1", command="chargelid"))
    assert unsupported == "The smart #1 has no such function (/chargelid)."


def test_an_unplugged_refusal_says_why_how_old_and_that_it_may_be_tried_anyway() -> None:
    details = {"action": "charge_start", "reason": "not_plugged_in", "name": "Blue"}
    fresh = user_message(Lang.EN, StateRefusedError(**details, age_seconds=90, stale=False))
    assert fresh == (
        "🔌 <b>Blue</b> is not plugged in (status from 1 min ago), so charging cannot start. "
        "Plug in the cable first."
    )
    old = user_message(Lang.DE, StateRefusedError(**details, age_seconds=7200, stale=True))
    assert old == (
        "🔌 <b>Blue</b> ist nicht angesteckt (Stand: vor 2 Std.), Laden kann nicht starten. "
        "Bitte zuerst das Kabel einstecken.\n"
        "Dieser Status ist alt: Steckt das Kabel jetzt, tippe auf „Trotzdem senden“."
    )


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
