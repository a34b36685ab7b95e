"""Bench 5: cloud load, requests per car per day, adaptive intervals against a fixed 300 s
poll, over one simulated day; and how quickly each policy reports charging and command
effects.

The day of a commuter's smart #1 (times of the manual clock, from midnight):

    07:45 unlock (command)   07:50-08:20 drive   08:21 lock (command)
    17:30 unlock (command)   17:32-18:10 drive   18:11 battery at 30 %, plugged in, charging
    18:13 lock (command)     ... charging to the 90 % target ... parked overnight until 24:00

Both runs use the real `Poller` (ticked every 5 s of manual time, as `PollerRuntime` does),
the real client pool and the simulator in-process. The adaptive run is the bot's defaults
(idle 300 s, charging and driving 60 s, 5 s after a command until the car shows its effect):
a command records its pending command as the command runner does and wakes the poller. The fixed run
sets every interval to 300 s and ignores commands. A third run shows what the settings
alone can trade (slower when idle, less eager while charging). Alerts are recorded, and each
alert's delay is measured from the moment the simulated car changed, sampled every 5 s (so a
delay of 0 means "seen within the same 5 s").
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import httpx
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bench.common import Table, percentile, verdict
from bench.world import SIM_BASE, TOKEN, CountingTransport, seed_demo_car
from bot.commands.actions import ACTIONS
from bot.commands.clients import ClientPool
from bot.config import Settings
from bot.poller.alerts import Alert
from bot.poller.events import EventKind
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.simulator import ManualClock, Simulator
from bot.smart.endpoints import Endpoints
from bot.storage import repo_commands
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.migrations import upgrade_to_head

TITLE = "5. Cloud load: requests per car per day, adaptive intervals vs a fixed 300 s poll"
DAY_S = 86_400
TICK_S = 5.0


def _at(hours: int, minutes: int) -> float:
    return hours * 3600 + minutes * 60


SCRIPT: list[tuple[float, str]] = [
    (_at(7, 45), "unlock"),
    (_at(7, 50), "drive"),
    (_at(8, 20), "park"),
    (_at(8, 21), "lock"),
    (_at(17, 30), "unlock"),
    (_at(17, 32), "drive"),
    (_at(18, 10), "park"),
    (_at(18, 11), "charge"),
    (_at(18, 13), "lock"),
]
COMMANDS = frozenset({"lock", "unlock"})
# Which observable property of the car an alert kind reports.
KIND_FIELD = {
    EventKind.PLUGGED_IN: "plugged_in",
    EventKind.UNPLUGGED: "plugged_in",
    EventKind.CHARGING_STARTED: "charging",
    EventKind.CHARGING_STOPPED: "charging",
    EventKind.CHARGING_FINISHED: "charging",
    EventKind.CHARGE_TARGET_REACHED: "charging",
    EventKind.LOCKED: "locked",
    EventKind.UNLOCKED: "locked",
}
GROUPS = {"plugged_in": "charging", "charging": "charging", "locked": "command effect"}


class _RecordingNotifier:
    """The poller's `Notifier`, keeping what would have been sent."""

    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    async def deliver(self, alert: Alert) -> None:
        self.alerts.append(alert)


@dataclass
class _Run:
    requests: dict[str, int]
    delays: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    alerts: int = 0


def _truth(sim: Simulator, vin: str) -> dict[str, bool]:
    car = sim.vehicle(vin)
    return {name: bool(getattr(car, name)) for name in ("plugged_in", "charging", "locked")}


async def _act(action: str, sim: Simulator, vin: str) -> None:
    if action == "drive":
        sim.start_driving(vin, speed_kmh=45)
    elif action == "park":
        sim.drive(vin, 25)
        sim.park(vin)
    elif action == "charge":
        sim.drain_battery(vin, 30)
        sim.plug_in(vin)


FIXED = {
    "poll_interval_idle": 300,
    "poll_interval_charging": 300,
    "poll_interval_driving": 300,
    "poll_interval_after_command": 300,
}
# Settings only, no code change: slower when nothing happens, less eager while charging.
TUNED = {"poll_interval_idle": 600, "poll_interval_charging": 120, "poll_interval_driving": 120}
ADAPTIVE, FIXED_LABEL = "adaptive (defaults)", "fixed 300 s"
FIXED_S = 300
POLICIES: tuple[tuple[str, dict[str, int], bool], ...] = (
    (ADAPTIVE, {}, True),
    (FIXED_LABEL, FIXED, False),
    ("adaptive, idle 600 s, charging and driving 120 s", TUNED, True),
)


def _settings(db_url: str, key: str, intervals: dict[str, int]) -> Settings:
    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        fernet_keys=key,
        admin_user_ids="1001",
        database_url=db_url,
        **intervals,
    )


def _sim_at_midnight() -> Simulator:
    sim = Simulator(clock=ManualClock())
    midnight = datetime.fromtimestamp(sim.now(), UTC).replace(hour=0, minute=0, second=0)
    sim.advance((midnight + timedelta(days=1)).timestamp() - sim.now())
    return sim


async def _day(db_url: str, intervals: dict[str, int], *, adaptive: bool) -> _Run:
    key = Fernet.generate_key().decode()
    sim = _sim_at_midnight()
    counter = CountingTransport(httpx.ASGITransport(app=sim.app))
    http = httpx.AsyncClient(transport=counter)
    settings = _settings(db_url, key, intervals)
    db = Database(db_url)

    def clock() -> datetime:
        return datetime.fromtimestamp(sim.now(), UTC)

    car = await seed_demo_car(db, sim, key)
    pool = ClientPool(
        db=db,
        cipher=CredentialCipher([SecretStr(key)]),
        http=http,
        endpoints=Endpoints.local(SIM_BASE),
        clock=sim.now,
    )
    notifier = _RecordingNotifier()
    poller = Poller(db=db, clients=pool, settings=settings, clock=clock)
    sender = OutboxSender(db=db, notifier=notifier, clock=clock)
    client = await pool.for_account(car.account_id)
    changes: list[tuple[str, float]] = []
    truth = _truth(sim, car.vin)
    script = list(SCRIPT)
    start = sim.now()

    async def tick() -> None:
        report = await poller.tick()
        if report.alerts:
            await sender.run_once()

    try:
        while sim.now() - start < DAY_S:
            while script and script[0][0] <= sim.now() - start:
                _, action = script.pop(0)
                if action not in COMMANDS:
                    await _act(action, sim, car.vin)
                    continue
                counter.label = "commands"
                if adaptive:  # what the command runner records before it sends
                    await repo_commands.begin_command(
                        db,
                        vehicle_id=car.vehicle_id,
                        command=action,
                        params={},
                        user_id=1001,
                        cooldown=ACTIONS[action].cooldown,
                        fast_poll_until=clock() + timedelta(seconds=settings.fast_poll_window),
                        now=clock(),
                    )
                await client.send_command(car.vin, action)
                counter.label = "poller"
                if adaptive:
                    await tick()  # wake_poller()
            await tick()
            sim.advance(TICK_S)
            now = _truth(sim, car.vin)
            for name, value in now.items():
                if value != truth[name]:
                    changes.append((name, sim.now()))
            truth = now
    finally:
        await pool.close()
        await http.aclose()
        await db.dispose()
    run = _Run(dict(counter.counts), alerts=len(notifier.alerts))
    _add_delays(run, notifier.alerts, changes)
    return run


def _add_delays(run: _Run, alerts: list[Alert], changes: list[tuple[str, float]]) -> None:
    """Each observed change, once: from the change to the first alert that reported it."""
    seen: set[tuple[str, float]] = set()
    for alert in alerts:
        created = alert.created_at.timestamp()
        for event in alert.events:
            name = KIND_FIELD.get(event.kind)
            moments = [t for n, t in changes if n == name and t <= created]
            if name is None or not moments or (name, max(moments)) in seen:
                continue
            seen.add((name, max(moments)))
            run.delays[GROUPS[name]].append(created - max(moments))


def _fixed_delay(*_args: object, **_kwargs: object) -> float:
    return float(FIXED_S)


def run() -> list[Table]:
    logging.disable(logging.INFO)
    runs = {}
    try:
        for label, intervals, adaptive in POLICIES:
            with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
                db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}"
                upgrade_to_head(db_url)
                if adaptive:
                    runs[label] = asyncio.run(_day(db_url, intervals, adaptive=True))
                    continue
                # The baseline is a plain fixed poll: every car every 300 s, whatever it does.
                with mock.patch("bot.poller.tick.next_delay", _fixed_delay):
                    runs[label] = asyncio.run(_day(db_url, intervals, adaptive=False))
    finally:
        logging.disable(logging.NOTSET)
    table = Table(
        "One simulated day of one car",
        [
            "policy",
            "poll requests",
            "command requests",
            "alerts",
            "charging alert delay p50 / max (s)",
            "command effect alert delay p50 / max (s)",
        ],
    )
    for label, result in runs.items():
        cells = []
        for group in ("charging", "command effect"):
            values = result.delays.get(group, [])
            cells.append(
                f"{percentile(values, 50):.0f} / {max(values):.0f} (n={len(values)})"
                if values
                else "none"
            )
        table.add(
            label,
            result.requests.get("poller", 0),
            result.requests.get("commands", 0),
            result.alerts,
            *cells,
        )
    table.notes.append(
        "Poll requests are every cloud request of the poller (status, charge target, OTA check). "
        "Command requests are the commands and their session selects; the chat's own "
        "follow-through reads after a command (up to one per 5 s for a minute) are not counted."
    )
    table.notes.append(
        "Alert delays are from the car's change (sampled every 5 s) to the poll that produced the "
        "alert; the fixed run never polls faster after a command or while charging."
    )
    adaptive, fixed = runs[ADAPTIVE], runs[FIXED_LABEL]
    targets = Table("Targets", ["target", "measured", "verdict"])
    a_req, f_req = adaptive.requests.get("poller", 0), fixed.requests.get("poller", 0)
    targets.add(
        "fewer requests than the fixed poll", f"{a_req} vs {f_req} per day", verdict(a_req < f_req)
    )
    for group in ("charging", "command effect"):
        a, f = adaptive.delays.get(group, []), fixed.delays.get(group, [])
        ok = bool(a) and bool(f) and percentile(a, 50) < percentile(f, 50)
        targets.add(
            f"faster {group} alerts",
            f"p50 {percentile(a, 50):.0f} s vs {percentile(f, 50):.0f} s",
            verdict(ok),
        )
    return [table, targets]
