"""The cars one poller tick holds: the leases it renews, which of them are not yet read from
the cloud, and when there is room to claim more (`bot.poller.tick`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.storage.records import PollJob


class HeldCars:
    """The cars a tick holds (the leases to renew) and which of them are not yet read from
    the cloud. There is room to claim more once at most `room` are unread (queued for a
    request slot or in flight) and at least `room` fewer than `most` are held: cars whose
    result is being written count as held, not as unread."""

    def __init__(self, room: int, most: int) -> None:
        self.leased: set[int] = set()
        self._unread: set[int] = set()
        self._room = room
        self._most = most
        self._changed = asyncio.Event()

    @property
    def count(self) -> int:
        """How many cars the tick holds."""
        return len(self.leased)

    def add(self, jobs: Sequence[PollJob]) -> None:
        """Cars just claimed: held, and not yet read."""
        ids = [job.vehicle_id for job in jobs]
        self.leased.update(ids)
        self._unread.update(ids)

    def read(self, job: PollJob) -> None:
        """The car's cloud requests are over (answered or failed)."""
        self._unread.discard(job.vehicle_id)
        self._changed.set()

    def done(self, job: PollJob) -> None:
        """The car's poll is over: stored, failed or given back."""
        self._unread.discard(job.vehicle_id)
        self.leased.discard(job.vehicle_id)
        self._changed.set()

    def _roomy(self) -> bool:
        return len(self._unread) <= self._room and self.count <= self._most - self._room

    def wanted(self, batch: int) -> int:
        """How many cars to claim now: the unread back up to a batch, within `most`."""
        return min(batch - len(self._unread), self._most - self.count)

    async def wait_for_room(self) -> None:
        """Return once there is room to claim more."""
        while not self._roomy():
            self._changed.clear()
            await self._changed.wait()
