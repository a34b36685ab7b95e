"""Runs the poller and the outbox sender in the background, from PTB's `post_init`; a
poller worker process (`bot.worker_main`) runs the poller alone (no sender, `sender=None`).

Two asyncio tasks, one loop each: the poller ticks every `tick_seconds` (the car schedule
itself lives in the database, so the tick only needs to be as fine as the fastest interval),
the sender every `send_seconds`. `wake_poller()` (after a command, and after a tick that
stopped claiming while more cars were due) and alerts produced by a tick (`wake_sender`) cut
the wait short. A failing iteration is logged and the loop goes on. `on_tick` is told each
tick's report (an empty one after a failed tick): the worker's heartbeat.

Wiring (done by the application factory, `bot.app`)::

    runtime = PollerRuntime(poller, sender, tick_seconds=settings.poll_interval_after_command)
    # post_init:     runtime.start()
    # post_shutdown: await runtime.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.aio import STOP_WAIT_S, cancel_and_wait
from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller, TickReport
from bot.storage.types import utcnow

_LOGGER = logging.getLogger(__name__)


class PollerRuntime:
    """Owns the background tasks of the poller and the sender (when there is one)."""

    def __init__(
        self,
        poller: Poller,
        sender: OutboxSender | None,
        *,
        tick_seconds: float = 5.0,
        send_seconds: float = 2.0,
        clock: Callable[[], datetime] = utcnow,
        on_tick: Callable[[TickReport], None] | None = None,
    ) -> None:
        self.poller = poller
        self.sender = sender
        self._tick_seconds = tick_seconds
        self._send_seconds = send_seconds
        self._clock = clock
        self._on_tick = on_tick
        self._poll_wake = asyncio.Event()
        self._send_wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._finishing = False
        self.last_tick_at: datetime | None = None
        self.last_send_at: datetime | None = None

    @property
    def running(self) -> bool:
        """True while all loops run."""
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    def start(self) -> None:
        """Start the loops (call from a running event loop, e.g. PTB's `post_init`)."""
        if self._tasks:
            return
        self._finishing = False
        self._tasks = [
            asyncio.create_task(
                self._loop("poller", self._tick, self._tick_seconds, self._poll_wake),
                name="poller",
            )
        ]
        if self.sender is not None:
            self._tasks.append(
                asyncio.create_task(
                    self._loop("sender", self._send, self._send_seconds, self._send_wake),
                    name="outbox-sender",
                )
            )
        _LOGGER.info("poller %s started", self.poller.owner)

    async def stop(self, *, grace: float = STOP_WAIT_S, finish_within: float = 0.0) -> None:
        """Cancel the loops and wait for them, at most `grace` s (a loop stuck on a future
        nobody resolves is logged and left behind). Leases of cars being polled expire.

        With `finish_within` > 0 the loops are first asked to end after their current
        iteration (a tick polls its cars to the end) and given that long before that."""
        tasks, self._tasks = self._tasks, []
        if tasks and finish_within > 0:
            self._finishing = True
            self._poll_wake.set()
            self._send_wake.set()
            await asyncio.wait(tasks, timeout=finish_within)
        await cancel_and_wait(tasks, logger=_LOGGER, grace=grace)
        if tasks:
            _LOGGER.info("poller %s stopped", self.poller.owner)

    def wake_poller(self) -> None:
        """Tick now instead of at the end of the current wait (a command was just sent)."""
        self._poll_wake.set()

    def wake_sender(self) -> None:
        """Send now (alerts were queued)."""
        self._send_wake.set()

    async def _tick(self) -> None:
        try:
            report = await self.poller.tick(go_on=lambda: not self._finishing)
        except Exception:
            self._tell(TickReport())
            raise
        self.last_tick_at = self._clock()
        self._tell(report)
        if report.alerts:
            self.wake_sender()
        if report.more_due:
            self.wake_poller()

    def _tell(self, report: TickReport) -> None:
        if self._on_tick is not None:
            self._on_tick(report)

    async def _send(self) -> None:
        if self.sender is not None:
            await self.sender.run_once()
            self.last_send_at = self._clock()

    async def _loop(
        self, name: str, step: Callable[[], Awaitable[None]], every: float, wake: asyncio.Event
    ) -> None:
        while not self._finishing:  # `stop(finish_within=…)` also sets `wake`
            try:
                await step()
            except Exception:
                _LOGGER.exception("%s iteration failed; continuing", name)
            # `asyncio.timeout`, not `wait_for`: on Python 3.11 `wait_for` swallows a
            # cancellation that arrives as the event is set, and the loop would run on.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(every):
                    await wake.wait()
            wake.clear()
