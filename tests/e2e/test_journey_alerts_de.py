"""Alerts as a German-speaking family hears them: in German from Telegram's language, the
bot's own /windows vent never a stranger's change, the theft alert alone, first and loud
with its pin, informational alerts silent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.cloud import set_car, status_requests
from tests.e2e.harness import ADMIN, VIN_1, User, World, alert_texts, buttons, login

pytestmark = pytest.mark.slow

FRIEND = 2002


async def _due_now(world: World) -> None:
    """Fast-forward the car's next poll to now (the poller claims it within a second); naive
    UTC, as the bot stores times in SQLite."""
    now = datetime.now(UTC).replace(tzinfo=None)
    await world.sql(
        "UPDATE vehicle_state SET next_poll_at = :now WHERE next_poll_at > :now", now=now
    )


async def _family(world: World) -> tuple[User, User]:
    await world.start_bot()
    owner, friend = world.user(ADMIN), world.user(FRIEND, language="de")
    await login(owner)
    await friend.send("/start")  # a stranger yet: the bot learns their language
    await friend.wait_message(str(FRIEND))
    await owner.ask(f"/allow {FRIEND} Ben", "may now use the bot")
    await friend.wait_message("Du darfst diesen Bot jetzt nutzen")
    await owner.ask(f"/share {FRIEND} Blue", "is now shared with")
    await friend.wait_message("mit dir geteilt")
    owner.language = "de"  # Telegram's language changed: alerts follow it
    await owner.ask("/help")
    await world.first_poll_stored(VIN_1)
    return owner, friend


async def test_windows_vent_is_no_false_alarm_and_the_sharer_hears_who_sent_it(
    world: World,
) -> None:
    set_car(world.sim, VIN_1, locked=True)
    owner, friend = await _family(world)
    question = await owner.ask("/windows vent", "")
    outcome = await owner.tap(question, "cf")
    alert = await friend.wait_message("Fenster beim Parken geöffnet", timeout=45)
    assert "(durch diesen Bot (User1001))" in alert.text
    assert alert.silent, "a change this bot made on request does not ring"
    await owner.wait_message(
        lambda m: m.message_id == outcome.message_id and "✅" in m.text, timeout=45
    )
    await world.polled_since(VIN_1, 3)
    assert [t for t in alert_texts(owner) if "Fenster" in t] == [], "the sender hears nothing"
    assert len([t for t in alert_texts(friend) if "Fenster" in t]) == 1


async def test_a_tow_alert_comes_alone_first_and_loud_with_a_pin_in_german(world: World) -> None:
    set_car(world.sim, VIN_1, locked=True, soc=30.0)
    owner, _friend = await _family(world)
    since = owner.mark()
    set_car(world.sim, VIN_1, soc=15.0)
    car = world.sim.vehicle(VIN_1)
    assert car.latitude is not None
    assert car.longitude is not None
    there = (car.latitude + 0.02, car.longitude)
    world.sim.move_while_locked(VIN_1, *there)
    theft = await owner.wait_message("bewegt", since=since, timeout=45)
    low = await owner.wait_message("Akku niedrig", since=since, timeout=45)
    assert theft.message_id < low.message_id, "the theft alert goes first"
    assert "Akku" not in theft.text, "and alone"
    assert "etwa 2,2 km bewegt" in theft.text
    assert not theft.silent
    labels = [b["text"] for row in (theft.reply_markup or {})["inline_keyboard"] for b in row]
    assert labels[:3] == ["📍 Wo ist es jetzt", "🛰 Verfolgen", "🔒 Verriegeln"]
    assert [d.split(":")[1] for d in buttons(theft)[:3]] == ["lo", "fo", "lk"]
    pins = [m for m in owner.bot_messages(since) if m.location is not None]
    assert len(pins) == 1
    assert pins[0].message_id == theft.message_id + 1
    assert pins[0].location == pytest.approx(there, abs=0.001)


async def test_a_confirmed_lock_keeps_the_car_watched_and_a_trunk_left_open_alerts_once(
    world: World,
) -> None:
    set_car(world.sim, VIN_1, locked=False)
    await world.start_bot(POLL_INTERVAL_IDLE="60")
    owner = world.user(ADMIN)
    await login(owner)
    await world.first_poll_stored(VIN_1)
    owner.language = "de"
    menu = await owner.ask("/alerts", "⏱")
    await owner.press(menu, "v1:am:u")  # the delay page: its choices as buttons
    await owner.wait_message(lambda m: any(d.endswith(":au:1") for d in buttons(m)))
    await owner.press(menu, "v1:au:1")

    async def one_minute() -> bool:
        rows = await world.sql("SELECT left_unlocked_minutes FROM alert_prefs")
        return bool(rows) and all(row == (1,) for row in rows)

    await world.wait_until(one_minute, what="the 1 min delay stored")

    progress = await owner.ask("/lock", "")
    await owner.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=30
    )
    since = owner.mark()
    set_car(world.sim, VIN_1, plugged_in=True)
    plugged = await owner.wait_message("Angesteckt", since=since, timeout=10)
    assert plugged.silent, "plugging in is informational"

    set_car(world.sim, VIN_1, trunk_open=True)
    opened = await owner.wait_message("Kofferraum beim Parken geöffnet", since=since, timeout=75)
    assert not opened.silent, "an opening while parked rings"

    # The minute is fast-forwarded: the poller's memory says the trunk opened a minute ago,
    # and the car is due now. Again on every check: a poll running meanwhile may write back
    # what it read before (only the time is moved, never what was sent).
    a_minute_ago = (datetime.now(UTC) - timedelta(minutes=1, seconds=1)).isoformat()

    async def left_open_said() -> bool:
        if any("noch offen" in text for text in alert_texts(owner)):
            return True
        await world.sql(
            "UPDATE alert_episodes SET data = json_set(data, '$.since', :since) "
            "WHERE kind = 'left_open' AND json_extract(data, '$.since') IS NOT NULL "
            "AND vehicle_id = (SELECT id FROM vehicles WHERE vin = :vin)",
            since=a_minute_ago,
            vin=VIN_1,
        )
        await _due_now(world)
        return False

    await world.wait_until(left_open_said, timeout=100, every=0.5, what="the left-open alert")
    left = await owner.wait_message("Nach 1 Min. geparkt noch offen", since=since)
    assert "Kofferraum" in left.text
    reads = len(status_requests(world.sim, VIN_1))

    async def read_again() -> bool:  # the next idle read, fast-forwarded from 60 s later
        if len(status_requests(world.sim, VIN_1)) > reads:
            return True
        await _due_now(world)
        return False

    await world.wait_until(
        read_again, timeout=90, every=0.5, what="one more read of the open trunk"
    )

    async def outbox_empty() -> bool:
        rows = await world.sql(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL"
        )
        return rows == [(0,)]

    await world.wait_until(outbox_empty, what="every queued alert sent")
    assert len([t for t in alert_texts(owner) if "noch offen" in t]) == 1
