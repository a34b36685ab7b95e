"""Schedules through the buttons, fired by the scheduler on the simulator's manual clock:
the car does what was set, at the right local time, and the owner hears once."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.storage import repo_audit, repo_schedules
from bot.storage.repo_schedules import Schedule
from tests.tg.conftest import ADMIN, FRIEND, VIN_1, Bot
from tests.tg.test_destination import share

BERLIN = ZoneInfo("Europe/Berlin")


def _press_label(bot: Bot, label: str) -> str:
    """The callback data of the button labelled `label` in the last message with buttons."""
    for call in reversed(bot.api.calls):
        for button in call.buttons:
            if button.get("text") == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r}")


async def _press(bot: Bot, label: str) -> None:
    await bot.press(_press_label(bot, label))


def _rce_commands(bot: Bot) -> list[dict[str, Any]]:
    return [
        json.loads(r.body)
        for r in bot.sim.requests
        if r.method == "PUT" and "telematics" in r.path and '"RCE_2"' in r.body
    ]


async def _only(bot: Bot) -> Schedule:
    [schedule] = await repo_schedules.list_schedules(bot.db, user_id=ADMIN)
    return schedule


async def _run_due(bot: Bot, schedule: Schedule) -> int:
    """Move the manual clock to the schedule's next run and let the scheduler pass."""
    assert schedule.next_run_at is not None
    bot.advance((schedule.next_run_at - bot.now()).total_seconds() + 1)
    fired = await bot.services.scheduler.tick()
    await bot.services.background.drain()
    return fired


async def test_warm_car_with_seat_heat_by_0730_on_weekdays_is_built_with_buttons_and_fires_once(
    logged_in: Bot,
) -> None:
    bot = logged_in
    await bot.send("/timezone Europe/Berlin")
    assert "Time zone set to <b>Europe/Berlin</b>" in bot.last_text()
    await bot.send("/schedule")
    assert "No schedules yet" in bot.last_text()
    await _press(bot, "➕ Climate")
    assert "🌡 07:30 · Mon–Fri · 21 °C" in bot.last_text()
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💺 Seat heat: 0")
    await _press(bot, "💺 Seat heat: 1")
    await _press(bot, "⬜ Ready by this time (starts earlier)")
    await _press(bot, "💾 Save")
    assert "✅ Saved: 🌡 ready by 07:30 · Mon–Fri · 21 °C · seat heat 2" in bot.last_text()
    schedule = await _only(bot)
    assert schedule.next_run_at is not None
    start = schedule.next_run_at.astimezone(BERLIN)
    lead = schedule.params["lead_minutes"]
    assert isinstance(lead, int)
    assert 10 <= lead <= 30
    assert (start + timedelta(minutes=lead)).strftime("%H:%M") == "07:30"
    assert start.weekday() < 5

    bot.api.clear()
    bot.sim.clear_requests()
    assert await _run_due(bot, schedule) == 1
    assert bot.sim.state.vehicle(VIN_1).climate_on is True
    [command] = _rce_commands(bot)
    params = {p["key"]: p["value"] for p in command["serviceParameters"]}
    assert params["rce.conditioner"] == "1"
    assert "rce.heat" in params
    messages = bot.api.of("sendMessage")
    assert len(messages) == 1
    assert messages[0].params["chat_id"] == ADMIN
    assert "⏰ Spectrum Blue #1: 🌡 ready by 07:30" in messages[0].text
    assert "done, the car confirmed it" in messages[0].text
    labels = [b["text"] for b in messages[0].buttons]
    assert labels[0] == "❄️ Stop climate"
    audit = await repo_audit.recent_audit(bot.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].source, audit[0].result) == (
        "warm_car",
        "schedule",
        "confirmed",
    )
    # The same pass again, or a second replica's, fires nothing more.
    assert await bot.services.scheduler.tick() == 0
    again = await _only(bot)
    assert again.next_run_at is not None
    assert again.next_run_at > bot.now()


async def _charging_window(bot: Bot, *, earlier_end_hours: int = 0) -> Schedule:
    await bot.send("/timezone Europe/Berlin")
    await bot.send("/schedule")
    await _press(bot, "➕ Charging window")
    assert "⚡ 23:00–06:00 · every day · to 80 %" in bot.last_text()
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    for _ in range(earlier_end_hours):
        await _press(bot, "−1 h")
    await _press(bot, "💾 Save")
    return await _only(bot)


async def test_charging_between_2300_and_0600_to_80_percent_sets_the_limit_and_starts_at_2300(
    logged_in: Bot,
) -> None:
    bot = logged_in
    car = bot.sim.state.vehicle(VIN_1)
    car.plugged_in, car.soc, car.charge_target = True, 40.0, 100
    schedule = await _charging_window(bot)
    assert schedule.next_run_at is not None
    assert schedule.next_run_at.astimezone(BERLIN).strftime("%H:%M") == "23:00"
    bot.api.clear()
    assert await _run_due(bot, schedule) == 1
    assert car.charge_target == 80
    assert bot.sim.state.vehicle(VIN_1).charging is True
    [started] = [m.text for m in bot.api.of("sendMessage")]
    assert "⚡ 23:00–06:00 · every day · to 80 % — done, the car confirmed it" in started
    stop = await _only(bot)
    assert stop.next_phase == "stop"
    assert stop.next_run_at is not None
    assert stop.next_run_at.astimezone(BERLIN).strftime("%H:%M") == "06:00"
    # By 06:00 the car has reached 80 % and stopped by itself: nothing to stop, nothing said.
    bot.sim.clear_requests()
    assert await _run_due(bot, stop) == 1
    assert bot.sim.state.vehicle(VIN_1).soc == 80
    assert not [r for r in bot.sim.requests if r.method == "PUT"]
    assert len(bot.api.of("sendMessage")) == 1
    after = await _only(bot)
    assert (after.next_phase, after.next_run_at) == (
        "start",
        stop.next_run_at + timedelta(hours=17),
    )


async def test_a_car_still_charging_at_the_window_end_is_stopped_and_the_owner_told(
    logged_in: Bot,
) -> None:
    bot = logged_in
    car = bot.sim.state.vehicle(VIN_1)
    car.plugged_in, car.soc, car.charge_target = True, 40.0, 100
    schedule = await _charging_window(bot, earlier_end_hours=6)  # 23:00-00:00
    await _run_due(bot, schedule)
    stop = await _only(bot)
    assert stop.next_run_at is not None
    assert stop.next_run_at.astimezone(BERLIN).strftime("%H:%M") == "00:00"
    bot.api.clear()
    await _run_due(bot, stop)
    assert bot.sim.state.vehicle(VIN_1).charging is False
    [message] = bot.api.of("sendMessage")
    assert "charging window ended; charging stopped" in message.text


async def test_a_schedule_that_cannot_help_says_why_in_german(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send("/language")
    await bot.press("v1:la:de")
    bot.sim.state.vehicle(VIN_1).plugged_in = False
    await bot.send("/schedule")
    await _press(bot, "➕ Ladefenster")
    await _press(bot, "Weiter ▶")
    await _press(bot, "Weiter ▶")
    await _press(bot, "✅ Starten, sobald im Zeitfenster eingesteckt")  # off
    await _press(bot, "💾 Speichern")
    schedule = await _only(bot)
    # The poller's last status says "not plugged in".
    await bot.send("/status")
    bot.api.clear()
    await _run_due(bot, schedule)
    [message] = bot.api.of("sendMessage")
    assert "nicht gestartet: das Auto ist nicht eingesteckt" in message.text
    assert not any("rcs" in r.body for r in bot.sim.requests if r.method == "PUT")


async def test_pause_resume_delete_and_foreign_buttons(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send("/schedule")
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💾 Save")
    schedule = await _only(bot)
    pause = _press_label(bot, "1 · ⏸ Pause")
    delete = _press_label(bot, "1 · 🗑")
    # Another allowed user pressing the owner's buttons changes nothing.
    await bot.send("/allow 2002 Friend")
    await bot.press(pause, user=FRIEND)
    await bot.press(delete, user=FRIEND)
    assert (await _only(bot)).paused is False
    await bot.press(pause)
    paused = await _only(bot)
    assert paused.paused is True
    assert paused.next_run_at is None
    assert "next: paused" in bot.last_text()
    await bot.press(_press_label(bot, "1 · ▶ Resume"))
    resumed = await _only(bot)
    assert resumed.paused is False
    assert resumed.next_run_at == schedule.next_run_at
    await bot.press(delete)
    assert await repo_schedules.list_schedules(bot.db, user_id=ADMIN) == []
    assert "No schedules yet" in bot.last_text()


async def test_a_forged_draft_or_schedule_button_is_refused_and_audited(logged_in: Bot) -> None:
    bot = logged_in
    calls = await bot.press("v1:sd:tc7_a_v_16_9_0_0_a0_28_1_0")
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers
    assert answers[0].params.get("text")
    calls = await bot.press("v1:sv:oc999999_a_v_16_0_0_0_a0_28_1_0")
    assert await repo_schedules.list_schedules(bot.db, user_id=ADMIN) == []
    audit = await repo_audit.recent_audit(bot.db, user_id=ADMIN, limit=2)
    assert {a.result for a in audit} == {"rejected"}


async def test_an_unknown_time_zone_gets_a_clear_reply_and_changes_nothing(logged_in: Bot) -> None:
    await logged_in.send("/timezone Mars/Olympus")
    assert "is not a time zone I know" in logged_in.last_text()
    await logged_in.send("/timezone")
    assert "Your time zone is <b>UTC</b>" in logged_in.last_text()


async def test_next_run_of_a_weekday_schedule_is_listed_in_the_users_zone(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send("/timezone Australia/Sydney")
    await bot.send("/schedule")
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💾 Save")
    await bot.send("/schedules")
    text = bot.last_text()
    assert "(times in Australia/Sydney)" in text
    assert "Spectrum Blue #1" in text
    assert "07:30" in text


async def test_the_status_card_shows_the_next_scheduled_action(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send("/schedule")
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💾 Save")
    await bot.send("/status")
    assert "⏰ Next: 🌡 07:30 · Mon–Fri · 21 °C — " in bot.last_text()


async def test_the_cars_own_timer_is_offered_as_experimental_and_read_back(
    logged_in: Bot,
) -> None:
    bot = logged_in
    await bot.send("/timezone Europe/Berlin")
    await bot.send("/schedule")
    assert "🚗 The car has no timer of its own set." in bot.last_text()
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💾 Save")
    bot.sim.clear_requests()
    await _press(bot, "1 · 🧪 Also set as the car's own timer (experimental)")
    puts = [r.body for r in bot.sim.requests if r.method == "PUT"]
    assert puts == ['{"scheduledTime":"07:30"}', '{"enabled":true}']
    assert "🧪 The car now shows its own timer: 🚗 The car's own timers: climate 07:30" in (
        bot.last_text()
    )
    audit = await repo_audit.recent_audit(bot.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].result) == ("car_timer", "confirmed")
    await bot.send("/status")
    assert "🚗 The car's own timers: climate 07:30" in bot.last_text()
    # With the bot's schedule paused, the car still starts climate by itself at 07:30:
    # only the car's own timer did it, no command went through the cloud.
    schedule = await _only(bot)
    await bot.press(f"v1:sp:{schedule.id}")
    bot.sim.clear_requests()
    assert schedule.next_run_at is not None
    bot.advance((schedule.next_run_at - bot.now()).total_seconds() + 60)
    assert await bot.services.scheduler.tick() == 0
    assert bot.sim.state.vehicle(VIN_1).climate_on is True
    assert not [r for r in bot.sim.requests if r.method == "PUT"]


async def test_quiet_hours_do_not_hold_back_the_outcome_of_a_schedule_the_user_set(
    logged_in: Bot,
) -> None:
    bot = logged_in
    await bot.send("/alerts quiet 00:00-23:59")
    assert "00:00–23:59" in bot.last_text()
    await bot.send("/schedule")
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "💾 Save")
    bot.api.clear()
    await _run_due(bot, await _only(bot))
    [message] = bot.api.of("sendMessage")
    assert "done, the car confirmed it" in message.text


async def test_a_shared_location_offers_its_time_zone_once(logged_in: Bot) -> None:
    bot = logged_in
    calls = await share(bot, venue=False)  # a pin in Munich; the bot's own zone is UTC
    offer = next(c for c in calls if c.method == "sendMessage")
    [data] = [b["callback_data"] for b in offer.buttons if "Europe/Berlin" in b["text"]]
    assert [b["text"] for b in offer.buttons][-1] == "🕐 Use Europe/Berlin as my time zone"
    await bot.press(data)
    assert "Time zone set to <b>Europe/Berlin</b> from the location you shared." in (
        bot.last_text()
    )
    await bot.send("/timezone")
    assert "Your time zone is <b>Europe/Berlin</b>" in bot.last_text()
    again = await bot.press(data)  # the offer works once
    assert any(c.method == "answerCallbackQuery" and c.params.get("text") for c in again)
    calls = await share(bot, venue=False)  # already this zone: no offer
    offer = next(c for c in calls if c.method == "sendMessage")
    assert not [b for b in offer.buttons if "time zone" in b["text"]]


async def test_a_climate_schedule_with_a_run_time_sends_it_in_the_command(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send("/schedule")
    await _press(bot, "➕ Climate")
    await _press(bot, "Next ▶")
    await _press(bot, "Next ▶")
    await _press(bot, "⏱ Runs as long as the car's default")
    await _press(bot, "⏱ Runs 10 min")
    await _press(bot, "💾 Save")
    assert "🌡 07:30 · Mon–Fri · 21 °C · 15 min" in bot.last_text()
    bot.sim.clear_requests()
    await _run_due(bot, await _only(bot))
    [command] = _rce_commands(bot)
    assert command["operationScheduling"]["duration"] == 15
