"""/status, Refresh, /location and the server-side check of every status button."""

from __future__ import annotations

from telegram import Message

from bot.storage import repo_audit, repo_vehicles
from bot.tg.handlers.status import card_view
from tests.tg.conftest import ADMIN, FRIEND, VIN_1, VIN_5, Bot

# The status card's buttons, in order, for a user who may use them all (the car's owner).
CARD_BUTTONS = [
    "🔒 Lock",
    "🔓 Unlock",
    "❄️ Climate on",
    "⚡ Start charging",
    "🔥 Warm car",
    "➕ More",
    "📍 Location",
    "🔄 Refresh",
]


async def test_status_shows_one_card_with_the_key_facts_and_eight_buttons(logged_in: Bot) -> None:
    calls = await logged_in.send("/status")
    card = calls[0]
    assert card.params["parse_mode"] == "HTML"
    for fact in ("76 %", "km", "Locked", "Data from just now"):
        assert fact in card.text
    assert [b["text"] for b in card.buttons] == CARD_BUTTONS
    assert all(len(data.encode()) <= 64 for data in card.callback_data)
    assert VIN_1 not in str(card.params)


async def test_status_says_how_old_the_data_is(logged_in: Bot) -> None:
    logged_in.advance(180)
    calls = await logged_in.send("/status")
    assert "Data from 3 min ago" in calls[0].text


async def test_refresh_edits_the_same_message(logged_in: Bot) -> None:
    await logged_in.send("/status")
    logged_in.sim.drain_battery(VIN_1, 50)
    logged_in.advance(6)  # past the few seconds a car's status read is reused
    calls = await logged_in.press(logged_in.button("rf"), message_id=777)
    edit = next(c for c in calls if c.method == "editMessageText")
    assert edit.params["message_id"] == 777
    assert "50 %" in edit.text
    assert not any(c.method == "sendMessage" for c in calls)


async def test_refresh_that_redraws_the_card_with_nothing_new_toasts_updated_not_up_to_date(
    logged_in: Bot,
) -> None:
    await logged_in.send("/status")
    logged_in.advance(120)  # the car reports nothing; the card's age moves on
    calls = await logged_in.press(logged_in.button("rf"), message_id=777)
    edit = next(c for c in calls if c.method == "editMessageText")
    assert "Data from 2 min ago" in edit.text
    toast = logged_in.api.last("answerCallbackQuery").params["text"]
    assert toast == "Updated · data from 2 min ago"


async def test_refresh_pressed_again_within_seconds_reuses_the_last_read(logged_in: Bot) -> None:
    await logged_in.send("/status")
    reads = len([r for r in logged_in.sim.requests if "/vehicle/status/" in r.path])
    for _ in range(5):
        calls = await logged_in.press(logged_in.button("rf"), message_id=777)
        assert any(c.method == "editMessageText" for c in calls)
    await logged_in.send("/status")
    assert len([r for r in logged_in.sim.requests if "/vehicle/status/" in r.path]) == reads


async def test_a_car_can_be_named_by_plate_and_an_unknown_name_gets_an_example(
    logged_in: Bot,
) -> None:
    calls = await logged_in.send("/status B-SM 505")
    assert "smart #5" in calls[0].text
    calls = await logged_in.send("/status banana")
    assert "I do not know a car called “banana”" in calls[0].text
    assert "Example: /status" in calls[0].text


async def test_location_sends_a_pin_and_the_age_of_the_position(logged_in: Bot) -> None:
    calls = await logged_in.send("/location #5")
    pin = next(c for c in calls if c.method == "sendLocation")
    assert abs(float(pin.params["latitude"]) - 52.507) < 0.01
    assert "position from just now" in logged_in.texts(calls)[-1]


async def test_location_without_a_position_says_so(logged_in: Bot) -> None:
    logged_in.sim.lose_gps(VIN_5)
    calls = await logged_in.send("/location #5")
    assert not any(c.method == "sendLocation" for c in calls)
    assert "has not reported a position" in calls[0].text


async def test_the_location_button_sends_the_pin(logged_in: Bot) -> None:
    await logged_in.send("/status #5")
    calls = await logged_in.press(logged_in.button("lo"))
    assert any(c.method == "sendLocation" for c in calls)


async def test_a_forged_button_for_someone_elses_car_is_refused_and_audited(
    logged_in: Bot,
) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    car = (await repo_vehicles.list_user_vehicles(logged_in.db, user_id=ADMIN))[0]
    for op in ("rf", "st", "lo", "lk", "ul", "c1", "g1", "df"):
        calls = await logged_in.press(f"v1:{op}:{car.id}", user=FRIEND)
        assert not any(c.method in ("sendLocation", "editMessageText") for c in calls)
        assert "no longer available" in " ".join(logged_in.texts(calls))
    refused = await repo_audit.recent_audit(logged_in.db, user_id=FRIEND)
    assert len([e for e in refused if e.result == "rejected"]) == 8
    assert not [r for r in logged_in.sim.requests if "telematics" in r.path]


async def test_a_share_without_location_gets_a_status_card_without_the_location_button(
    logged_in: Bot,
) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    await logged_in.send(f"/share {FRIEND} B-SM 505 without location")
    owners = (await logged_in.send("/status #5"))[0]
    assert "📍 Location" in [b["text"] for b in owners.buttons]
    friends = (await logged_in.send("/status", user=FRIEND))[0]
    assert "smart #5" in friends.text
    assert [b["text"] for b in friends.buttons] == [b for b in CARD_BUTTONS if b != "📍 Location"]
    # Still a card: a command from its buttons draws it again afterwards.
    shown = {**friends.result, "reply_markup": {"inline_keyboard": [friends.buttons]}}
    assert card_view(Message.de_json(shown, logged_in.app.bot)) is False


async def test_garbage_callback_data_is_refused_quietly(logged_in: Bot) -> None:
    for data in ("v2:lk:1", "v1:zz:1", "v1:lk:", "x" * 64, "v1:lk:1; drop table"):
        calls = await logged_in.press(data)
        assert [c.method for c in calls] == ["answerCallbackQuery"]
        assert "expired" in calls[0].params["text"]


async def test_a_shared_car_is_reachable_by_the_user_it_was_shared_with(logged_in: Bot) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    calls = await logged_in.send(f"/share {FRIEND} B-SM 505")
    assert "is now shared with Ben" in logged_in.texts(calls)[0]
    assert "shared" in logged_in.texts(calls)[1]  # the notice to Ben
    calls = await logged_in.send("/status", user=FRIEND)
    assert "smart #5" in calls[0].text
    await logged_in.send(f"/unshare {FRIEND}")
    calls = await logged_in.send("/status", user=FRIEND)
    assert "/login" in calls[0].text
