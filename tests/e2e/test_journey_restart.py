"""Journey 10: the bot process is killed (SIGKILL) and started again; no alert is lost and
none arrives twice.

Two moments are hit: during a poll (the cloud holds the status request while the process
dies, so the car's lease stays with the dead process), and between storing an alert and
delivering it (Telegram refused the first attempt; the retry is due when the process dies).
A dead process's poll lease is short (renewed while its poll runs), so the restarted
process polls the car again within seconds, without anyone moving the lease's expiry.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.e2e.cloud import command_requests, set_car
from tests.e2e.harness import ADMIN, VIN_1, World, alert_texts, login
from tests.e2e.journeys import audit_rows

pytestmark = pytest.mark.slow

STATUS_OF_1 = f"/vehicle/status/{VIN_1}"


async def test_a_kill_during_a_poll_or_before_delivery_loses_and_doubles_no_alert(
    world: World,
) -> None:
    bot = await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await world.first_poll_stored(VIN_1)

    # 1. Killed while the status read that shows the open door is in flight.
    world.sim.inject_delay(5, path_contains=STATUS_OF_1)
    world.sim.open_door(VIN_1, "driver")

    def held() -> bool:
        return any(e.extra.get("fault", "").startswith("fault:delay") for e in world.sim.requests)

    await world.wait_until(held, timeout=20, what="a poll of the car in flight")
    dead_owner = (await world.car_state(VIN_1))["lease_owner"]
    assert dead_owner, "the car is leased to the process being killed"
    await bot.kill()
    killed = time.monotonic()
    assert alert_texts(user) == []
    await bot.start()
    await user.wait_message("Opened while parked: driver door", timeout=40)
    # The lease (15 s) runs out, then the next tick (1 s) and the poll: about 16 s, not 122 s.
    assert time.monotonic() - killed < 25

    # 2. Killed after the alert was stored, before Telegram took it.
    # 502 four times: the Bot API client's three quick retries fail too, so the outbox row
    # records a failed attempt.
    world.tg.fail_next(502, count=4, method="sendMessage")
    world.sim.open_door(VIN_1, "trunk")

    async def first_attempt_failed() -> bool:
        rows = await world.sql("SELECT attempts FROM outbox WHERE kind LIKE '%trunk%'")
        return bool(rows) and rows[0][0] >= 1

    await world.wait_until(first_attempt_failed, timeout=30, what="a failed first delivery")
    await bot.kill()
    assert not any("Trunk opened" in text for text in alert_texts(user))
    await bot.start()
    await user.wait_message("Trunk opened", timeout=30)

    await world.polled_since(VIN_1, 1)
    alerts = alert_texts(user)
    assert len(alerts) == 2, alerts
    assert "Opened while parked: driver door" in alerts[0]
    assert "Trunk opened" in alerts[1]
    rows = await world.sql("SELECT sent_at IS NOT NULL, dropped_at FROM outbox ORDER BY id")
    assert rows == [(True, None), (True, None)]


async def test_a_kill_while_telegram_takes_an_alert_sends_it_once_and_says_so(
    world: World,
) -> None:
    bot = await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await world.first_poll_stored(VIN_1)
    # Telegram takes the alert at once but answers only after 8 s; the process dies before.
    world.tg.answer_late_next(8, method="sendMessage")
    world.sim.open_door(VIN_1, "driver")
    await user.wait_message("Opened while parked: driver door", timeout=30)

    async def marked_sending() -> bool:
        rows = await world.sql("SELECT sending_at IS NOT NULL, sent_at FROM outbox")
        return rows == [(True, None)]

    await world.wait_until(marked_sending, what="the outbox row marked as being sent")
    await bot.kill()
    await bot.start()
    # The dead sender's claim on the row lasts a minute; the test moves its end to now.
    await world.sql("UPDATE outbox SET next_attempt_at = :now", now=datetime.now(UTC))

    async def settled() -> bool:
        rows = await world.sql("SELECT drop_reason FROM outbox")
        return rows == [("uncertain",)]

    await world.wait_until(settled, timeout=20, what="the interrupted alert to be settled")
    await world.polled_since(VIN_1, 1)
    assert len(alert_texts(user)) == 1, "the alert Telegram took is not sent again"
    assert "died while sending" in bot.log_text()


async def test_a_kill_after_locking_is_shown_sends_once_and_the_restart_tells_the_outcome(
    world: World,
) -> None:
    bot = await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    set_car(world.sim, VIN_1, locked=False)
    progress = await user.ask("/lock", "Locking")
    await world.wait_until(
        lambda: len(command_requests(world.sim, "RDL_2")) == 1, what="the lock request"
    )
    await bot.kill()  # before the follow-through saw the car locked
    killed = time.monotonic()
    assert [r.result for r in await audit_rows(world, action="lock")] == ["sending"]

    await bot.start()
    done = await user.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=40
    )
    # The line's 15 s of life run out, then the recovery's next round (every 5 s).
    assert time.monotonic() - killed < 25
    assert "Locking" in done.text
    assert "restart" in done.text
    assert len(command_requests(world.sim, "RDL_2")) == 1, "the command was not sent again"
    assert [r.result for r in await audit_rows(world, action="lock")] == ["confirmed"]
