"""Forged buttons for another user's car, replayed and foreign confirmations, and a user
removed by /deny: the real bot refuses each, sends nothing to the cloud, and audits it."""

from __future__ import annotations

import pytest

from bot.simulator.seed import DEMO_INTL_EMAIL
from tests.e2e.cloud import command_requests
from tests.e2e.harness import ADMIN, VIN_1, World, button, login
from tests.e2e.journeys import audit_rows

pytestmark = pytest.mark.slow
FRIEND = 2002


async def _toasts(world: World, chat_id: int) -> list[str]:
    return [s.text for s in world.tg.transcript if s.kind == "toast" and s.chat_id == chat_id]


async def test_forged_replayed_and_denied_presses_are_refused_audited_and_never_sent(
    world: World,
) -> None:
    await world.start_bot()
    owner, friend = world.user(ADMIN), world.user(FRIEND)
    await login(owner)
    await owner.ask(f"/allow {FRIEND} Ben", "may now use the bot")
    await login(friend, region="INTL", email=DEMO_INTL_EMAIL)
    owner_car = (await world.sql("SELECT id FROM vehicles WHERE vin = :vin", vin=VIN_1))[0][0]
    friend_card = await friend.ask("/status", "smart #3")
    lock_own_car = button(friend_card, "lk")
    sent_before = len(command_requests(world.sim))
    answered_before = len(world.tg.calls_to("answerCallbackQuery"))

    # A forged button: the friend's own status card, but the owner's car id in the data.
    for op in ("lk", "ul", "rf", "lo", "c1", "g1"):
        await friend.press(friend_card, f"v1:{op}:{owner_car}")
    # The owner's confirmation, pressed by the friend.
    question = await owner.ask("/unlock", "Unlock the doors")
    confirm = button(question, "cf")
    await friend.press(friend_card, confirm)
    # Junk that only looks like our data.
    for junk in ("v1:lk:1' OR 1=1", "v2:lk:1", "v1:zz:1", "x" * 64):
        await friend.press(friend_card, junk)
    await world.handled()
    assert len(command_requests(world.sim)) == sent_before, "nothing reached the cloud"
    assert world.tg.calls_to("sendLocation", FRIEND) == [], "no position of the owner's car"
    assert not [m for m in friend.bot_messages() if "#1" in m.text], "nothing about the #1"
    rejected = await audit_rows(world, user_id=FRIEND, result="rejected")
    reasons = [row.params.get("reason") for row in rejected]
    assert reasons.count("car_not_reachable") == 6
    assert reasons.count("unknown_confirmation") == 1
    assert reasons.count("unknown_button") == 4
    assert len(world.tg.calls_to("answerCallbackQuery")) == answered_before + 11
    assert not [c for c in world.tg.calls if not c.ok], "no call was refused by Telegram"
    assert "expired" in (await _toasts(world, FRIEND))[-1]

    # The owner confirms once; a replay is refused and audited.
    await owner.tap(question, "cf", "Unlocking")
    await owner.press(question, confirm)  # a double tap, or a replay of the same data
    await world.handled()
    replays = await audit_rows(world, user_id=ADMIN, result="rejected")
    assert [r.params.get("reason") for r in replays] == ["replayed_confirmation"]
    await world.wait_until(
        lambda: len(command_requests(world.sim, "RDU_2")) == 1, what="the one unlock request"
    )

    # The friend is denied: their stored credentials are gone, and they are refused.
    await owner.ask(f"/deny {FRIEND}", str(FRIEND))
    assert await world.sql("SELECT id FROM smart_accounts WHERE user_id = :u", u=FRIEND) == []
    sent_before = len(command_requests(world.sim))
    refusal = await friend.ask("/lock", "Telegram id")
    assert f"<code>{FRIEND}</code>" in refusal.text
    await friend.press(friend_card, lock_own_car)
    await world.handled()
    assert len(command_requests(world.sim)) == sent_before
    refused = await audit_rows(world, user_id=FRIEND, action="refused")
    assert len(refused) == 1
    assert refused[0].result == "rejected"
