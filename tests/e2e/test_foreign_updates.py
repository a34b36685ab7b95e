"""Updates that must never act: Telegram Business messages written in someone else's chat, a
message or button whose chat is not the sender's own private chat, and edited messages.

The real bot process gets each through the fake Telegram; afterwards nothing went to the other
chat, no position left the bot, and the cloud received no command.
"""

from __future__ import annotations

import pytest

from tests.e2e.cloud import command_requests
from tests.e2e.harness import ADMIN, VIN_1, World, login

pytestmark = pytest.mark.slow
OTHER = 7007  # a third party the owner talks to through their Telegram Business account


async def test_business_updates_and_foreign_chats_get_nothing_and_send_no_command(
    world: World,
) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    car_id = (await world.sql("SELECT id FROM vehicles WHERE vin = :vin", vin=VIN_1))[0][0]
    tg = world.tg
    commands_before = len(command_requests(world.sim))
    owner_mark = owner.mark()
    for text in ("/location", "/status", "/horn", "/unlock", "/cars", "/help", "hello"):
        business = {**tg.message_json(ADMIN, text, chat_id=OTHER), "business_connection_id": "b1"}
        await tg.push_update({"business_message": business})
        await tg.push_update({"edited_business_message": {**business, "edit_date": 1}})
        # A plain message whose chat is not the sender's own private chat.
        await tg.push_update({"message": tg.message_json(ADMIN, text, chat_id=OTHER)})
    await tg.push_update(
        {
            "business_connection": {
                "id": "b1",
                "user": tg.users[ADMIN],
                "user_chat_id": ADMIN,
                "date": 1,
                "can_reply": True,
                "is_enabled": True,
            }
        }
    )
    # Buttons under a message in the other chat (a business chat), pressed by the owner.
    for op in ("lo", "st", "rf", "lk", "ul", "df"):
        await tg.user_presses(ADMIN, 1, f"v1:{op}:{car_id}", chat_id=OTHER)
    await world.handled()

    assert tg.bot_messages(OTHER) == [], "nothing was sent to the other chat"
    assert [c for c in tg.calls if c.params.get("chat_id") == OTHER] == []
    assert tg.calls_to("sendLocation") == [], "no position left the bot"
    assert len(command_requests(world.sim)) == commands_before, "no command reached the cloud"
    assert owner.bot_messages(owner_mark) == [], "the owner's own chat got nothing either"
    assert "Traceback" not in world.bots[0].log_text()


async def test_editing_a_message_into_a_command_runs_nothing(world: World) -> None:
    await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    tg = world.tg
    commands_before = len(command_requests(world.sim))
    written = await owner.send("hello")
    await world.handled()
    mark = owner.mark()
    for text in ("/horn", "/climate 23", "/lock", "/unlock", "/location", "/status"):
        edited = tg.message_json(ADMIN, text, message_id=written)
        await tg.push_update({"edited_message": {**edited, "edit_date": 2}})
    await world.handled()

    assert len(command_requests(world.sim)) == commands_before, "no command reached the cloud"
    assert owner.bot_messages(mark) == [], "an edit gets no answer"
    assert tg.calls_to("sendLocation") == []
    # A fresh message still works.
    await owner.ask("/horn", "Honking")
