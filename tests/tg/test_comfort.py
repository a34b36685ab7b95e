"""Issue 14 in the chat: warm car with the preset in one command, seat heat riding in the
climate, and the smart #5's comfort functions through ZAF as one command each."""

from __future__ import annotations

from typing import Any

from bot.storage import repo_audit
from tests.tg.conftest import ADMIN, VIN_1, VIN_5, Bot
from tests.tg.test_commands import commands_sent


def pairs(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["key"], p["value"]) for p in body["serviceParameters"]]


async def choose_preset(bot: Bot) -> None:
    """Driver seat 2, steering wheel 1, 21.5 °C, set with the /preset buttons."""
    await bot.send("/preset")
    for change in ("dr", "dr", "wh", "tu"):
        await bot.press(f"v1:ps:{change}")


async def test_the_preset_is_set_with_buttons_and_shown_in_place(logged_in: Bot) -> None:
    calls = await logged_in.send("/preset")
    assert "21 °C · driver seat 0 · passenger seat 0 · steering wheel 0" in calls[0].text
    await choose_preset(logged_in)
    shown = logged_in.api.last("editMessageText")
    assert "21.5 °C · driver seat 2 · passenger seat 0 · steering wheel 1" in shown.text
    assert "driver seat: 2" in [b["text"] for b in shown.buttons]


async def test_climate_22_seats_sends_one_rce_command_with_the_preset_heat_confirmed(
    logged_in: Bot,
) -> None:
    await choose_preset(logged_in)
    calls = await logged_in.send("/climate 22 seats")
    assert calls[0].text == (
        "Warming Spectrum Blue #1: climate at 22 °C with driver seat 2, steering wheel 1…"
    )
    assert "Done, confirmed by the car" in calls[-1].text
    sent = commands_sent(logged_in)
    assert len(sent) == 1
    assert sent[0]["serviceId"] == "RCE_2"
    assert ("rce.temp", "22.0") in pairs(sent[0])
    assert pairs(sent[0])[2:] == [
        ("rce.heat", "front-left"),
        ("rce.level", "2"),
        ("rce.heat", "steering_wheel"),
        ("rce.level", "1"),
    ]
    car = logged_in.sim.vehicle(VIN_1)
    assert car.climate_on
    assert (car.seat_heat["front-left"], car.seat_heat["steering_wheel"]) == (2, 1)
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].result) == ("warm_car", "confirmed")


async def test_the_warm_button_on_the_status_card_uses_the_preset_temperature(
    logged_in: Bot,
) -> None:
    await choose_preset(logged_in)
    await logged_in.send("/status")
    calls = await logged_in.press(logged_in.button("pw"))
    assert "at 21.5 °C with driver seat 2" in logged_in.texts(calls)[0]
    assert ("rce.temp", "21.5") in pairs(commands_sent(logged_in)[-1])


async def test_seat_heat_while_climate_runs_rides_in_the_climate_command(logged_in: Bot) -> None:
    await logged_in.send("/climate 22")
    logged_in.advance(10)
    calls = await logged_in.send("/seatheat passenger 3")
    assert "Refused" not in calls[-1].text
    body = commands_sent(logged_in)[-1]
    assert ("rce.conditioner", "1") in pairs(body)
    assert ("rce.heat", "front-right") in pairs(body)
    logged_in.advance(10)
    car = logged_in.sim.vehicle(VIN_1)
    assert car.climate_on, "the seat did not end the climate"
    assert car.seat_heat["front-right"] == 3


async def test_a_smart_5_defrosts_through_zaf_confirmed_by_the_car(logged_in: Bot) -> None:
    calls = await logged_in.send("/defrost on B-SM 505")
    assert "Done, confirmed by the car" in calls[-1].text
    body = commands_sent(logged_in)[-1]
    assert body["serviceId"] == "ZAF"
    assert ("DF", "true") in pairs(body)
    assert logged_in.sim.vehicle(VIN_5).defrost


async def test_a_smart_5_heats_a_rear_seat_through_zaf(logged_in: Bot) -> None:
    calls = await logged_in.send("/seatheat rearleft 2 B-SM 505")
    assert "rear left seat" in calls[0].text
    body = commands_sent(logged_in)[-1]
    assert (body["serviceId"], ("SH.21", "true")) == ("ZAF", pairs(body)[1])
    logged_in.advance(5)
    assert logged_in.sim.vehicle(VIN_5).seat_heat["rear-left"] == 2


async def test_a_smart_1_has_no_rear_seat_heating(logged_in: Bot) -> None:
    calls = await logged_in.send("/seatheat rearright 1")
    assert "no such function (/seatheat)" in calls[0].text
    assert commands_sent(logged_in) == []


async def test_a_smart_5_warm_up_is_climate_then_a_zaf_request_per_seat_as_one_command(
    logged_in: Bot,
) -> None:
    await choose_preset(logged_in)
    calls = await logged_in.send("/climate seats B-SM 505")
    progress = [c for c in calls if c.method == "sendMessage"]
    assert len(progress) == 1
    assert "Done, confirmed by the car" in calls[-1].text
    sent = commands_sent(logged_in)
    assert [b["serviceId"] for b in sent] == ["RCE_2", "ZAF", "ZAF"]
    assert [pairs(b)[1][0] for b in sent[1:]] == ["SH.11", "SW"]
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=5)
    assert [a.action for a in audit if a.action != "login"] == ["warm_car"]


async def test_comfort_off_on_a_smart_5_is_eight_zaf_requests_under_one_cool_down(
    logged_in: Bot,
) -> None:
    calls = await logged_in.send("/comfort off B-SM 505")
    assert "Switching every seat" in calls[0].text
    assert "❌" not in calls[-1].text
    sent = commands_sent(logged_in)
    assert [b["serviceId"] for b in sent] == ["ZAF"] * 8
    keys = [next(k for k, _ in pairs(b) if k != "operation") for b in sent]
    assert sorted(keys) == sorted(
        ["SH.11", "SH.19", "SH.21", "SH.29", "SW", "DF", "SV.11", "SV.19"]
    )
    busy = await logged_in.send("/lock B-SM 505")  # under the one cool-down: it waits
    assert "🕒 Queued" in busy[0].text
    assert len(commands_sent(logged_in)) == 9, "sent once the cool-down ended"


async def test_comfort_off_is_a_smart_5_command(logged_in: Bot) -> None:
    calls = await logged_in.send("/comfort off")
    assert "The smart #1 has no such function (/comfort)" in calls[0].text
    assert commands_sent(logged_in) == []


async def test_a_refused_step_of_comfort_off_is_reported_and_the_rest_still_go_out(
    logged_in: Bot,
) -> None:
    logged_in.sim.inject_code("8160", count=1, path_contains="telematics")
    calls = await logged_in.send("/comfort off B-SM 505")
    assert "Done" not in calls[-1].text
    assert "❌" in calls[-1].text
    assert "heat:driver" in calls[-1].text
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].result) == ("comfort_off", "rejected")
    assert len(commands_sent(logged_in)) == 8  # the refused one and the seven after it
