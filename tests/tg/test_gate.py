"""The gate: strangers get their id once an hour and nothing else; groups get silence."""

from __future__ import annotations

from telegram import Update

from bot.storage import repo_alerts, repo_audit, repo_users, repo_vehicles
from bot.storage.db import Database
from tests.tg.conftest import ADMIN, FRIEND, STRANGER, Bot


async def test_a_stranger_gets_one_reply_with_their_id_and_nothing_else(bot: Bot) -> None:
    calls = await bot.send("/status", user=STRANGER)
    assert [c.method for c in calls] == ["sendMessage"]
    assert str(STRANGER) in calls[0].text
    assert "ask the owner" in calls[0].text.lower()


async def test_a_stranger_is_answered_at_most_once_per_hour(bot: Bot) -> None:
    await bot.send("/start", user=STRANGER)
    assert await bot.send("/lock", user=STRANGER) == []
    assert await bot.send("hello", user=STRANGER) == []
    bot.advance(3601)
    again = await bot.send("/start", user=STRANGER)
    assert len(again) == 1
    assert str(STRANGER) in again[0].text


async def test_a_strangers_button_press_is_answered_but_does_nothing(bot: Bot) -> None:
    calls = await bot.press("v1:lk:1", user=STRANGER)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert str(STRANGER) in calls[0].params["text"]
    quiet = await bot.press("v1:lk:1", user=STRANGER)
    assert [c.method for c in quiet] == ["answerCallbackQuery"]
    assert "text" not in quiet[0].params


async def test_strangers_leave_no_row_and_at_most_twenty_are_answered_a_minute(bot: Bot) -> None:
    users_before = await repo_users.list_users(bot.db)
    answered = 0
    for n in range(30):
        answered += len(await bot.send("/status", user=STRANGER + n))
        await bot.press("v1:rf:1", user=STRANGER + n)
    assert await repo_users.list_users(bot.db) == users_before, "no stranger is stored"
    assert answered == 20
    bot.advance(61)
    assert len(await bot.send("/status", user=STRANGER + 29)) == 1, "the next minute's budget"


async def test_group_chats_get_silence_even_from_admins(bot: Bot) -> None:
    calls = await bot.send("/start", user=ADMIN, chat_type="group", chat_id=-100)
    assert calls == []


async def test_the_admin_from_settings_is_let_in_and_recorded(bot: Bot) -> None:
    calls = await bot.send("/start")
    assert "/login" in calls[0].text
    record = await repo_users.get_user(bot.db, user_id=ADMIN)
    assert record is not None
    assert record.allowed
    assert record.is_admin


async def test_an_allowed_user_passes_and_a_denied_one_is_stopped(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    assert "/login" in (await bot.send("/start", user=FRIEND))[0].text
    await bot.send(f"/deny {FRIEND}")
    calls = await bot.send("/start", user=FRIEND)
    assert len(calls) == 1
    assert str(FRIEND) in calls[0].text
    refusal = (await repo_audit.recent_audit(bot.db, user_id=FRIEND, limit=1))[0]
    assert (refusal.action, refusal.result) == ("refused", "rejected")


async def test_german_users_get_german_and_language_can_be_changed(bot: Bot) -> None:
    calls = await bot.send("/start", language="de")
    assert "Hallo" in calls[0].text
    await bot.send("/language", language="de")
    english = next(data for data in bot.buttons("la") if data.endswith(":en"))
    await bot.press(english, language="de")
    calls = await bot.send("/start", language="de")
    assert "Hello" in calls[0].text


async def test_bad_input_replies_use_the_language_chosen_with_the_language_command(
    bot: Bot,
) -> None:
    await bot.send("/language")
    german = next(data for data in bot.buttons("la") if data.endswith(":de"))
    await bot.press(german)
    calls = await bot.send("/climate 45", language="en")
    assert calls[-1].text.startswith("45 °C geht nicht: wähle 16 bis 30 °C.")


async def test_blocking_the_bot_marks_the_user_inactive(bot: Bot) -> None:
    await bot.send("/start")
    payload = {
        "update_id": 77,
        "my_chat_member": {
            "chat": {"id": ADMIN, "type": "private"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Anna"},
            "date": 0,
            "old_chat_member": {
                "status": "member",
                "user": {"id": 1, "is_bot": True, "first_name": "b"},
            },
            "new_chat_member": {
                "status": "kicked",
                "until_date": 0,
                "user": {"id": 1, "is_bot": True, "first_name": "b"},
            },
        },
    }
    await bot.app.process_update(Update.de_json(payload, bot.app.bot))
    record = await repo_users.get_user(bot.db, user_id=ADMIN)
    assert record is not None
    assert not record.active


async def _hears_alerts_of_their_car(bot: Bot) -> bool:
    car = (await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN))[0]
    audience = await repo_alerts.vehicle_audience(bot.db, vehicle_id=car.id)
    return ADMIN in [member.user.id for member in audience]


async def test_a_user_who_had_blocked_the_bot_gets_alerts_again_once_they_write(
    logged_in: Bot,
) -> None:
    await repo_users.set_active(logged_in.db, user_id=ADMIN, active=False)  # blocked the bot
    assert not await _hears_alerts_of_their_car(logged_in)
    await logged_in.send("/help")
    assert await _hears_alerts_of_their_car(logged_in)


def _commands_sent(bot: Bot) -> int:
    return sum(1 for r in bot.sim.requests if r.method == "PUT" and "/telematics/" in r.path)


async def _friend_with_the_admins_car(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    car = (await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN))[0]
    await repo_vehicles.grant_share(bot.db, owner_user_id=ADMIN, vehicle_id=car.id, user_id=FRIEND)
    bot.sim.clear_requests()
    await bot.send("/lock", user=FRIEND)
    assert _commands_sent(bot) == 1, "the friend's /lock reached the car"
    bot.advance(120)  # past the cool-down and the follow-through
    bot.sim.clear_requests()


async def test_a_user_denied_by_another_replica_is_refused_on_their_next_command(
    logged_in: Bot,
) -> None:
    bot = logged_in
    await _friend_with_the_admins_car(bot)
    other_replica = Database(bot.db.url)
    try:
        await repo_users.deny_user(other_replica, user_id=FRIEND)
    finally:
        await other_replica.dispose()
    calls = await bot.send("/lock", user=FRIEND)
    assert _commands_sent(bot) == 0
    assert [str(FRIEND) in c.text for c in calls] == [True], "the refusal with their id"


async def test_a_share_revoked_by_another_replica_stops_the_friends_next_command(
    logged_in: Bot,
) -> None:
    bot = logged_in
    await _friend_with_the_admins_car(bot)
    car = (await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN))[0]
    other_replica = Database(bot.db.url)
    try:
        await repo_vehicles.revoke_share(
            other_replica, owner_user_id=ADMIN, vehicle_id=car.id, user_id=FRIEND
        )
    finally:
        await other_replica.dispose()
    await bot.send("/lock", user=FRIEND)
    assert _commands_sent(bot) == 0
