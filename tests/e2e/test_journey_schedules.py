"""Journey: a weekday climate schedule made with the buttons in the real bot process; when its
time comes the car's climate turns on and the owner gets exactly one message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage import repo_schedules
from tests.e2e.fake_telegram import StoredMessage
from tests.e2e.harness import ADMIN, VIN_1, User, World, login

pytestmark = pytest.mark.slow


def _data(message: StoredMessage, label: str) -> str:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    for row in rows:
        for button in row:
            if button.get("text") == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} under {message.text!r}")


async def _tap(user: User, message: StoredMessage, label: str, needle: str) -> StoredMessage:
    before = message.text
    await user.press(message, _data(message, label))
    return await user.wait_message(
        lambda m: m.message_id == message.message_id and m.text != before and needle in m.text
    )


async def test_a_weekday_climate_schedule_turns_the_climate_on_and_tells_the_owner_once(
    world: World,
) -> None:
    await world.start_bot(SCHEDULER_INTERVAL="1")
    user = world.user(ADMIN)
    await login(user)
    await user.ask("/timezone Europe/Berlin", "Time zone set")
    menu = await user.ask("/schedule", "No schedules yet")
    flow = await _tap(user, menu, "➕ Climate", "When?")
    flow = await _tap(user, flow, "Next ▶", "On which days?")
    flow = await _tap(user, flow, "Next ▶", "Anything else?")
    flow = await _tap(user, flow, "💺 Seat heat: 0", "seat heat 1")
    saved = await _tap(user, flow, "💾 Save", "✅ Saved: 🌡 07:30 · Mon–Fri · 21 °C · seat heat 1")
    [schedule] = await repo_schedules.list_schedules(world.db, user_id=ADMIN)
    schedule_id = schedule.id

    # Advance the bot's clock to the run: the stored next run becomes due now.
    since = user.mark()
    assert await repo_schedules.move_run(
        world.db,
        schedule_id=schedule.id,
        expected_at=schedule.next_run_at,
        expected_phase="start",
        next_run_at=datetime.now(UTC),
        next_phase="start",
    )
    report = await user.wait_message("⏰ Spectrum Blue #1", since=since, timeout=60)
    assert "done, the car confirmed it" in report.text
    assert world.sim.state.vehicle(VIN_1).climate_on is True
    await user.ask("/help", "Schedules")
    reports = [m for m in user.bot_messages(since) if m.text.startswith("⏰")]
    assert len(reports) == 1, [m.text for m in reports]
    rows = await world.sql("SELECT action, source, result FROM audit_log WHERE source = 'schedule'")
    assert rows == [("warm_car", "schedule", "confirmed")]
    [(next_run,)] = await world.sql(
        "SELECT next_run_at FROM schedules WHERE id = :id", id=schedule_id
    )
    assert next_run is not None, "a weekday schedule stays, with its next run"
    assert saved.message_id == menu.message_id, "the whole flow edits one message"
