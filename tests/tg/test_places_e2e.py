"""Done when (issue 16), on the simulator and the manual clock: driving a car from home to a
saved place and back gives exactly one departure and one arrival alert each way, the live
location moves and stops, the evening reminder comes once when the car is at home unplugged
and not when it is plugged in, and a share without location shows no position."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update

from bot.app import post_init
from bot.poller.runtime import PollerRuntime
from bot.simulator import journeys
from tests.tg.conftest import ADMIN, FRIEND, VIN_1, Bot
from tests.tg.harness import Call

_ids = itertools.count(90_000)
SCHOOL = (52.5200, 13.4700)  # some 4.4 km east of the demo car's home in Berlin


async def share_location(
    bot: Bot, latitude: float, longitude: float, user: int = ADMIN
) -> list[Call]:
    """The user shares a Telegram location (📎 → Location)."""
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(datetime.now(UTC).timestamp()),
        "chat": {"id": user, "type": "private"},
        "from": {"id": user, "is_bot": False, "first_name": "Anna", "language_code": "en"},
        "location": {"latitude": latitude, "longitude": longitude},
    }
    before = len(bot.api.calls)
    update = Update.de_json({"update_id": next(_ids), "message": message}, bot.app.bot)
    await bot.app.process_update(update)
    await bot.services.background.drain()
    return bot.api.calls[before:]


async def runtime_of(bot: Bot) -> PollerRuntime:
    bot.services.run_poller = True
    await post_init(bot.app)
    runtime = bot.services.runtime
    assert runtime is not None
    await runtime.stop()  # the ticks are driven by hand
    await runtime.poller.tick()
    return runtime


def waiter(bot: Bot, runtime: PollerRuntime, step: int = 60) -> journeys.Wait:
    async def wait(seconds: float) -> None:
        assert runtime.sender is not None
        for _ in range(max(1, int(seconds // step))):
            bot.advance(step)
            await runtime.poller.tick()
            await runtime.sender.run_once()

    return wait


def place_alerts(bot: Bot) -> list[str]:
    return [
        c.text
        for c in bot.api.of("sendMessage")
        if " arrived at " in c.text or " left " in c.text or "not plugged in" in c.text
    ]


def edit_code(bot: Bot, suffix: str) -> str:
    return next(d for d in bot.buttons("pe") if d.endswith(suffix))


async def until_local(bot: Bot, wait: journeys.Wait, hour: int, minute: int = 0) -> None:
    """Let time pass (polling) until the next local hh:mm of the bot's zone."""
    zone = bot.services.settings.zone
    now = bot.now().astimezone(zone)
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    await wait((target - now).total_seconds())


async def test_home_to_school_and_back_alerts_once_each_way_and_the_live_location_follows(
    logged_in: Bot,
) -> None:
    bot = logged_in
    runtime = await runtime_of(bot)
    wait = waiter(bot, runtime)
    home = (bot.sim.vehicle(VIN_1).latitude or 0.0, bot.sim.vehicle(VIN_1).longitude or 0.0)

    # Home from the car's own position (the first place is home, arrival alerts on).
    await bot.send("/places")
    await bot.press(bot.buttons("pa")[0])
    saved = await bot.press(bot.button("ph"))
    assert "Saved <b>Home</b>" in bot.texts(saved)[0]
    await bot.press(edit_code(bot, "-lv"))  # departures from home too
    # School from a shared location, named first.
    await bot.send("/places add School")
    saved = await share_location(bot, *SCHOOL)
    assert "Saved <b>School</b>" in bot.texts(saved)[0]
    await bot.press(edit_code(bot, "-ar"))
    card = await bot.press(edit_code(bot, "-lv"))
    assert "Arrival alert: on · departure alert: on" in bot.texts(card)[0]
    await wait(10 * 60)
    assert place_alerts(bot) == [], "saving a place says nothing about it"

    # On the way, /location offers Follow; the live location moves, then stops at school.
    bot.sim.start_driving(VIN_1, 40)
    await wait(2 * 60)
    await bot.send("/location")
    follow = bot.button("fo")
    await bot.press(follow)
    (live,) = [c for c in bot.api.of("sendLocation") if c.params.get("live_period")]
    assert live.params["live_period"] == 3600
    await journeys.trip_to(bot.sim, VIN_1, wait, SCHOOL, 10)
    await wait(15 * 60)
    moves = bot.api.of("editMessageLiveLocation")
    assert len(moves) >= 5, "the pin moved with the car"
    assert all(m.params["message_id"] == live.result["message_id"] for m in moves)
    longitudes = [float(m.params["longitude"]) for m in moves]
    assert longitudes == sorted(longitudes), "eastwards, one position after the other"
    (stopped,) = bot.api.of("stopMessageLiveLocation")
    assert stopped.params["message_id"] == live.result["message_id"]
    assert [c.params["message_id"] for c in bot.api.of("editMessageLiveLocation")] == [
        m.params["message_id"] for m in moves
    ], "nothing moves after the stop"

    await journeys.trip_to(bot.sim, VIN_1, wait, home, 10)
    await wait(30 * 60)
    alerts = place_alerts(bot)
    assert len(alerts) == 4, alerts
    assert "Spectrum Blue #1</b> left Home (" in alerts[0]
    assert "Spectrum Blue #1</b> arrived at School (" in alerts[1]
    assert "Spectrum Blue #1</b> left School (" in alerts[2]
    assert "Spectrum Blue #1</b> arrived at Home (" in alerts[3]
    assert len(bot.api.of("stopMessageLiveLocation")) == 1


async def test_the_evening_reminder_comes_once_unplugged_at_home_and_not_when_plugged_in(
    logged_in: Bot,
) -> None:
    bot = logged_in
    # The simulated clock starts at the real time: begin at noon, or a run after 20:00
    # would reach 23:30 before the next 20:00 and see no reminder.
    zone = bot.services.settings.zone
    now = bot.now().astimezone(zone)
    bot.advance((now.replace(hour=12, minute=0, second=0, microsecond=0) - now).seconds)
    runtime = await runtime_of(bot)
    wait = waiter(bot, runtime, step=300)
    await bot.send("/places")
    await bot.press(bot.buttons("pa")[0])
    await bot.press(bot.button("ph"))
    card = await bot.press(edit_code(bot, "-rt"))  # reminder at 20:00, below 50 %
    assert "Reminder at 20:00 when below 50 %" in bot.texts(card)[0]
    bot.sim.drain_battery(VIN_1, 30)

    await until_local(bot, wait, 23, 30)
    reminders = [a for a in place_alerts(bot) if "not plugged in" in a]
    assert reminders == [
        "🔌 <b>Spectrum Blue #1</b> is parked at Home with 30 % and not plugged in."
    ]
    reminder = bot.api.of("sendMessage")[-1]
    assert any(d.startswith("v1:pz:") for d in reminder.callback_data), "Remind me in 1 h"

    bot.sim.plug_in(VIN_1, charge=False)
    await until_local(bot, wait, 23, 30)  # the next evening: plugged in
    assert len([a for a in place_alerts(bot) if "not plugged in" in a]) == 1


async def test_a_share_without_location_shows_the_friend_no_position(logged_in: Bot) -> None:
    bot = logged_in
    await bot.send(f"/allow {FRIEND} Ben")
    done = await bot.send(f"/share {FRIEND} Blue without location")
    assert "Its position stays hidden from them." in bot.texts(done)
    bot.api.clear()
    calls = await bot.send("/location", user=FRIEND)
    assert bot.texts(calls) == ["The position of <b>Spectrum Blue #1</b> is not shared with you."]
    assert bot.api.of("sendLocation") == []
    car_id = bot.button("rf", await bot.send("/status", user=FRIEND)).split(":")[-1]
    # No Location button on the card; a forged (old) press of each is still refused:
    await bot.press(f"v1:fo:{car_id}", user=FRIEND)
    await bot.press(f"v1:lo:{car_id}", user=FRIEND)
    await bot.press(f"v1:ph:{car_id}", user=FRIEND)
    assert bot.api.of("sendLocation") == [], "no pin, no live location, no place from it"
    card = bot.texts(await bot.send("/status", user=FRIEND))[0]
    assert "52.5" not in card
    assert "13.4" not in card

    again = await bot.send(f"/share {FRIEND} Blue")  # shared again with location
    assert "Its position stays hidden from them." not in bot.texts(again)
    await bot.send("/location", user=FRIEND)
    assert len(bot.api.of("sendLocation")) == 1


async def test_left_unlocked_is_silent_in_the_garage_but_a_tow_from_it_is_still_said(
    logged_in: Bot,
) -> None:
    bot = logged_in
    runtime = await runtime_of(bot)
    wait = waiter(bot, runtime)
    await bot.send("/places")
    await bot.press(bot.buttons("pa")[0])
    await bot.press(bot.button("ph"))
    card = await bot.press(edit_code(bot, "-qu"))
    assert "“Left unlocked” here: silent" in bot.texts(card)[0]

    bot.sim.vehicle(VIN_1).locked = False  # the owner walks away; the garage is shut
    await wait(30 * 60)
    assert not [t for t in bot.texts() if "Still unlocked" in t], "silent at home"

    bot.sim.vehicle(VIN_1).locked = True
    await wait(10 * 60)
    home = bot.sim.vehicle(VIN_1)
    bot.sim.move_while_locked(VIN_1, (home.latitude or 0.0) + 0.01, home.longitude or 0.0)
    await wait(10 * 60)
    assert [t for t in bot.texts() if "Moved" in t or "moved" in t], "a tow is said everywhere"

    bot.sim.vehicle(VIN_1).locked = False  # a kilometre away: no longer the garage
    await wait(30 * 60)
    assert [t for t in bot.texts() if "Still unlocked" in t]
