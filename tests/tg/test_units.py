"""Units: metric or imperial, chosen in /settings, used by the card, alerts and summaries."""

from __future__ import annotations

import pytest

from bot.poller.alerts import Alert
from bot.poller.events import Event, EventKind
from bot.storage import repo_users
from bot.storage.records_places import Place
from bot.tg.climate_input import climate_args_in_celsius
from bot.tg.i18n import Lang
from bot.tg.notifier import TelegramNotifier
from bot.tg.place_views import card_keyboard, card_text, list_text
from bot.tg.summaries import drive_lines
from bot.tg.units import (
    Units,
    celsius,
    distance,
    energy_per_distance,
    parse_units,
    pressure_number,
    speed,
    temperature,
)
from tests.tg.conftest import ADMIN, VIN_1, Bot
from tests.tg.test_commands import commands_sent

METRIC, IMPERIAL = Units.METRIC, Units.IMPERIAL


@pytest.mark.parametrize(
    ("lang", "units", "km", "expected"),
    [
        (Lang.EN, IMPERIAL, 19.956, "12.4 mi"),
        (Lang.DE, IMPERIAL, 19.956, "12,4 mi"),
        (Lang.EN, METRIC, 19.956, "20 km"),
        (Lang.DE, METRIC, 2.345, "2,3 km"),
    ],
)
def test_a_distance_is_written_in_the_users_unit_and_notation(
    lang: Lang, units: Units, km: float, expected: str
) -> None:
    assert distance(lang, units, km) == expected


def test_a_temperature_is_written_in_fahrenheit_for_an_imperial_user() -> None:
    assert temperature(Lang.EN, IMPERIAL, 20.0) == "68 °F"
    assert temperature(Lang.DE, IMPERIAL, 20.0) == "68 °F"
    assert temperature(Lang.DE, IMPERIAL, 17.5) == "63,5 °F"
    assert temperature(Lang.DE, METRIC, 20.2) == "20,2 °C"
    assert celsius(68.0) == 20.0


def test_speed_pressure_and_consumption_follow_the_units() -> None:
    assert speed(Lang.EN, IMPERIAL, 50.0) == "31 mph"
    assert speed(Lang.DE, METRIC, 50.0) == "50 km/h"
    assert pressure_number(Lang.DE, METRIC, 260.0) == "2,6"
    assert pressure_number(Lang.EN, METRIC, 245.0) == "2.5"
    assert pressure_number(Lang.EN, IMPERIAL, 260.0) == "38"
    assert energy_per_distance(Lang.DE, IMPERIAL, 19.8) == "31,9 kWh/100 mi"
    assert energy_per_distance(Lang.EN, METRIC, 19.8) == "19.8 kWh/100 km"


def test_an_unknown_stored_value_means_metric() -> None:
    assert parse_units(None) is METRIC
    assert parse_units("imperial") is IMPERIAL
    assert parse_units("furlongs") is METRIC


def test_a_drive_summary_in_imperial_units_reads_miles_and_mph() -> None:
    data = {
        "distance_km": 25.0,
        "minutes": 30,
        "average_kmh": 50.0,
        "start_soc": 80,
        "end_soc": 72,
        "energy_kwh": 4.96,
        "kwh_per_100km": 19.8,
    }
    text = "\n".join(drive_lines(Lang.DE, data, "Munich", "Freising", IMPERIAL))
    assert "📏 15,5 mi · ⏱ 30 Min. · ⌀ 31 mph" in text
    assert "🔋 80 → 72 % · 5 kWh · 31,9 kWh/100 mi" in text


async def _choose(bot: Bot, units: str) -> str:
    (menu,) = await bot.send("/settings")
    (opener,) = [d for d in bot.buttons("se", [menu]) if d.endswith(":units")]
    choice = await bot.press(opener)
    (button,) = [d for d in bot.buttons("un", choice) if d.endswith(f":{units}")]
    calls = await bot.press(button)
    return next(c for c in calls if c.method == "editMessageText").text


async def test_settings_switches_to_imperial_and_the_status_card_shows_miles_and_fahrenheit(
    logged_in: Bot,
) -> None:
    (menu,) = await logged_in.send("/settings")
    assert "\n📏 Units: metric (km, °C, bar)\n" in menu.text
    confirmed = await _choose(logged_in, "imperial")
    assert confirmed.startswith("📏 Units: imperial (mi, °F, psi).")
    (menu,) = await logged_in.send("/settings")
    assert "\n📏 Units: imperial (mi, °F, psi)\n" in menu.text
    card = (await logged_in.send("/status"))[0].text
    assert "🔋 76 % · ↔️ 198 mi range" in card
    assert "🌡 Inside 63.5 °F · outside 52.7 °F" in card
    assert "🛞 front 37 · 36  rear 37 · 37 psi" in card
    assert "🔢 Odometer 1183 mi" in card
    assert " km" not in card
    assert "°C" not in card
    await _choose(logged_in, "metric")
    card = (await logged_in.send("/status"))[0].text
    assert "↔️ 319 km range" in card
    assert "🌡 Inside 17.5 °C · outside 11.5 °C" in card
    assert "🔢 Odometer 1904 km" in card


async def test_alerts_reach_an_imperial_user_in_miles_and_fahrenheit(logged_in: Bot) -> None:
    await repo_users.set_units(logged_in.db, user_id=ADMIN, units="imperial")
    await repo_users.set_telegram_language(logged_in.db, user_id=ADMIN, code="de")
    now = logged_in.now()
    notifier = TelegramNotifier(logged_in.app.bot, logged_in.db)
    moved = Event(EventKind.MOVED_WHILE_PARKED, VIN_1, now, "m", {"distance_m": 2345})
    await notifier.deliver(_alert(moved))
    assert "etwa 1,5 mi bewegt" in logged_in.api.last("sendMessage").text
    low = Event(EventKind.BATTERY_LOW, VIN_1, now, "b", {"battery": 15, "range_km": 48.0})
    finished = Event(EventKind.CLIMATE_FINISHED, VIN_1, now, "c", {"interior_c": 20.0})
    await notifier.deliver(_alert(low, finished))
    text = logged_in.api.last("sendMessage").text
    assert "🪫 Akku niedrig: 15 % (30 mi)" in text
    assert "❄️ Klima beendet, innen 68 °F" in text


def test_a_places_radius_and_its_step_are_in_feet_for_an_imperial_user() -> None:
    home = Place(
        id=1,
        user_id=ADMIN,
        vehicle_id=1,
        name="Home",
        latitude=48.1,
        longitude=11.5,
        radius_m=200,
        is_home=True,
        notify_arrive=True,
        notify_leave=False,
        quiet_unlocked=False,
        inside=None,
        visit=0,
        remind_minute=None,
        remind_below=50,
        remind_next_at=None,
    )
    assert "Radius 656 ft\n" in card_text(Lang.EN, home, [], IMPERIAL)
    assert "Radius 200 m\n" in card_text(Lang.DE, home, [], METRIC)
    assert "· ? · 656 ft" in list_text(Lang.EN, [home], [], IMPERIAL)
    steps = [b.text for b in card_keyboard(Lang.EN, home, IMPERIAL).inline_keyboard[0]]
    assert steps == ["− 164 ft", "+ 164 ft"]
    steps = [b.text for b in card_keyboard(Lang.DE, home).inline_keyboard[0]]
    assert steps == ["− 50 m", "+ 50 m"]


async def test_an_imperial_user_types_fahrenheit_and_the_car_gets_celsius(logged_in: Bot) -> None:
    await repo_users.set_units(logged_in.db, user_id=ADMIN, units="imperial")
    calls = await logged_in.send("/climate 72 10")
    assert calls[0].text.startswith("Starting the climate in Spectrum Blue #1 at 22 °C for 10")
    assert "confirmed by the car" in calls[-1].text
    body = commands_sent(logged_in)[-1]
    assert body["serviceId"] == "RCE_2"
    assert {"key": "rce.temp", "value": "22.0"} in body["serviceParameters"]
    sent = len(commands_sent(logged_in))
    (refusal,) = await logged_in.send("/climate 22")
    assert refusal.text == (
        "22 °F is out of range: choose 61 to 86 °F. Example: <code>/climate 72</code>"
    )
    (refusal,) = await logged_in.send("/climate 87")
    assert refusal.text.startswith("87 °F is out of range")
    assert len(commands_sent(logged_in)) == sent, "nothing is sent for a refused temperature"


def test_fahrenheit_arguments_become_the_cars_celsius_steps() -> None:
    assert climate_args_in_celsius(["72", "15", "Blue"]) == ["22", "15", "Blue"]
    assert climate_args_in_celsius(["seats", "75"]) == ["seats", "24"]
    assert climate_args_in_celsius(["61"]) == ["16"]
    assert climate_args_in_celsius(["86"]) == ["30"]
    assert climate_args_in_celsius(["off"]) == ["off"]
    assert climate_args_in_celsius(["on"]) == ["on"]


def _alert(*events: Event) -> Alert:
    return Alert.build(
        user_id=ADMIN, vin=VIN_1, car_name="Blue #1", events=events, created_at=events[0].at
    )
