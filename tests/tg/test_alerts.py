"""/alerts, /mute, and push alerts rendered and delivered by the Telegram notifier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot as TelegramBot

from bot.poller.alerts import (
    Alert,
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRejected,
    DeliveryRetryAfter,
)
from bot.poller.events import PLACE_KINDS, TOGGLEABLE_KINDS, Event, EventKind, JSONValue
from bot.storage import repo_alerts, repo_users, repo_vehicles
from bot.storage.records import AlertPrefs
from bot.tg.i18n import Lang
from bot.tg.notifier import TelegramNotifier, alert_text
from tests.conftest import TEST_TOKEN
from tests.tg.conftest import ADMIN, FRIEND, VIN_1, Bot


async def _prefs(bot: Bot) -> list[AlertPrefs]:
    cars = await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN)
    return [
        await repo_alerts.get_alert_prefs(bot.db, user_id=ADMIN, vehicle_id=car.id) for car in cars
    ]


async def test_alerts_shows_settings_and_a_toggle_per_kind(logged_in: Bot) -> None:
    calls = await logged_in.send("/alerts")
    assert "Battery low below 20 %" in calls[0].text
    assert len(logged_in.buttons("at")) == len(TOGGLEABLE_KINDS)
    assert all(len(d.encode()) <= 64 for d in calls[0].callback_data)


async def test_alerts_says_how_late_an_alert_can_be_at_the_current_intervals(
    logged_in: Bot,
) -> None:
    (menu,) = await logged_in.send("/alerts")
    expected = "How late an alert can be now: 5 min while the car is parked (15 min once it sleeps)"
    assert expected in menu.text
    assert "Left unlocked or open: on time" in menu.text


async def test_thresholds_are_picked_with_buttons_and_stored_for_every_car(
    logged_in: Bot,
) -> None:
    await logged_in.send("/alerts")
    (page,) = [d for d in logged_in.buttons("am") if d.endswith(":u")]
    calls = await logged_in.press(page)
    edited = next(c for c in calls if c.method == "editMessageText")
    assert "left unlocked or open for" in edited.params["text"]
    offered = [d.rsplit(":", 1)[1] for d in logged_in.buttons("au")]
    assert offered == ["5", "10", "15"], "a parked car is read every 5 min: 1 and 2 cannot be kept"
    (five,) = [d for d in logged_in.buttons("au") if d.endswith(":5")]
    calls = await logged_in.press(five)
    assert calls[0].params["text"] == "Alert after 5 min"
    (fifteen,) = [d for d in logged_in.buttons("am") if d.endswith(":b")]
    await logged_in.press(fifteen)
    (low,) = [d for d in logged_in.buttons("ab") if d.endswith(":15")]
    await logged_in.press(low)
    for prefs in await _prefs(logged_in):
        assert (prefs.left_unlocked_minutes, prefs.battery_low_percent) == (5, 15)
    assert "below 15 %" in (await logged_in.send("/alerts"))[0].text
    refused = (await logged_in.send("/alerts unlocked 2"))[0].text
    assert "read every 5 min, so a shorter delay could not be kept" in refused
    assert all(p.left_unlocked_minutes == 5 for p in await _prefs(logged_in))


async def test_the_sound_of_a_kind_is_switched_with_a_button(logged_in: Bot) -> None:
    await logged_in.send("/alerts")
    (page,) = [d for d in logged_in.buttons("am") if d.endswith(":s")]
    await logged_in.press(page)
    data = next(d for d in logged_in.buttons("an") if d.endswith(":climate_finished"))
    calls = await logged_in.press(data)
    assert calls[0].params["text"] == "Climate finished: rings"
    assert all("climate_finished" in p.sound_toggled for p in await _prefs(logged_in))
    calls = await logged_in.press(data)
    assert calls[0].params["text"] == "Climate finished: silent"


async def test_a_toggle_switches_the_kind_for_every_car_and_redraws(logged_in: Bot) -> None:
    await logged_in.send("/alerts")
    data = next(d for d in logged_in.buttons("at") if d.endswith(":charging_started"))
    calls = await logged_in.press(data)
    assert calls[0].params["text"] == "Charging started: off"
    assert any(c.method == "editMessageText" for c in calls)
    assert all(not p.enabled("charging_started") for p in await _prefs(logged_in))
    await logged_in.press(data)
    assert all(p.enabled("charging_started") for p in await _prefs(logged_in))


async def test_thresholds_and_quiet_hours_are_stored_for_every_car(logged_in: Bot) -> None:
    assert "below 25 %" in (await logged_in.send("/alerts battery 25"))[0].text
    assert "for 15 min" in (await logged_in.send("/alerts unlocked 15"))[0].text
    assert "22:00–07:00" in (await logged_in.send("/alerts quiet 22:00-07:00"))[0].text
    for prefs in await _prefs(logged_in):
        assert (prefs.battery_low_percent, prefs.left_unlocked_minutes) == (25, 15)
        assert (prefs.quiet_start_minute, prefs.quiet_end_minute) == (22 * 60, 7 * 60)
    assert "switched off" in (await logged_in.send("/alerts quiet off"))[0].text
    assert all(p.quiet_start_minute is None for p in await _prefs(logged_in))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/alerts battery 90", "Usage: /alerts battery"),
        ("/alerts battery", "Usage: /alerts battery"),
        ("/alerts unlocked 0", "Usage: /alerts unlocked"),
        ("/alerts quiet 25:00-07:00", "Usage: /alerts quiet"),
        ("/alerts quiet soon", "Usage: /alerts quiet"),
        ("/alerts loud", "Usage: /alerts"),
        ("/mute 99", "Usage: /mute"),
        ("/mute forever", "Usage: /mute"),
    ],
)
async def test_bad_alert_settings_get_a_precise_reply(
    logged_in: Bot, text: str, expected: str
) -> None:
    calls = await logged_in.send(text)
    assert expected in calls[0].text
    assert "Example" in calls[0].text or "|" in calls[0].text


async def test_mute_silences_alerts_for_a_while_and_off_ends_it(logged_in: Bot) -> None:
    await logged_in.send("/mute 2")
    user = await repo_users.get_user(logged_in.db, user_id=ADMIN)
    assert user is not None
    assert user.alerts_muted_until == logged_in.now() + timedelta(hours=2)
    assert "Muted until" in (await logged_in.send("/alerts"))[0].text
    await logged_in.send("/mute off")
    user = await repo_users.get_user(logged_in.db, user_id=ADMIN)
    assert user is not None
    assert user.alerts_muted_until is None


def _alert(*events: Event) -> Alert:
    return Alert.build(
        user_id=ADMIN, vin=VIN_1, car_name="Blue #1", events=events, created_at=events[0].at
    )


async def test_an_alert_is_one_message_with_lock_status_and_mute_buttons(logged_in: Bot) -> None:
    now = logged_in.now()
    alert = _alert(
        Event(EventKind.LEFT_UNLOCKED, VIN_1, now, "e1", {"minutes": 10}),
        Event(EventKind.DOOR_OPENED, VIN_1, now, "e2", {"doors": ["driver"]}),
    )
    await TelegramNotifier(logged_in.app.bot, logged_in.db).deliver(alert)
    sent = logged_in.api.last("sendMessage")
    assert sent.params["chat_id"] == ADMIN
    assert "Blue #1" in sent.text
    assert "Still unlocked after 10 min" in sent.text
    assert "driver door" in sent.text
    assert [b["text"] for b in sent.buttons] == ["🔒 Lock", "📋 Status", "🔕 Mute 1 h"]
    await logged_in.press(logged_in.button("mu"))
    assert "Alerts muted until" in logged_in.last_text()
    calls = await logged_in.press(logged_in.button("st"))
    assert "smart #1" in logged_in.texts(calls)[0]


def test_every_event_kind_renders_in_both_languages_without_placeholders_left() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for lang in Lang:
        for kind in EventKind:
            if kind in PLACE_KINDS:  # one line naming the car: tests/tg/test_places.py
                continue
            text = alert_text(lang, _alert(Event(kind, VIN_1, at, "x", {})))
            assert "{" not in text
            assert text.count("\n") == 1


@pytest.mark.parametrize(
    ("status", "description", "error"),
    [
        (429, "Too Many Requests: retry after 3", DeliveryRetryAfter),
        (403, "Forbidden: bot was blocked by the user", DeliveryBlocked),
        (400, "Bad Request: chat not found", DeliveryRejected),
        (502, "Bad Gateway", DeliveryFailed),
    ],
)
async def test_telegram_failures_become_the_pollers_delivery_outcomes(
    logged_in: Bot, status: int, description: str, error: type[Exception]
) -> None:
    plain = TelegramBot(TEST_TOKEN, request=logged_in.api)  # no rate limiter retrying for us
    logged_in.api.fail("sendMessage", status, description)
    alert = _alert(Event(EventKind.CHARGING_STARTED, VIN_1, logged_in.now(), "c", {"battery": 40}))
    with pytest.raises(error):
        await TelegramNotifier(plain, logged_in.db).deliver(alert)


def test_drive_summaries_are_off_until_turned_on_and_charge_summaries_on_until_turned_off() -> None:
    fresh = AlertPrefs()
    assert not fresh.enabled("drive_summary")
    assert fresh.enabled("charge_summary")
    flipped = AlertPrefs(disabled_kinds=frozenset({"drive_summary", "charge_summary"}))
    assert flipped.enabled("drive_summary")
    assert not flipped.enabled("charge_summary")


async def test_an_alert_follows_the_telegram_language_until_one_is_chosen(logged_in: Bot) -> None:
    await repo_users.set_telegram_language(logged_in.db, user_id=ADMIN, code="de-AT")
    alert = _alert(Event(EventKind.WINDOW_OPENED, VIN_1, logged_in.now(), "w", {"windows": []}))
    notifier = TelegramNotifier(logged_in.app.bot, logged_in.db)
    await notifier.deliver(alert)
    sent = logged_in.api.last("sendMessage")
    assert "Fenster beim Parken geöffnet" in sent.text
    assert [b["text"] for b in sent.buttons][-1] == "🔕 1 Std. Ruhe"
    await repo_users.set_language(logged_in.db, user_id=ADMIN, language="en")
    await notifier.deliver(alert)
    assert "Window opened while parked" in logged_in.api.last("sendMessage").text


async def test_a_silent_alert_is_sent_without_a_sound_and_a_ringing_one_with(
    logged_in: Bot,
) -> None:
    now = logged_in.now()
    notifier = TelegramNotifier(logged_in.app.bot, logged_in.db)
    climate = Event(EventKind.CLIMATE_FINISHED, VIN_1, now, "c", {"interior_c": 21.0})
    quiet = Alert.build(
        user_id=ADMIN, vin=VIN_1, car_name="B", events=[climate], created_at=now, silent=True
    )
    await notifier.deliver(quiet)
    assert logged_in.api.last("sendMessage").params["disable_notification"] is True
    await notifier.deliver(_alert(Event(EventKind.UNLOCKED, VIN_1, now, "u", {})))
    assert logged_in.api.last("sendMessage").params.get("disable_notification") in (False, None)


async def test_a_theft_alert_has_km_a_pin_and_where_follow_lock_buttons(logged_in: Bot) -> None:
    await repo_users.set_telegram_language(logged_in.db, user_id=ADMIN, code="de")
    moved = Event(
        EventKind.MOVED_WHILE_PARKED,
        VIN_1,
        logged_in.now(),
        "m",
        {"distance_m": 2345, "latitude": 52.52, "longitude": 13.405},
    )
    await TelegramNotifier(logged_in.app.bot, logged_in.db).deliver(_alert(moved))
    sent = logged_in.api.last("sendMessage")
    assert "etwa 2,3 km bewegt" in sent.text
    labels = [b["text"] for b in sent.buttons]
    assert labels[:3] == ["📍 Wo ist es jetzt", "🛰 Verfolgen", "🔒 Verriegeln"]
    pin = logged_in.api.last("sendLocation")
    assert (pin.params["latitude"], pin.params["longitude"]) == (52.52, 13.405)


async def test_a_theft_alert_to_a_share_without_location_has_no_where_nor_follow_button(
    logged_in: Bot,
) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    await logged_in.send(f"/share {FRIEND} Blue without location")
    logged_in.api.clear()
    moved = Event(EventKind.MOVED_WHILE_PARKED, VIN_1, logged_in.now(), "m", {"distance_m": 900})
    alert = Alert.build(
        user_id=FRIEND, vin=VIN_1, car_name="Blue #1", events=[moved], created_at=moved.at
    )
    await TelegramNotifier(logged_in.app.bot, logged_in.db).deliver(alert)
    sent = logged_in.api.last("sendMessage")
    assert "moved about 0.9 km" in sent.text
    assert [b["text"] for b in sent.buttons] == ["🔒 Lock", "🔕 Mute 1 h"]
    assert logged_in.api.of("sendLocation") == []


def test_a_change_this_bot_made_says_who_asked_for_it_in_every_kind() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    data: dict[str, JSONValue] = {
        "by_bot": True,
        "by_user": 7,
        "by_name": "Anna",
        "interior_c": 20.5,
    }
    text = alert_text(Lang.EN, _alert(Event(EventKind.CLIMATE_FINISHED, VIN_1, at, "c", data)))
    assert text.endswith("Climate finished, inside 20.5 °C (by this bot (Anna))")
    de = alert_text(Lang.DE, _alert(Event(EventKind.LOCKED, VIN_1, at, "l", data)))
    assert de.endswith("Verriegelt (durch diesen Bot (Anna))")
