"""A faithful fake of the Smart vehicle cloud (ASGI), for tests, benchmarks and demo mode.

It imports `bot.smart` constants and signing only, never the client.
"""

from bot.simulator.clock import Clock, ManualClock, SystemClock
from bot.simulator.faults import Fault, LoggedRequest
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD
from bot.simulator.simulator import Simulator
from bot.simulator.state import SimConfig

__all__ = [
    "DEMO_EU_EMAIL",
    "DEMO_INTL_EMAIL",
    "DEMO_PASSWORD",
    "Clock",
    "Fault",
    "LoggedRequest",
    "ManualClock",
    "SimConfig",
    "Simulator",
    "SystemClock",
]
