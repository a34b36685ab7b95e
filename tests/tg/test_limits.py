"""Every text the bot sends fits Telegram's limits, whoever wrote the call: cut with its HTML
still valid, a button answer to 200 characters, a caption to 1,024."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest

from bot.tg.botapi import RetryingRequest
from bot.tg.limits import clip, fit_html, tg_len
from tests.tg.conftest import ADMIN, Bot
from tests.tg.harness import RecordingRequest, check_html


async def test_an_over_long_message_is_cut_with_valid_html(bot: Bot) -> None:
    text = "<b>Title</b>\n" + "<i>äöü &amp; 😀</i> " * 1000
    await bot.app.bot.send_message(ADMIN, text)
    sent = bot.api.last("sendMessage").text
    assert tg_len(sent) <= 4096
    assert sent.startswith("<b>Title</b>")
    assert sent.endswith("…</i>") or sent.endswith("…")
    check_html(sent)


async def test_edits_and_button_answers_are_fitted_too(bot: Bot) -> None:
    await bot.app.bot.edit_message_text("x" * 5000, chat_id=ADMIN, message_id=7)
    assert len(bot.api.last("editMessageText").text) == 4096
    await bot.app.bot.answer_callback_query("q1", text="y" * 300)
    answer = bot.api.last("answerCallbackQuery").params["text"]
    assert len(answer) == 200
    assert answer.endswith("…")


def test_cuts_never_split_a_tag_an_entity_or_an_emoji() -> None:
    for size in range(1, 60):
        cut = fit_html('<a href="https://x.y/">&lt;ab😀c&gt;</a> tail', size + 10)
        check_html(cut)
        assert "&lt" not in cut.replace("&lt;", "")
    assert clip("😀" * 10, 5) == "😀😀…"


async def test_a_transient_server_error_is_retried_and_a_bad_request_is_not() -> None:
    inner = RecordingRequest()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    request = RetryingRequest(inner, sleep=sleep)
    inner.fail("sendMessage", 502, "Bad Gateway")
    inner.fail("sendMessage", 500, "Internal Server Error")
    payload = await request.post("http://x/botT/sendMessage", request_data=None)
    assert payload is not None
    assert len(slept) == 2
    inner.fail("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await request.post("http://x/botT/sendMessage", request_data=None)
    assert len(slept) == 2, "a bad request is final"
