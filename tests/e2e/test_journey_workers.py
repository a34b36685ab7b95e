"""Journey: `python -m bot run` with POLLER_WORKERS=2 starts a poller worker process beside
the Telegram process. The user's alerts arrive once; /healthz lists the worker; a killed
worker is restarted (and logged); SIGTERM stops the worker with the bot."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest

from tests.e2e.cloud import set_car
from tests.e2e.fake_telegram import free_port
from tests.e2e.harness import ADMIN, VIN_1, World, alert_texts, login
from tests.processes import process_alive

pytestmark = pytest.mark.slow


async def _health(port: int) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(f"http://127.0.0.1:{port}/healthz")
    report: dict[str, Any] = response.json()
    report["code"] = response.status_code
    return report


async def test_with_two_poller_workers_alerts_arrive_once_and_a_killed_worker_comes_back(
    world: World,
) -> None:
    set_car(world.sim, VIN_1, plugged_in=True, charge_lid_open=True, charging=False, soc=60.0)
    port = free_port()
    bot = await world.start_bot(POLLER_WORKERS="2", HEALTH_PORT=str(port))
    user = world.user(ADMIN)
    await login(user)
    await world.first_poll_stored(VIN_1)
    report: dict[str, Any] = {}

    async def worker_ticking() -> bool:
        nonlocal report
        report = await _health(port)
        return bool(report["code"] == 200 and report.get("workers", [{}])[0].get("state") == "ok")

    await world.wait_until(worker_ticking, timeout=30, what="the worker in /healthz")
    first_pid = report["workers"][0]["pid"]

    world.sim.start_charging(VIN_1)
    await user.wait_message("Charging started", timeout=30)
    await world.polled_since(VIN_1, 2)  # both pollers had their turns at the car
    alerts = alert_texts(user)
    assert len(alerts) == 1, f"one alert, though two processes poll: {alerts}"
    assert "Charging started" in alerts[0]

    os.kill(first_pid, 9)

    async def restarted() -> bool:
        nonlocal report
        report = await _health(port)
        worker = report["workers"][0]
        return bool(worker["state"] == "ok" and worker["restarts"] == 1)

    await world.wait_until(restarted, timeout=30, what="the worker restarted")
    second_pid = report["workers"][0]["pid"]
    assert second_pid != first_pid
    assert "poller worker 1 exited (code -9); restarting it" in bot.log_text()

    assert await bot.stop() == 0
    assert not process_alive(second_pid), "SIGTERM stopped the worker with the bot"
