"""The /login conversation: region, e-mail, password (deleted at once), and every way out."""

from __future__ import annotations

import logging

import pytest

from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD
from bot.storage import repo_accounts, repo_login, repo_vehicles
from tests.tg.conftest import ADMIN, Bot, login


async def test_login_deletes_the_password_stores_the_account_and_lists_the_cars(bot: Bot) -> None:
    start = await bot.send("/login")
    assert "second Smart account" in start[0].text  # the digital-key advice
    assert {"Europe", "International"} <= {b["text"] for b in start[1].buttons}
    calls = await login(bot)
    assert calls[0].method == "deleteMessage"
    texts = bot.texts(calls)
    assert "Logged in. I found 2 cars:" in texts[-2]
    assert "B-SM 101" in texts[-2]
    assert "#5" in texts[-2]
    assert "default" in texts[-1]
    account = await repo_accounts.get_account(bot.db, user_id=ADMIN)
    assert account is not None
    assert account.has_tokens
    assert len(await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN)) == 2


async def test_the_password_is_never_sent_logged_or_kept(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await login(bot)
    everything = str([c.params for c in bot.api.calls]) + caplog.text
    assert DEMO_PASSWORD not in everything
    assert (
        await repo_login.get_login_step(bot.db, cipher=bot.services.cipher, user_id=ADMIN) is None
    )


async def test_an_intl_account_logs_in_through_the_international_cloud(bot: Bot) -> None:
    calls = await login(bot, email=DEMO_INTL_EMAIL, region="INTL")
    assert "found 1 car:" in bot.texts(calls)[-1]
    assert "#3" in bot.texts(calls)[-1]


async def test_a_wrong_password_gets_its_own_reply_and_stores_nothing(bot: Bot) -> None:
    calls = await login(bot, password="not-the-password")
    assert "refused the e-mail or password" in bot.texts(calls)[-1]
    assert await repo_accounts.get_account(bot.db, user_id=ADMIN) is None


async def test_a_blocked_login_says_when_to_try_again(bot: Bot) -> None:
    bot.sim.inject_http(429, count=5, retry_after=120)
    calls = await login(bot)
    assert "blocking logins" in bot.texts(calls)[-1]
    assert "2 min" in bot.texts(calls)[-1]


async def test_a_cloud_outage_during_login_gets_its_own_reply(bot: Bot) -> None:
    bot.sim.inject_http(502, count=20)
    calls = await login(bot)
    assert "not reachable" in bot.texts(calls)[-1]


async def test_an_undeletable_password_message_asks_the_user_to_delete_it(bot: Bot) -> None:
    bot.api.fail("deleteMessage", 400, "Bad Request: message can't be deleted")
    calls = await login(bot)
    assert any("delete it yourself" in text for text in bot.texts(calls))
    assert "Logged in" in bot.texts(calls)[-2]


async def test_an_invalid_email_is_explained_with_an_example(bot: Bot) -> None:
    await bot.send("/login")
    await bot.press("v1:rg:EU")
    calls = await bot.send("not-an-email")
    assert "example.com" in calls[0].text
    calls = await bot.send(DEMO_EU_EMAIL)
    assert "password" in calls[0].text.lower()


async def test_cancel_ends_the_conversation(bot: Bot) -> None:
    await bot.send("/login")
    await bot.press("v1:rg:EU")
    assert "cancelled" in (await bot.send("/cancel"))[0].text
    assert "Send a command" in (await bot.send(DEMO_EU_EMAIL))[0].text
    assert "nothing to cancel" in (await bot.send("/cancel"))[0].text


async def test_a_password_sent_after_the_timeout_is_deleted_and_not_used(bot: Bot) -> None:
    await bot.send("/login")
    await bot.press("v1:rg:EU")
    await bot.send(DEMO_EU_EMAIL)
    bot.advance(301)
    calls = await bot.send(DEMO_PASSWORD)
    assert calls[0].method == "deleteMessage"
    assert "timed out" in bot.texts(calls)[0]
    assert await repo_accounts.get_account(bot.db, user_id=ADMIN) is None


async def test_the_timeout_job_tells_the_user_once(bot: Bot) -> None:
    await bot.send("/login")
    jobs = bot.app.job_queue.get_jobs_by_name(f"login-timeout-{ADMIN}")  # type: ignore[union-attr]
    assert jobs
    bot.advance(301)
    bot.api.clear()
    await jobs[-1].run(bot.app)
    assert "timed out" in bot.last_text()
    bot.api.clear()
    await jobs[-1].run(bot.app)
    assert bot.api.calls == []


async def test_the_timeout_job_keeps_quiet_when_the_user_moved_on(bot: Bot) -> None:
    await bot.send("/login")
    first = bot.app.job_queue.get_jobs_by_name(f"login-timeout-{ADMIN}")[0]  # type: ignore[union-attr]
    bot.advance(100)
    await bot.press("v1:rg:EU")
    bot.advance(250)
    bot.api.clear()
    await first.run(bot.app)
    assert bot.api.calls == []


async def test_a_region_button_of_a_finished_login_is_stale(bot: Bot) -> None:
    await bot.send("/login")
    await bot.send("/cancel")
    calls = await bot.press("v1:rg:EU")
    assert "finished or has expired" in bot.texts(calls)[0]


async def test_logout_asks_then_deletes_the_account(logged_in: Bot) -> None:
    calls = await logged_in.send("/logout")
    assert "Forget your Smart account" in calls[0].text
    done = await logged_in.press(logged_in.button("cf"))
    assert "deleted" in logged_in.texts(done)[0]
    assert done[-1].method == "answerCallbackQuery" or done[0].method == "answerCallbackQuery"
    assert await repo_accounts.get_account(logged_in.db, user_id=ADMIN) is None
    assert "not logged in" in (await logged_in.send("/logout"))[0].text


async def test_commands_without_an_account_point_to_login(bot: Bot) -> None:
    calls = await bot.send("/status")
    assert "/login" in calls[0].text
