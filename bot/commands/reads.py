"""Status reads coalesced per car, with a deadline: the cloud is asked at most once at a time
per car, and an answer is reused for `REUSE_SECONDS`.

Refresh presses, /status, /location and the status shown before a command all read through
here, so a user (or several sharing a car) pressing Refresh as fast as they can costs the
owner's account one cloud read per few seconds. A read that takes longer than
`DEADLINE_SECONDS` ends as `CloudUnavailableError` for every waiter. Failures are not kept:
the next caller asks again. The poller reads on its own schedule, not through here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.smart.errors import CloudUnavailableError
from bot.smart.models import VehicleStatus

REUSE_SECONDS = 5.0
DEADLINE_SECONDS = 25.0

Key = tuple[int, str]  # (account id, VIN)


@dataclass(frozen=True, slots=True)
class _Kept:
    status: VehicleStatus
    at: float


class CoalescedReads:
    """One read in flight per car; its answer reused for a few seconds."""

    def __init__(
        self,
        *,
        reuse_seconds: float = REUSE_SECONDS,
        deadline_seconds: float = DEADLINE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reuse = reuse_seconds
        self._deadline = deadline_seconds
        self._clock = clock
        self._kept: dict[Key, _Kept] = {}
        self._inflight: dict[Key, asyncio.Task[VehicleStatus]] = {}

    async def read(self, key: Key, fetch: Callable[[], Awaitable[VehicleStatus]]) -> VehicleStatus:
        """The car's status: kept (younger than the reuse time), in flight, or fetched now.

        Raises:
            SmartAPIError: the cloud could not answer (CloudUnavailableError past the deadline).
        """
        kept = self._kept.get(key)
        if kept is not None and self._clock() - kept.at < self._reuse:
            return kept.status
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch(key, fetch))
            self._inflight[key] = task
        # A waiter that gives up (its update is cancelled) does not cancel the others' read.
        return await asyncio.shield(task)

    async def _fetch(
        self, key: Key, fetch: Callable[[], Awaitable[VehicleStatus]]
    ) -> VehicleStatus:
        try:
            async with asyncio.timeout(self._deadline):
                status = await fetch()
        except TimeoutError:
            msg = f"no status within {self._deadline:.0f} s"
            raise CloudUnavailableError(msg) from None
        finally:
            self._inflight.pop(key, None)
        self._kept[key] = _Kept(status, self._clock())
        return status

    def forget(self, account_id: int) -> None:
        """Drop what was kept for an account's cars (after a command, a logout)."""
        for key in [k for k in self._kept if k[0] == account_id]:
            del self._kept[key]

    def forget_car(self, account_id: int, vin: str) -> None:
        """Drop what was kept for one car (a command changed it)."""
        self._kept.pop((account_id, vin), None)
