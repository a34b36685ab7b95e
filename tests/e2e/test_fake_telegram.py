"""The fake Bot API behaves like Telegram where the bot could get it wrong."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, Defaults

import bot  # noqa: F401  (opts in to timedelta durations)
from tests.conftest import TEST_TOKEN
from tests.e2e.fake_telegram import WEBHOOK_SECRET_HEADER, FakeTelegram, free_port
from tests.e2e.telegram_html import HtmlError, check_html


@pytest.mark.parametrize(
    "text",
    ["<b>x", "a < b", "Tom & Jerry", "<div>x</div>", "<b><i>x</b></i>", '<a hreff="x">y</a>'],
)
def test_html_that_telegram_refuses_is_refused(text: str) -> None:
    with pytest.raises(HtmlError):
        check_html(text)


def test_valid_html_is_measured_by_its_visible_length() -> None:
    assert check_html('<b>Blue</b> &amp; <a href="https://x.y">map</a>') == len("Blue x map")


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Tap", callback_data="v1:tap:1")]])
    await update.effective_message.reply_text("<b>pong</b>", reply_markup=keyboard)


async def _tap(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text("tapped")


async def test_a_real_application_polls_the_fake_and_its_replies_are_recorded() -> None:
    async with FakeTelegram() as tg:
        app = (
            Application.builder()
            .token(TEST_TOKEN)
            .base_url(tg.base_url)
            .defaults(Defaults(parse_mode=ParseMode.HTML))
            .build()
        )
        app.add_handler(CommandHandler("ping", _echo))
        app.add_handler(CallbackQueryHandler(_tap))
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await app.start()
            await tg.user_sends(7, "/ping")
            await tg.wait_for(lambda: bool(tg.calls_to("sendMessage", 7)), what="the reply")
            reply = tg.last_bot_message(7)
            assert reply.text == "<b>pong</b>"
            await tg.user_presses(7, reply.message_id, "v1:tap:1")
            await tg.wait_for(lambda: tg.last_bot_message(7).text == "tapped", what="the edit")
            assert len(tg.calls_to("answerCallbackQuery")) == 1
            await app.updater.stop()
            await app.stop()


async def test_telegram_rules_are_enforced_on_sends_and_edits() -> None:
    async with FakeTelegram() as tg:
        app = Application.builder().token(TEST_TOKEN).base_url(tg.base_url).build()
        async with app:
            bot = app.bot
            sent = await bot.send_message(5, "hello")
            with pytest.raises(BadRequest, match="not modified"):
                await bot.edit_message_text("hello", chat_id=5, message_id=sent.message_id)
            with pytest.raises(BadRequest, match="too long"):
                await bot.send_message(5, "x" * 4097)
            with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
                await bot.send_message(5, "a < b", parse_mode=ParseMode.HTML)
            big = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
            with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
                await bot.send_message(5, "hi", reply_markup=big)
            tg.block(6)
            with pytest.raises(Forbidden):
                await bot.send_message(6, "hi")
            tg.fail_next(429, retry_after=3, method="sendMessage")
            with pytest.raises(RetryAfter) as info:
                await bot.send_message(5, "hi")
            assert info.value.retry_after == timedelta(seconds=3)


async def test_a_live_location_moves_until_it_is_stopped_like_on_telegram() -> None:
    async with FakeTelegram() as tg:
        app = Application.builder().token(TEST_TOKEN).base_url(tg.base_url).build()
        async with app:
            bot = app.bot
            with pytest.raises(BadRequest, match="live period"):
                await bot.send_location(5, latitude=52.5, longitude=13.4, live_period=30)
            live = await bot.send_location(5, latitude=52.5, longitude=13.4, live_period=3600)
            assert live.location is not None
            assert live.location.live_period == timedelta(hours=1)
            moved = await bot.edit_message_live_location(
                chat_id=5, message_id=live.message_id, latitude=52.51, longitude=13.41
            )
            assert isinstance(moved, Message)
            assert moved.location is not None
            assert moved.location.latitude == 52.51
            with pytest.raises(BadRequest, match="not modified"):
                await bot.edit_message_live_location(
                    chat_id=5, message_id=live.message_id, latitude=52.51, longitude=13.41
                )
            await bot.stop_message_live_location(chat_id=5, message_id=live.message_id)
            with pytest.raises(BadRequest, match="can't be edited"):
                await bot.edit_message_live_location(
                    chat_id=5, message_id=live.message_id, latitude=52.52, longitude=13.42
                )
            with pytest.raises(BadRequest, match="can't be edited"):
                await bot.stop_message_live_location(chat_id=5, message_id=live.message_id)
            still = await bot.send_location(5, latitude=52.5, longitude=13.4)
            with pytest.raises(BadRequest, match="can't be edited"):  # not a live location
                await bot.edit_message_live_location(
                    chat_id=5, message_id=still.message_id, latitude=52.6, longitude=13.5
                )


async def test_a_callback_query_can_be_answered_only_once() -> None:
    async with FakeTelegram() as tg:
        query_id = await tg.user_presses(9, 1, "v1:x:1")
        async with httpx.AsyncClient() as client:
            url = f"{tg.base_url}{TEST_TOKEN}/answerCallbackQuery"
            first = await client.post(url, data={"callback_query_id": query_id})
            second = await client.post(url, data={"callback_query_id": query_id})
        assert first.json()["ok"] is True
        assert second.status_code == 400
        assert "query is too old" in json.loads(second.content)["description"]


async def test_in_webhook_mode_updates_go_to_the_replicas_in_turn_with_the_secret() -> None:
    received: list[tuple[str, str | None, str]] = []

    async def hook(request: Request) -> JSONResponse:
        update = await request.json()
        received.append(
            (
                request.url.path,
                request.headers.get(WEBHOOK_SECRET_HEADER),
                update["message"]["text"],
            )
        )
        return JSONResponse({"ok": True})

    port = free_port()
    app = Starlette(
        routes=[Route("/a", hook, methods=["POST"]), Route("/b", hook, methods=["POST"])]
    )
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        async with FakeTelegram() as tg:
            base = f"http://127.0.0.1:{port}"
            tg.use_webhook([f"{base}/a", f"{base}/b"], "a-shared-secret-value")
            for text in ("one", "two", "three"):
                await tg.user_sends(7, text)
            assert tg.polls == 0
    finally:
        server.should_exit = True
        await task
    assert received == [
        ("/a", "a-shared-secret-value", "one"),
        ("/b", "a-shared-secret-value", "two"),
        ("/a", "a-shared-secret-value", "three"),
    ]
