"""A slow cloud holds up only the user who waits for it (issue 18 items 2 and 16).

The bot handles updates of different users at once and each user's in order; a button press
is answered before any cloud call; the status reads of a car are coalesced (one in flight,
the answer reused for a few seconds), so Refresh pressed again and again costs the owner's
account one cloud read, not one per press.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.simulator.seed import DEMO_INTL_EMAIL
from tests.e2e.cloud import status_requests
from tests.e2e.harness import ADMIN, PROBE, VIN_1, World, button, login

pytestmark = pytest.mark.slow
FRIEND = 2002
STATUS_OF_1 = f"/vehicle/status/{VIN_1}"


async def test_a_15_s_cloud_delay_for_one_user_leaves_another_users_reply_within_1_s(
    world: World,
) -> None:
    await world.start_bot()
    owner, friend, probe = world.user(ADMIN), world.user(FRIEND), world.user(PROBE)
    await login(owner)
    await owner.ask(f"/allow {FRIEND} Ben", "may now use the bot")
    await login(friend, region="INTL", email=DEMO_INTL_EMAIL)
    card = await owner.ask("/status", "smart #1")
    await world.first_poll_stored(VIN_1)
    await asyncio.sleep(5.5)  # the card's read is no longer reused: Refresh asks the cloud

    world.sim.inject_delay(15, count=3, path_contains=STATUS_OF_1)
    answered = len(world.tg.calls_to("answerCallbackQuery"))
    started = time.monotonic()
    await owner.press(card, button(card, "rf"))
    # The press is answered at once, while its cloud read is still held.
    await world.tg.wait_for(
        lambda: len(world.tg.calls_to("answerCallbackQuery")) > answered,
        timeout=1.0,
        what="the Refresh press to be answered",
    )
    # Meanwhile the others are served: the friend's own car, an admin's /help.
    reply = await friend.ask("/status", "smart #3", timeout=1.0)
    assert "🔋" in reply.text
    await probe.ask("/help", "/status", timeout=1.0)
    assert time.monotonic() - started < 3.0

    # The owner's card is refreshed once the cloud answers.
    await world.wait_until(
        lambda: any(
            c.method == "editMessageText" and c.params.get("message_id") == card.message_id
            for c in world.tg.calls
        ),
        timeout=30,
        what="the owner's card to be refreshed",
    )
    assert time.monotonic() - started >= 14


async def test_refresh_and_status_pressed_20_times_cost_the_cloud_one_read(world: World) -> None:
    await world.start_bot(POLL_INTERVAL_IDLE="300")
    owner = world.user(ADMIN)
    await login(owner)
    card = await owner.ask("/status", "smart #1")
    await world.first_poll_stored(VIN_1)
    await asyncio.sleep(5.5)  # the first card's read is no longer reused
    before = len(status_requests(world.sim, VIN_1))
    refresh = button(card, "rf")
    for _ in range(10):
        await owner.press(card, refresh)
        await owner.send("/status")
    await world.handled()
    assert len(status_requests(world.sim, VIN_1)) - before == 1
