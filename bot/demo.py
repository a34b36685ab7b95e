"""Demo mode (`python -m bot run --demo`): the bot talks to an in-process simulated cloud.

The simulator runs under uvicorn on a free loopback port in a background thread; the
returned settings point `smart_cloud_url` at it, and the demo accounts are printed so anyone
with a Telegram bot token can log in and try every command and alert without a Smart account.
"""

from __future__ import annotations

import logging
from typing import TextIO

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
