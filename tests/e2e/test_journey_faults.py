"""Journeys 8 and 9: the cloud and Telegram misbehave; the user still gets the right answers
and every alert exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.simulator.server import RunningSimulator
from tests.e2e.cloud import COMMAND_PATH, command_requests, set_car
from tests.e2e.harness import ADMIN, VIN_1, VIN_5, User, World, alert_texts, login

pytestmark = pytest.mark.slow


def _finished(message_id: int) -> object:
    return lambda m: m.message_id == message_id and ("✅" in m.text or "❌" in m.text)


async def _logged_in(world: World) -> User:
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    return user


async def test_a_token_expiring_mid_command_is_renewed_and_the_user_sees_no_error(
    world: World,
) -> None:
    user = await _logged_in(world)
    set_car(world.sim, VIN_1, locked=False)
    world.sim.inject_code("1402", path_contains=COMMAND_PATH)
    progress = await user.ask("/lock", "Locking")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)  # type: ignore[arg-type]
    assert "✅ Done, confirmed by the car." in outcome.text
    sent = command_requests(world.sim, "RDL_2")
    assert [e.extra.get("fault") for e in sent] == ["fault:code-1402", None]
    assert sent[-1].code == "1000"
    assert [m for m in user.bot_messages() if "❌" in m.text or "expired" in m.text] == []


async def test_a_cloud_rate_limit_tells_the_user_when_to_retry(world: World) -> None:
    user = await _logged_in(world)
    world.sim.inject_http(429, retry_after=42, path_contains=COMMAND_PATH)
    progress = await user.ask("/horn", "")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)  # type: ignore[arg-type]
    assert "slow down" in outcome.text
    assert "42 s" in outcome.text, outcome.text


CARS = (VIN_1, VIN_5)


async def test_a_cloud_outage_is_reported_and_the_poller_recovers_when_it_returns(
    world: World,
) -> None:
    user = await _logged_in(world)
    await world.first_poll_stored(VIN_1)
    port = world.cloud.port
    world.cloud.stop()

    refusal = await user.ask("/status", "unreachable", timeout=30)
    assert "The Smart cloud is unreachable right now" in refusal.text
    # A command while the cloud is down: the same clear answer, and the poller (asked to
    # follow the command) tries the car at once and fails.
    progress = await user.ask("/lock", "Locking")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)  # type: ignore[arg-type]
    assert "unreachable" in outcome.text

    # Whichever car of the account is read first fails and pauses the whole account (back-off),
    # so the failure may be recorded on either car.
    async def poll_failed() -> bool:
        return any([bool((await world.car_state(vin)).get("failures")) for vin in CARS])

    await world.wait_until(poll_failed, timeout=20, what="a failed poll during the outage")

    world.cloud = RunningSimulator(world.sim, port=port)
    # The account backs off 15-30 s after its first failed poll; the test lets that time pass
    # by moving the back-off's end to now instead of sleeping through it.
    now = datetime.now(UTC)
    await world.sql("UPDATE smart_accounts SET backoff_until = :now", now=now)
    await world.sql(
        "UPDATE vehicle_state SET next_poll_at = :now WHERE next_poll_at > :now", now=now
    )

    async def recovered() -> bool:
        states = [await world.car_state(vin) for vin in CARS]
        return all(s.get("failures") == 0 and s.get("last_error") is None for s in states)

    await world.wait_until(recovered, timeout=20, what="the poller to recover")
    card = await user.ask("/status", "smart #1", timeout=30)
    assert "🔋" in card.text


async def test_telegram_flood_limits_and_errors_lose_and_double_no_alert(world: World) -> None:
    user = await _logged_in(world)
    await world.first_poll_stored(VIN_1)
    # Telegram refuses every alert for a while: flood control, then server errors.
    world.tg.fail_next(429, count=3, method="sendMessage", retry_after=1)
    world.tg.fail_next(502, count=1, method="sendMessage")

    world.sim.open_door(VIN_1, "driver")

    async def queued(count: int) -> bool:
        return len(await world.sql("SELECT id FROM outbox")) >= count

    await world.wait_until(lambda: queued(1), timeout=20, what="the door alert to be queued")
    world.sim.open_door(VIN_1, "trunk")
    await world.wait_until(lambda: queued(2), timeout=20, what="the trunk alert to be queued")

    await user.wait_message("Trunk opened", timeout=40)
    await user.wait_message("Opened while parked", timeout=40)
    await world.polled_since(VIN_1, 1)
    await asyncio.sleep(0.5)
    alerts = alert_texts(user)
    assert sorted(alerts) == sorted(set(alerts)), "no alert twice"
    assert len(alerts) == 2, alerts
    refused = [c for c in world.tg.calls if c.method == "sendMessage" and not c.ok]
    assert len(refused) == 4, "every injected failure was met"
    rows = await world.sql("SELECT sent_at IS NOT NULL, dropped_at FROM outbox ORDER BY id")
    assert rows == [(True, None), (True, None)]


async def test_when_the_progress_message_cannot_be_edited_the_outcome_comes_as_a_new_one(
    world: World,
) -> None:
    user = await _logged_in(world)
    set_car(world.sim, VIN_1, locked=False)
    # Every edit fails, the Bot API client's own retries included.
    world.tg.fail_next(502, count=20, method="editMessageText")
    progress = await user.ask("/lock", "Locking")
    outcome = await user.wait_message("✅", since=progress.message_id, timeout=40)
    assert "Locking" in outcome.text
    assert len(command_requests(world.sim, "RDL_2")) == 1
