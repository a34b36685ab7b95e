"""What the bot sends always fits Telegram: echoed input is cut, every text stays within the
limits, and one server error of the Bot API (500, 502) costs no reply and no alert."""

from __future__ import annotations

import pytest

from tests.e2e.cloud import command_requests
from tests.e2e.harness import ADMIN, VIN_1, World, alert_texts, button, login

pytestmark = pytest.mark.slow
LETTERS = "abcdefghij" * 400  # 4,000 letters


async def test_a_command_with_4000_letters_gets_a_short_reply(world: World) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    commands_before = len(command_requests(world.sim))
    for command in ("/lock", "/status", "/location", "/climate 22", "/share 2002", "/horn"):
        reply = await owner.ask(f"{command} {LETTERS}", "abcdefghij")
        assert "…" in reply.text, "the echo is cut"
        assert len(reply.text) < 1000, reply.text[:200]
    assert [c for c in world.tg.calls if not c.ok] == [], "Telegram refused nothing"
    assert len(command_requests(world.sim)) == commands_before


async def test_one_server_error_on_a_reply_or_a_button_answer_is_retried(world: World) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    for status in (500, 502, 503):
        world.tg.fail_next(status, method="sendMessage", chat_id=ADMIN)
        await owner.ask("/help", "/status")
    world.tg.fail_next(502, method="editMessageText", chat_id=ADMIN)
    progress = await owner.ask("/lock", "Locking")
    await owner.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=30
    )
    card = await owner.ask("/status", "smart #1")
    world.tg.fail_next(500, method="answerCallbackQuery")
    query_id = await world.tg.user_presses(ADMIN, card.message_id, button(card, "rf"))
    await world.tg.wait_for(
        lambda: any(
            c.params.get("callback_query_id") == query_id
            for c in world.tg.calls_to("answerCallbackQuery")
        ),
        timeout=15,
        what="the button answer",
    )
    # Refresh of an unchanged card meets Telegram's "message is not modified" (handled, no fault).
    failed = [c for c in world.tg.calls if not c.ok and "not modified" not in c.error]
    assert len(failed) == 5, "every injected failure was met"


async def test_an_alert_survives_two_bad_gateways_without_waiting_for_the_outbox(
    world: World,
) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    await world.first_poll_stored(VIN_1)
    world.tg.fail_next(502, count=2, method="sendMessage", chat_id=ADMIN)
    world.sim.open_door(VIN_1, "driver")
    await owner.wait_message("driver door", timeout=40)

    async def marked_sent() -> bool:
        return bool(await world.sql("SELECT id FROM outbox WHERE sent_at IS NOT NULL"))

    await world.wait_until(marked_sent, what="the outbox row to be marked sent")
    rows = await world.sql("SELECT attempts FROM outbox")
    assert rows == [(0,)], "delivered at the first outbox attempt"
    assert len(alert_texts(owner)) == 1
