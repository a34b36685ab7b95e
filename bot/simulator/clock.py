"""Time for the simulator: the wall clock, or a manual clock that tests advance by hand.

Command delays, token lifetimes, timestamp windows and charging progress all read the same
clock, so a test can move an hour ahead without sleeping.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Source of the current time in epoch seconds."""

    def now(self) -> float:
        """Current time, epoch seconds."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> float:
        """Current time, epoch seconds."""
        return time.time()


class ManualClock:
    """A clock that only moves when told to; starts at the real time unless given `start`."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        """Current (frozen) time, epoch seconds."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by `seconds` (never backwards) and return the new time."""
        if seconds < 0:
            msg = "a manual clock only moves forward"
            raise ValueError(msg)
        with self._lock:
            self._now += seconds
            return self._now
