"""Demo mode (`python -m bot run --demo`): the bot talks to an in-process simulated cloud.

Only a bot token is needed: `demo_overrides` gives the demo an ephemeral Fernet key and a
SQLite file of its own in a temporary folder (both gone when it stops), and without
ADMIN_USER_IDS the first user to write becomes the demo's admin (`bot.tg.gate`).

The simulator runs under uvicorn on a free loopback port in a background thread; the
returned settings point `smart_cloud_url` at it, and the demo accounts are printed so anyone
with a Telegram bot token can log in and try every command and alert without a Smart account.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from cryptography.fernet import Fernet

from bot.config import Settings
from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, Simulator
from bot.simulator.server import RunningSimulator, serve_in_thread

_LOGGER = logging.getLogger(__name__)


def describe_accounts(sim: Simulator) -> list[str]:
    """One line per account: region, e-mail, password and cars."""
    lines = []
    with sim.state.lock:
        for account in sim.state.accounts.values():
            cars = ", ".join(
                f"smart {car.model.value} ({car.plate or car.vin[-4:]})"
                for car in account.vehicles.values()
            )
            lines.append(
                f"  {account.region.value:<4} {account.email} / {account.password}  -> {cars}"
            )
    return lines


def start_demo(settings: Settings, out: TextIO) -> tuple[Settings, RunningSimulator]:
    """Start the simulator and return settings that use it, plus the running server."""
    running = serve_in_thread(Simulator())
    print(f"Demo mode: simulated Smart cloud at {running.base_url}", file=out)
    print("Log in to the bot with one of these demo accounts:", file=out)
    for line in describe_accounts(running.sim):
        print(line, file=out)
    print(
        f"(EU: {DEMO_EU_EMAIL}, INTL: {DEMO_INTL_EMAIL}, password: {DEMO_PASSWORD})",
        file=out,
    )
    _LOGGER.info("demo mode: Smart cloud simulator on %s", running.base_url)
    return settings.model_copy(update={"smart_cloud_url": running.base_url}), running


@contextlib.contextmanager
def demo_overrides() -> Iterator[dict[str, Any]]:
    """Settings the demo always uses: a new Fernet key and a new database file, removed at
    the end (the key dies with the process, so the data could not be read again anyway)."""
    with tempfile.TemporaryDirectory(prefix="smart-bot-demo-") as folder:
        database = Path(folder) / "demo.db"
        yield {
            "fernet_keys": Fernet.generate_key().decode(),
            "database_url": f"sqlite+aiosqlite:///{database}",
        }
