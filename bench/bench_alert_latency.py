"""Bench 3: alert latency, from a state change in the simulated car to the alert reaching the
fake Telegram, with the default intervals and after a command (fast polling).

Everything is the real code: the poller, the outbox sender, the Telegram notifier and PTB
sending over loopback HTTP to the fake Bot API; the simulator answers every request after
200 ms like the real cloud. Waiting for the next poll (minutes with the default intervals) runs
on a manual clock instead of the wall clock, stepped the way `PollerRuntime` runs: a poller
tick every `POLL_INTERVAL_AFTER_COMMAND` (5 s), the sender right after a tick that produced
alerts, an immediate tick after a command. The latency of one alert is therefore

    (manual time from the change to the tick that saw it)
    + (wall time from that tick's start to the fake Telegram receiving the message),

the first part being the schedule, the second the bot's own work including the cloud request.

- Default intervals: a parked car is plugged in or unplugged (without charging) at a random
  moment; its owner gets the alert.
- After a command: the owner locks or unlocks the car (status polled fast while the command
  is followed); the car reacts after a random 1-10 s; the user the car is shared with gets
  the alert (the owner sees the outcome in the command's own reply instead).
"""

from __future__ import annotations

import asyncio
import logging
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet

from bench.common import Table, percentile
from bench.world import OWNER, SHARED, SIM_BASE, TOKEN, seed_demo_car
from bot.app import build_application, post_init, post_shutdown
from bot.commands.actions import ACTIONS
from bot.config import Settings
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.services import BotServices
from bot.simulator import ManualClock, Simulator
from bot.smart.endpoints import Endpoints
from bot.storage import repo_commands
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head
from bot.tg.notifier import TelegramNotifier
from tests.e2e.fake_telegram import FakeTelegram

TITLE = "3. Alert latency: state change in the car -> alert at the fake Telegram"
CLOUD_LATENCY_S = 0.2
TRIALS = 40
SEED = 9


@dataclass
class _World:
    sim: Simulator
    tg: FakeTelegram
    db: Database
    services: BotServices
    poller: Poller
    sender: OutboxSender
    vin: str
    vehicle_id: int
    account_id: int
    tick_s: float


async def _tick(world: _World) -> float:
    """One runtime iteration at the current manual time; returns its wall-clock start."""
    started = time.time()
    report = await world.poller.tick()
    if report.alerts:
        await world.sender.run_once()
    return started


async def _advance_until_alert(
    world: _World, chat: int, change_at: float, change: Callable[[], object]
) -> tuple[float, float]:
    """Tick every `tick_s` of manual time, applying `change` at `change_at`; returns the
    latency of the alert the change caused in `chat`, and the bot's wall-clock share of it."""
    before = len(world.tg.calls_to("sendMessage", chat))
    applied_at: float | None = None
    for _ in range(10_000):
        now, next_tick = world.sim.now(), world.sim.now() + world.tick_s
        if applied_at is None and change_at <= next_tick:
            world.sim.advance(max(0.0, change_at - now))
            change()
            applied_at = world.sim.now()
        world.sim.advance(next_tick - world.sim.now())
        started = await _tick(world)
        calls = world.tg.calls_to("sendMessage", chat)
        if applied_at is not None and len(calls) > before:
            work = calls[before].at - started
            return world.sim.now() - applied_at + work, work
    message = "the change never produced an alert"
    raise RuntimeError(message)


async def _idle_trials(world: _World, rng: random.Random) -> list[tuple[float, float]]:
    results = []
    plugged = False
    for _ in range(TRIALS):
        change_at = world.sim.now() + rng.uniform(0, 300)
        if plugged:
            results.append(
                await _advance_until_alert(
                    world, OWNER, change_at, lambda: world.sim.unplug(world.vin)
                )
            )
        else:
            results.append(
                await _advance_until_alert(
                    world,
                    OWNER,
                    change_at,
                    lambda: world.sim.plug_in(world.vin, charge=False),
                )
            )
        plugged = not plugged
    return results


async def _command_trials(world: _World, rng: random.Random) -> list[tuple[float, float]]:
    results = []
    client = await world.services.clients.for_account(world.account_id)
    locked = bool(world.sim.vehicle(world.vin).locked)
    for _ in range(TRIALS):
        world.sim.advance(60)  # past the cool-downs and the previous follow-through
        for _ in range(3):
            await _tick(world)
        delay = rng.uniform(1, 10)
        world.sim.config.command_delay = delay
        action = "unlock" if locked else "lock"
        now = datetime.fromtimestamp(world.sim.now(), UTC)
        # What the command runner records before it sends (`CarCooldown.claim`).
        await repo_commands.begin_command(
            world.db,
            vehicle_id=world.vehicle_id,
            command=action,
            params={},
            user_id=OWNER,
            cooldown=ACTIONS[action].cooldown,
            fast_poll_until=now + timedelta(minutes=1),
            now=now,
        )
        result = await client.send_command(world.vin, action)
        if not result.accepted:
            message = f"the simulator refused {action}: {result.message}"
            raise RuntimeError(message)
        sent_at = world.sim.now()
        before = len(world.tg.calls_to("sendMessage", SHARED))
        started = await _tick(world)  # wake_poller(): an immediate tick
        calls = world.tg.calls_to("sendMessage", SHARED)
        if len(calls) > before:  # only if the car had already reacted
            results.append((calls[before].at - started, calls[before].at - started))
        else:
            results.append(await _advance_until_alert(world, SHARED, sent_at + delay, lambda: None))
        locked = not locked
    return results


async def _measure(db_url: str) -> dict[str, Any]:
    key = Fernet.generate_key().decode()
    sim = Simulator(clock=ManualClock())
    sim.set_latency(CLOUD_LATENCY_S)
    rng = random.Random(SEED)
    async with FakeTelegram() as tg:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_base_url=tg.base_url,
            fernet_keys=key,
            admin_user_ids=str(OWNER),
            database_url=db_url,
        )
        db = Database(db_url)
        car = await seed_demo_car(db, sim, key)

        def clock() -> datetime:
            return datetime.fromtimestamp(sim.now(), UTC)

        services = BotServices(
            settings=settings,
            clock=clock,
            endpoints=Endpoints.local(SIM_BASE),
            cloud_clock=sim.now,
            db=db,
            run_poller=False,
            http=httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)),
        )
        app = build_application(settings, services=services)
        await app.initialize()
        await post_init(app)
        try:
            world = _World(
                sim,
                tg,
                db,
                services,
                Poller(db=db, clients=services.clients, settings=settings, clock=clock),
                OutboxSender(db=db, notifier=TelegramNotifier(app.bot, db), clock=clock),
                car.vin,
                car.vehicle_id,
                car.account_id,
                float(settings.poll_interval_after_command),
            )
            for _ in range(3):  # first poll, OTA check, settle into the idle interval
                await _tick(world)
                sim.advance(world.tick_s)
            idle = await _idle_trials(world, rng)
            command = await _command_trials(world, rng)
        finally:
            await post_shutdown(app)
            await app.shutdown()
    return {"idle": idle, "command": command, "settings": settings}


def run() -> list[Table]:
    logging.disable(logging.INFO)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-alert-") as tmp:
            db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}"
            upgrade_to_head(db_url)
            results = asyncio.run(_measure(db_url))
    finally:
        logging.disable(logging.NOTSET)
    settings = results["settings"]
    table = Table(
        "Alert latency, seconds (schedule on a manual clock + the bot's real work)",
        ["scenario", "n", "p50", "p95", "max", "bot's own work p50"],
    )
    for label, key in (
        (f"default intervals (idle poll every {settings.poll_interval_idle} s)", "idle"),
        (f"after a command (poll every {settings.poll_interval_after_command} s)", "command"),
    ):
        values = [total for total, _ in results[key]]
        work = [own for _, own in results[key]]
        table.add(
            label,
            len(values),
            percentile(values, 50),
            percentile(values, 95),
            max(values),
            percentile(work, 50),
        )
    table.notes.append(
        f"Cloud latency {CLOUD_LATENCY_S * 1000:.0f} ms per request; SQLite; PTB to the fake Bot "
        "API over loopback HTTP. 'Own work': wall time from the tick that saw the change to the "
        "fake Bot API receiving the alert. No target in the issue beyond 'faster after commands'."
    )
    return [table]
