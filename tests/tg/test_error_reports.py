"""Admin error reports are throttled and grouped: a user repeating a failing command cannot
flood the admins, and the admins still learn how often it happened."""

from __future__ import annotations

import pytest

from bot.tg.handlers import status as status_handlers
from tests.tg.conftest import ADMIN, Bot


def _reports(bot: Bot) -> list[str]:
    return [c.text for c in bot.api.of("sendMessage") if c.text.startswith("⚠️ <b>Error")]


def _apologies(bot: Bot) -> list[str]:
    return [c.text for c in bot.api.of("sendMessage") if c.text.startswith("Sorry")]


def _fail_with(monkeypatch: pytest.MonkeyPatch, kind: type[Exception]) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise kind("boom")

    monkeypatch.setattr(status_handlers, "resolve_car", broken)


async def test_a_repeated_bug_is_reported_once_and_counted_in_the_next_report(
    logged_in: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_with(monkeypatch, RuntimeError)
    for _ in range(20):
        await logged_in.send("/status")
    assert len(_apologies(logged_in)) == 20, "every user still gets an apology with an id"
    assert len(_reports(logged_in)) == 1, "the admin got one report, not twenty"
    assert all(c.params["chat_id"] == ADMIN for c in logged_in.api.of("sendMessage"))

    logged_in.advance(16 * 60)
    await logged_in.send("/status")
    reports = _reports(logged_in)
    assert len(reports) == 2
    assert "19 more like it since" in reports[1]


async def test_many_different_bugs_give_at_most_five_reports_per_quarter_hour(
    logged_in: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds = [RuntimeError, ValueError, LookupError, ArithmeticError, AttributeError]
    kinds += [NotImplementedError, BufferError, EOFError]
    for kind in kinds:
        _fail_with(monkeypatch, kind)
        await logged_in.send("/status")
    assert len(_apologies(logged_in)) == len(kinds)
    assert len(_reports(logged_in)) == 5
    logged_in.advance(16 * 60)
    _fail_with(monkeypatch, EOFError)
    await logged_in.send("/status")
    last = _reports(logged_in)[-1]
    assert "EOFError" in last
    assert "1 more like it" in last
