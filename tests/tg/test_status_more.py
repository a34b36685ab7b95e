"""The status card after issue 14: charging numbers right in AC and DC (estimated power
marked "≈", minutes to full, the charging state), the compact "More" section in English and
German, and the charging-started alert with the same numbers."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.poller.events import Event, EventKind
from bot.smart.models import VehicleStatus
from bot.tg.i18n import Lang
from bot.tg.notifier import event_line
from bot.tg.render import status_card
from bot.tg.render_more import more_lines
from tests.tg.conftest import VIN_1, VIN_5, Bot

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def charging_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(("⚡", "🔌")))


async def test_a_dc_session_on_a_smart_1_shows_estimated_kw_and_minutes_to_full(
    logged_in: Bot,
) -> None:
    logged_in.sim.drain_battery(VIN_1, 30)
    logged_in.sim.plug_in(VIN_1, dc=True)
    line = charging_line((await logged_in.send("/status"))[0].text)
    assert line.startswith("⚡ Charging (DC) at ≈")
    assert " kW, full in " in line
    kw = float(line.split("≈")[1].split(" kW")[0])
    assert kw > 20, line


async def test_a_dc_session_on_a_smart_5_shows_the_measured_kw(logged_in: Bot) -> None:
    logged_in.sim.drain_battery(VIN_5, 30)
    logged_in.sim.plug_in(VIN_5, dc=True)
    line = charging_line((await logged_in.send("/status B-SM 505"))[0].text)
    assert line.startswith("⚡ Charging (DC) at ")
    assert "≈" not in line
    assert float(line.split(" at ")[1].split(" kW")[0]) > 20
    assert "full in" in line


async def test_ac_charging_shows_ac_power_and_plugged_but_idle_says_so(logged_in: Bot) -> None:
    logged_in.sim.drain_battery(VIN_1, 40)
    logged_in.sim.plug_in(VIN_1)
    line = charging_line((await logged_in.send("/status"))[0].text)
    assert line.startswith("⚡ Charging (AC) at ")
    assert "full in" in line
    logged_in.sim.stop_charging(VIN_1)
    logged_in.advance(6)  # past the 5 s in which a car's last read is reused
    line = charging_line((await logged_in.send("/status"))[0].text)
    assert line.startswith("🔌 Plugged in")


def test_a_plugged_car_that_reached_its_target_names_the_state() -> None:
    status = VehicleStatus(
        plugged_in=True, is_charging=False, charging_state="target_reached", updated_at=NOW
    )
    card = status_card(Lang.EN, name="Blue", model="#1", status=status, now=NOW)
    assert "🔌 Plugged in, charge target reached" in card


async def test_more_shows_the_second_section_and_less_goes_back(logged_in: Bot) -> None:
    card = (await logged_in.send("/status"))[0]
    assert "<b>More</b>" not in card.text
    more = await logged_in.press(logged_in.button("mo"))
    text = logged_in.texts(more)[-1]
    assert "<b>More</b>" in text
    for fact in ("Range at 100 %", "Service in", "12 V battery", "Park brake"):
        assert fact in text, fact
    assert "➖ Less" in [b["text"] for b in logged_in.api.last("editMessageText").buttons]
    less = await logged_in.press(logged_in.button("rf"))
    assert "<b>More</b>" not in logged_in.texts(less)[-1]


async def test_more_speaks_german(logged_in: Bot) -> None:
    await logged_in.send("/status", language="de")
    more = await logged_in.press(logged_in.button("mo"), language="de")
    text = logged_in.texts(more)[-1]
    assert "<b>Mehr</b>" in text
    assert "Reichweite bei 100 %" in text


def test_the_washer_fluid_reading_is_shown_only_as_unconfirmed() -> None:
    lines = more_lines(Lang.EN, VehicleStatus(washer_fluid_low=True))
    assert lines == ["🧴 Washer fluid reads low (unconfirmed: many cars always report this)"]


def test_more_leaves_out_what_the_car_lacks() -> None:
    status = VehicleStatus(seat_ventilation={"driver": 2}, cabin_pm25=12.0)
    assert len(more_lines(Lang.EN, status)) == 2
    assert more_lines(Lang.EN, status, hidden=frozenset({"seat_ventilation", "pm25"})) == []


def test_more_names_each_unlocked_door_and_open_window() -> None:
    status = VehicleStatus(
        door_locks={"driver": True, "passenger": False},
        trunk_locked=False,
        window_percent={"driver": 20, "passenger": 0},
        seat_heat={"driver": 2, "passenger": 0},
        steering_wheel_heat=True,
    )
    assert more_lines(Lang.EN, status) == [
        "🔓 Unlocked: passenger door",
        "🔓 Trunk unlocked",
        "🔥 Heating: driver 2, steering wheel",
        "🪟 Windows open: driver 20 %",
    ]


def test_the_charging_alert_carries_mode_power_and_minutes_to_full() -> None:
    event = Event(
        EventKind.CHARGING_STARTED,
        VIN_1,
        NOW,
        "e1",
        {
            "battery": 30,
            "dc": True,
            "power_kw": 48.4,
            "power_estimated": True,
            "minutes_to_full": 35,
        },
    )
    assert event_line(Lang.EN, event) == (
        "⚡ Charging started at 30 % (DC) at ≈48.4 kW, full in 35 min"
    )
    plain = Event(EventKind.CHARGING_STARTED, VIN_1, NOW, "e2", {"battery": 30})
    assert event_line(Lang.DE, plain) == "⚡ Laden gestartet bei 30 %"
