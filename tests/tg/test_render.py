"""The status card: every field, warnings, data age, and escaping of cloud text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.smart.models import VehicleStatus
from bot.tg.i18n import Lang
from bot.tg.render import age_text, duration_text, state_summary, status_card, wait_text
from tests.tg.harness import check_html

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
FULL = VehicleStatus(
    updated_at=NOW - timedelta(minutes=3),
    battery_percent=64,
    range_km=281,
    is_charging=True,
    plugged_in=True,
    charge_power_kw=7.4,
    minutes_to_full=95,
    charge_target_percent=80,
    locked=False,
    doors_open=frozenset({"driver"}),
    windows_open=frozenset({"passenger"}),
    trunk_open=True,
    sunroof_open=True,
    climate_on=True,
    interior_temp_c=21.5,
    exterior_temp_c=-3.0,
    odometer_km=12345.6,
    tyre_pressure_kpa={
        "driver": 250.0,
        "passenger": 180.0,
        "driver_rear": 240.0,
        "passenger_rear": 245.0,
    },
    aux_battery_v=11.5,
)


def test_the_card_shows_every_field_the_issue_lists() -> None:
    card = status_card(Lang.EN, name="Blue", model="#1", status=FULL, now=NOW)
    for fact in (
        "🔋 64 % · ↔️ 281 km range",
        "⚡ Charging at 7.4 kW, full in 1 h 35 min, target 80 %",
        "🔓 <b>Unlocked</b>",
        "driver door",
        "trunk",
        "sunroof",
        "windows (passenger)",
        "❄️ Climate on",
        "Inside 21.5 °C · outside -3 °C",
        "🛞 front 2.5 · 1.8  rear 2.4 · 2.5 bar",
        "⚠️ Check tyre pressure",
        "🔢 Odometer 12346 km",
        "⚠️ 12 V battery low: 11.5 V",
        "Data from 3 min ago",
    ):
        assert fact in card, fact
    check_html(card)


def test_an_empty_status_still_renders_without_guessing() -> None:
    card = status_card(Lang.DE, name="X", model="?", status=VehicleStatus(), now=NOW)
    assert "Verriegelung unbekannt" in card
    assert "Alter der Daten unbekannt" in card
    assert "Lädt" not in card


def test_cloud_text_is_escaped() -> None:
    card = status_card(Lang.EN, name="<script>&", model="#1", status=VehicleStatus(), now=NOW)
    assert "&lt;script&gt;&amp;" in card
    check_html(card)


def test_ages_durations_and_waits_read_naturally() -> None:
    assert age_text(Lang.EN, NOW, NOW) == "just now"
    assert age_text(Lang.EN, NOW - timedelta(seconds=42), NOW) == "42 s ago"
    assert age_text(Lang.EN, NOW - timedelta(hours=5), NOW) == "5 h ago"
    assert age_text(Lang.DE, NOW - timedelta(days=2), NOW) == "vor 2 Tagen"
    assert duration_text(Lang.EN, 45) == "45 min"
    assert wait_text(Lang.EN, 0.2) == "1 s"
    assert wait_text(Lang.EN, 600) == "10 min"


def test_the_confirmation_summary_names_lock_state_openings_and_age() -> None:
    summary = state_summary(Lang.EN, FULL, NOW)
    assert summary.startswith("Now: 🔓 <b>Unlocked</b>, 🚪 Open: driver door")
    assert "3 min ago" in summary
    assert "could not read" in state_summary(Lang.EN, None, NOW)
