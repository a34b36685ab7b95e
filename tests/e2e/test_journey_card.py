"""Issue 17, commands and the status card: refusals from the stored status, the card kept
true, the queue behind the cool-down and the default car, for an English and a German user
(the same chat, its Telegram language `de`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.tg.keyboards import decode
from tests.e2e.cloud import command_requests, set_car
from tests.e2e.fake_telegram import StoredMessage
from tests.e2e.harness import ADMIN, VIN_1, VIN_5, World, button, buttons, login

pytestmark = pytest.mark.slow


def _ops(message: StoredMessage) -> list[str]:
    return [c.op.value for c in map(decode, buttons(message)) if c is not None]


async def _stored(world: World, vin: str, column: str, value: object) -> None:
    """Wait until the poller stored a status of `vin` whose `column` reads `value`."""

    async def shows() -> bool:
        rows = await world.sql(
            "SELECT s.last_status FROM vehicle_state s JOIN vehicles v ON v.id = s.vehicle_id "
            "WHERE v.vin = :vin",
            vin=vin,
        )
        if not rows or rows[0][0] is None:
            return False
        status = rows[0][0]
        if isinstance(status, str):
            status = json.loads(status)
        return bool(status.get(column) == value)

    await world.wait_until(shows, timeout=30, what=f"a stored status with {column}={value}")


async def test_start_charging_an_unplugged_car_is_refused_at_once_and_an_old_status_may_be_tried(
    world: World,
) -> None:
    # The #5 has not reported for an hour, unplugged; the #1 is unplugged just now.
    set_car(world.sim, VIN_5, plugged_in=False, charging=False)
    with world.sim.state.lock:
        world.sim.vehicle(VIN_5).updated_at = world.sim.now() - 3600
    await world.start_bot()
    await login(world.user(ADMIN))
    de = world.user(ADMIN, language="de")
    set_car(world.sim, VIN_1, plugged_in=False, charging=False)
    await _stored(world, VIN_1, "plugged_in", False)
    before = len(command_requests(world.sim))

    refused = await de.ask("/charge start", "nicht angesteckt")
    # "gerade eben" for a read of the last seconds; a loaded machine may take longer here.
    assert re.fullmatch(
        r"🔌 <b>Spectrum Blue #1</b> ist nicht angesteckt \(Stand: (gerade eben|vor \d+ s)\), "
        r"Laden kann nicht starten\. Bitte zuerst das Kabel einstecken\.",
        refused.text,
    ), refused.text
    assert _ops(refused) == [], "a fresh status is not offered to try anyway"
    assert len(command_requests(world.sim)) == before

    # A car that has not reported for an hour: the refusal offers to send it anyway.
    await _stored(world, VIN_5, "plugged_in", False)
    refused = await de.ask("/charge start B-SM 505", "Trotzdem senden")
    assert "(Stand: vor 1 Std.)" in refused.text
    assert _ops(refused) == ["cf", "cx"]
    assert len(command_requests(world.sim)) == before
    progress = await de.tap(refused, "cf", "beginnt zu laden")
    assert progress.message_id == refused.message_id
    await world.wait_until(
        lambda: len(command_requests(world.sim)) == before + 1, what="the charging command"
    )


def _toasts(world: World, chat: int) -> list[str]:
    return [s.text for s in world.tg.transcript if s.kind == "toast" and s.chat_id == chat]


def _toast_count(world: World, count: int) -> Callable[[], bool]:
    return lambda: len(_toasts(world, ADMIN)) == count


async def test_lock_and_climate_from_the_card_redraw_the_card_and_refresh_with_nothing_new_toasts(
    world: World,
) -> None:
    set_car(world.sim, VIN_1, locked=False)
    await world.start_bot()
    await login(world.user(ADMIN))
    de = world.user(ADMIN, language="de")
    card = await de.ask("/status", "Entriegelt")

    since = de.mark()
    await de.press(card, button(card, "lk"))
    progress = await de.wait_message("wird verriegelt", since=since)
    await de.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=30
    )
    card = await de.wait_message(
        lambda m: m.message_id == card.message_id and "🔒 Verriegelt" in m.text
    )
    assert "Entriegelt" not in card.text

    # Refresh with nothing new from the car: the same card, and a toast says so, twice
    # (the second edit is "message is not modified" for Telegram, never shown).
    for count in (1, 2):
        since = de.mark()
        await de.press(card, button(card, "rf"))
        await world.tg.wait_for(_toast_count(world, count), timeout=15, what="the toast")
        assert _toasts(world, ADMIN)[-1].startswith("Aktuell · Stand: ")
        assert de.bot_messages(since) == []

    since = de.mark()
    await de.press(card, button(card, "c1"))
    progress = await de.wait_message("Klima in", since=since)
    await de.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=30
    )
    card = await de.wait_message(
        lambda m: m.message_id == card.message_id and "❄️ Klima an" in m.text
    )
    assert "c0" in _ops(card), "the card offers to switch climate off"
    assert "not modified" not in world.bots[0].log_text()


def _labels(message: StoredMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [str(b["text"]) for row in rows for b in row]


def _starred(message: StoredMessage) -> list[str]:
    return [line for line in message.text.splitlines() if line.startswith("⭐")]


async def test_cars_stars_the_default_only_keeps_its_buttons_and_a_new_login_asks(
    world: World,
) -> None:
    await world.start_bot()
    en = world.user(ADMIN)
    await login(en)
    de = world.user(ADMIN, language="de")
    cars = await de.ask("/cars", "Deine Autos")
    assert len(_starred(cars)) == 1
    assert "#1" in _starred(cars)[0]
    assert [label for label in _labels(cars) if "⭐" in label] == ["⭐ Spectrum Blue #1"]

    five = next(
        str(b["callback_data"])
        for row in (cars.reply_markup or {})["inline_keyboard"]
        for b in row
        if "#5" in b["text"]
    )
    since = de.mark()
    await de.press(cars, five)
    cars = await de.wait_message(
        lambda m: m.message_id == cars.message_id and "ist jetzt dein Standardauto" in m.text
    )
    assert len(_starred(cars)) == 1
    assert "#5" in _starred(cars)[0]
    assert len(_labels(cars)) == 2, "the buttons stay after a tap"
    assert [label for label in _labels(cars) if "⭐" in label] == [
        next(label for label in _labels(cars) if "#5" in label)
    ]
    assert de.bot_messages(since) == [], "the list is edited, nothing new is sent"

    # Logging in again keeps the default and asks instead of changing it.
    since = en.mark()
    await login(en, default_car=None)
    kept = await en.wait_message("Your default car stays", since=since)
    assert "#5" in kept.text.split("(⭐)")[0]
    assert len(_labels(kept)) == 2
    cars = await de.ask("/cars", "Deine Autos")
    assert "#5" in _starred(cars)[0]


def _done(message_id: int) -> Callable[[StoredMessage], bool]:
    return lambda m: m.message_id == message_id and ("✅" in m.text or "❌" in m.text)


async def test_a_command_in_the_cool_down_is_queued_then_sent_and_the_newest_queued_wins(
    world: World,
) -> None:
    await world.start_bot()
    await login(world.user(ADMIN))
    de = world.user(ADMIN, language="de")
    before = len(command_requests(world.sim))

    first = await de.ask("/climate 21,5", "Klima in")
    queued = await de.ask("/climate off", "In der Warteschlange")
    assert queued.text.startswith("Klima in Spectrum Blue #1 wird ausgeschaltet…\n🕒 ")
    assert "Pause zwischen Befehlen; das geht in " in queued.text
    await de.wait_message(_done(first.message_id), timeout=40)
    outcome = await de.wait_message(_done(queued.message_id), timeout=90)
    assert outcome.text == (
        "Klima in Spectrum Blue #1 wird ausgeschaltet…\n✅ Erledigt, vom Auto bestätigt."
    )
    assert not world.sim.vehicle(VIN_1).climate_on
    assert len(command_requests(world.sim)) == before + 2

    # Two commands queued behind a lock: the newer takes the older's place.
    lock = await de.ask("/lock", "verriegelt")
    older = await de.ask("/climate 22", "In der Warteschlange")
    newer = await de.ask("/climate off", "In der Warteschlange")
    replaced = await de.wait_message(
        lambda m: m.message_id == older.message_id and "Nicht gesendet" in m.text
    )
    assert replaced.text == (
        "Klima in Spectrum Blue #1 startet mit 22 °C…\n↩️ Nicht gesendet: Ein neuerer Befehl "
        "für dieses Auto hat seinen Platz in der Warteschlange eingenommen."
    )
    await de.wait_message(_done(lock.message_id), timeout=40)
    await de.wait_message(_done(newer.message_id), timeout=90)
    assert len(command_requests(world.sim)) == before + 4, "lock and climate off, not climate 22"
    assert "Nicht gesendet" in (de.bot_messages(older.message_id - 1)[0].text)


async def test_a_queued_command_of_a_killed_bot_is_never_sent_later_and_its_sender_is_told(
    world: World,
) -> None:
    bot = await world.start_bot()
    en = world.user(ADMIN)
    await login(en)
    first = await en.ask("/climate 22", "Starting the climate")
    queued = await en.ask("/climate off", "Queued")

    async def stored() -> bool:
        return bool(await world.sql("SELECT token FROM queued_commands"))

    await world.wait_until(stored, what="the queued command to be stored")
    await bot.kill()
    sent = len(command_requests(world.sim))
    # The 30 s a queued command is given after it was due are fast-forwarded: it was due
    # 31 s ago, as if the restart had taken that long.
    due = datetime.now(UTC) - timedelta(seconds=31)
    await world.sql("UPDATE queued_commands SET due_at = :due", due=due.replace(tzinfo=None))
    await bot.start()
    dropped = await en.wait_message(
        lambda m: m.message_id == queued.message_id and "Not sent" in m.text, timeout=90
    )
    assert dropped.text == (
        "Stopping the climate in Spectrum Blue #1…\n⚠️ Not sent: the bot restarted before the "
        "car's break ended. Send it again if you still want it."
    )
    assert first.message_id < queued.message_id
    assert len(command_requests(world.sim)) == sent, "nothing is sent after the restart"
