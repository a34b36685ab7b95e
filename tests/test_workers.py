"""POLLER_WORKERS: poller-only worker processes next to the Telegram process, supervised.

Real worker processes (`python -m bot.worker_main`) against the simulated cloud served on
loopback and a fake Bot API; the test process stands in for the Telegram process: it runs
no poller, only the outbox sender."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.health import health_report
from bot.poller.events import EventKind
from bot.poller.sender import OutboxSender
from bot.services import BotServices
from bot.simulator import Simulator
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_PASSWORD
from bot.simulator.server import RunningSimulator
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.workers import WorkerSupervisor
from tests.conftest import TEST_TOKEN
from tests.db_fixtures import seed_owner
from tests.e2e.cloud import set_car, status_requests
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.harness import VIN_1
from tests.poller.fakes import RecordingNotifier
from tests.processes import process_alive

pytestmark = pytest.mark.slow
OWNER = 1001


@dataclass
class Fleet:
    sim: Simulator
    settings: Settings
    db: Database


@pytest.fixture
async def fleet(db: Database, cipher: CredentialCipher, fernet_key: str) -> AsyncIterator[Fleet]:
    """The demo #1, stored for its owner and due now; the cloud and Telegram on loopback."""
    sim = Simulator()
    set_car(sim, VIN_1, plugged_in=True, charge_lid_open=True, charging=False, soc=60.0)
    await seed_owner(
        db, cipher, user_id=OWNER, vins=[VIN_1], email=DEMO_EU_EMAIL, password=DEMO_PASSWORD
    )
    with RunningSimulator(sim) as cloud:
        async with FakeTelegram() as tg:
            settings = Settings(
                _env_file=None,
                telegram_bot_token=TEST_TOKEN,
                telegram_api_base_url=tg.base_url,
                fernet_keys=fernet_key,
                admin_user_ids=str(OWNER),
                database_url=db.url,
                smart_cloud_url=cloud.base_url,
                poll_interval_idle=5,
                poll_interval_charging=5,
                poll_interval_after_command=1,
                poller_workers=2,
            )
            yield Fleet(sim, settings, db)


async def _until(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def _queued_alerts(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(text("SELECT count(*) FROM outbox"))).scalar_one())


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_a_worker_process_polls_the_car_and_the_telegram_process_sends_its_alert_once(
    fleet: Fleet,
) -> None:
    supervisor = WorkerSupervisor(fleet.settings, count=1)
    supervisor.start()
    notifier = RecordingNotifier()
    sender = OutboxSender(db=fleet.db, notifier=notifier)
    try:
        worker = supervisor.states[0]
        await _until(lambda: worker.polled >= 1, "the worker's first poll")
        assert status_requests(fleet.sim, VIN_1), "the worker read the car from the cloud"
        fleet.sim.start_charging(VIN_1)
        polled = worker.polled
        await _until(lambda: worker.polled >= polled + 2, "two more polls by the worker")
        for _ in range(3):  # the Telegram process's sender, a few rounds
            await sender.run_once()
    finally:
        await supervisor.stop()
    alerts = notifier.take()
    assert [[event.kind for event in alert.events] for alert in alerts] == [
        [EventKind.CHARGING_STARTED]
    ]
    assert alerts[0].user_id == OWNER
    assert await _queued_alerts(fleet.db) == 1, "queued once by the worker, though polled again"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_killed_worker_is_restarted_logged_and_shown_by_the_health_check(
    fleet: Fleet, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.workers")
    supervisor = WorkerSupervisor(fleet.settings, count=2, first_pause=1.0)
    services = BotServices(settings=fleet.settings, db=fleet.db)
    services.workers = supervisor
    supervisor.start()
    try:
        first, second = supervisor.states
        await _until(lambda: first.ticks > 0 and second.ticks > 0, "both workers ticking")
        healthy, report = await health_report(services)
        assert healthy
        assert [entry["state"] for entry in report["workers"]] == ["ok", "ok"]

        killed = first.pid
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        await _until(lambda: first.pid is None, "the supervisor to see the exit", timeout=10)
        healthy, report = await health_report(services)
        assert not healthy, "a worker that is down makes the bot unhealthy"
        assert report["workers"][0]["state"] == "down"

        await _until(lambda: first.pid not in (None, killed), "the restart", timeout=15)
        ticks = first.ticks
        await _until(lambda: first.ticks > ticks, "the new worker ticking")
        healthy, report = await health_report(services)
        assert healthy
        assert report["workers"][0]["restarts"] == 1
        assert "poller worker 1 exited (code -9); restarting it" in caplog.text
        pids = [first.pid, second.pid]
    finally:
        await supervisor.stop()
    assert [pid for pid in pids if pid is not None and process_alive(pid)] == [], (
        "SIGTERM stops all"
    )
    assert "poller worker processes stopped" in caplog.text


def test_a_stalled_worker_is_reported_as_stalled() -> None:
    from datetime import UTC, datetime

    from bot.workers import WorkerState

    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    state = WorkerState(1, pid=4242, started_at=now - timedelta(minutes=10))
    state.last_tick_at = now - timedelta(minutes=3)
    assert state.report(now, timedelta(minutes=2))["state"] == "stalled"
    state.last_tick_at = now - timedelta(seconds=5)
    assert state.report(now, timedelta(minutes=2))["state"] == "ok"
