"""Every kind of button data, captured from the owner's chat, pressed by those who must not
act with it: a stranger, a second allowed user, a sharee whose share was taken back, and the
owner after /logout (issue 18). Nothing reaches the cloud, nothing about the car is shown,
and every press is answered (a refusal, or silence)."""

from __future__ import annotations

import pytest

from bot.tg.keyboards import Op
from tests.e2e.cloud import command_requests
from tests.e2e.harness import ADMIN, VIN_1, User, World, buttons, login

pytestmark = pytest.mark.slow
STRANGER, SECOND, SHAREE = 9009, 3003, 2002
NOT_CAR_BUTTONS = {Op.LANGUAGE, Op.REGION}  # a user's own settings, not about a car


async def _press_all(world: World, user: User, data: list[str]) -> None:
    answered = len(world.tg.calls_to("answerCallbackQuery"))
    mark = user.mark()
    sent = len(command_requests(world.sim))
    for item in data:
        await user.press(1, item)
    await world.handled()
    assert len(command_requests(world.sim)) == sent, f"{user.user_id}: nothing reached the cloud"
    assert len(world.tg.calls_to("answerCallbackQuery")) == answered + len(data)
    assert world.tg.calls_to("sendLocation", user.user_id) == []
    shown = [m.text for m in user.bot_messages(mark)]
    assert not [t for t in shown if "🔋" in t or "#1" in t or "Locking" in t], shown


async def test_captured_buttons_do_nothing_for_those_who_may_not_use_the_car(world: World) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    car = (await world.sql("SELECT id FROM vehicles WHERE vin = :vin", vin=VIN_1))[0][0]
    card = await owner.ask("/status", "smart #1")
    question = await owner.ask("/unlock", "Unlock the doors")
    captured = buttons(card) + buttons(question)
    captured += [f"v1:{op.value}:{car}" for op in Op if op not in NOT_CAR_BUTTONS]
    await owner.ask(f"/allow {SECOND} Sam", "may now use the bot")
    await owner.ask(f"/allow {SHAREE} Ben", "may now use the bot")
    await owner.ask(f"/share {SHAREE} Blue", "is now shared with")
    await owner.ask(f"/unshare {SHAREE} Blue", str(SHAREE))

    for user_id in (STRANGER, SECOND, SHAREE):
        await _press_all(world, world.user(user_id), captured)

    logout = await owner.ask("/logout", "Forget your Smart account")
    confirm = next(d for d in buttons(logout) if d.startswith("v1:cf:"))
    await owner.press(logout, confirm)
    await owner.wait_message("credentials and cars are deleted")
    await _press_all(world, owner, captured)
