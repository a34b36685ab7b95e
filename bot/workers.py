"""Poller worker processes next to the Telegram process (`POLLER_WORKERS`), supervised.

With `POLLER_WORKERS=N` (or `auto`: one per CPU core) the Telegram process starts N - 1
extra processes, `python -m bot.worker_main <index>`, that only poll. Each gets the
settings as JSON on its stdin (a pipe: the secrets never appear on a command line or in a
file) and polls under its own lease owner, so no car is read twice: the leases that keep
replicas apart keep the workers apart too. Their alerts go to the outbox, which the
Telegram process's sender delivers. A worker writes one line to its stdout after every tick
(its heartbeat, read here for `/healthz`) and logs to the inherited stderr.

A worker that exits is logged and started again after a pause that doubles from 1 s up to
60 s (reset once a worker has run for ten minutes). `stop()` (from `post_shutdown`, so on
SIGTERM as well) sends SIGTERM to every worker and kills the ones still running after 10 s.
A worker whose parent is gone stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.config import Settings, settings_payload
from bot.storage.types import utcnow

_LOGGER = logging.getLogger(__name__)

FIRST_PAUSE_S = 1.0
LONGEST_PAUSE_S = 60.0
STEADY_AFTER_S = 600.0  # a worker that ran this long starts again after the first pause
STOP_WAIT_S = 10.0


@dataclass
class WorkerState:
    """One worker slot as `/healthz` reports it."""

    index: int
    pid: int | None = None
    started_at: datetime | None = None
    last_tick_at: datetime | None = None
    ticks: int = 0
    polled: int = 0
    failed: int = 0
    restarts: int = 0

    def report(self, now: datetime, stall_after: timedelta) -> dict[str, Any]:
        """{"state": ok | starting | stalled | down, pid, restarts, last_tick_at}."""
        if self.pid is None:
            state = "down"
        else:
            last = self.last_tick_at or self.started_at or now
            if now - last > stall_after:
                state = "stalled"
            else:
                state = "ok" if self.last_tick_at is not None else "starting"
        entry: dict[str, Any] = {
            "worker": self.index,
            "state": state,
            "pid": self.pid,
            "restarts": self.restarts,
        }
        if self.last_tick_at is not None:
            entry["last_tick_at"] = self.last_tick_at.isoformat()
        return entry


class WorkerSupervisor:
    """Starts `count` poller worker processes and keeps them running until `stop()`."""

    def __init__(
        self,
        settings: Settings,
        *,
        count: int,
        clock: Callable[[], datetime] = utcnow,
        command: tuple[str, ...] = (sys.executable, "-m", "bot.worker_main"),
        first_pause: float = FIRST_PAUSE_S,
    ) -> None:
        self._payload = settings_payload(settings)
        self._clock = clock
        self._command = command
        self._first_pause = first_pause
        self.states = [WorkerState(index) for index in range(1, count + 1)]
        self._procs: dict[int, asyncio.subprocess.Process] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    def start(self) -> None:
        """Start every worker (call from a running event loop, e.g. PTB's `post_init`)."""
        if self._tasks:
            return
        self._tasks = [
            asyncio.create_task(self._keep_running(state), name=f"poller-worker-{state.index}")
            for state in self.states
        ]
        _LOGGER.info("starting %d poller worker process(es)", len(self.states))

    def report(self, stall_after: timedelta) -> tuple[bool, list[dict[str, Any]]]:
        """(all workers ticking, one entry per worker) for `/healthz`."""
        now = self._clock()
        entries = [state.report(now, stall_after) for state in self.states]
        return all(entry["state"] in ("ok", "starting") for entry in entries), entries

    async def stop(self) -> None:
        """SIGTERM to every worker, SIGKILL to those still running after `STOP_WAIT_S`."""
        self._stopping.set()
        procs = list(self._procs.values())
        for proc in procs:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                await asyncio.wait_for(proc.wait(), STOP_WAIT_S)
            except TimeoutError:
                _LOGGER.warning("poller worker pid %s ignored SIGTERM; killing it", proc.pid)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if procs:
            _LOGGER.info("poller worker processes stopped")

    async def _keep_running(self, state: WorkerState) -> None:
        pause = self._first_pause
        while not self._stopping.is_set():
            began = time.monotonic()
            try:
                code = await self._run_once(state)
            except OSError as err:  # could not even start it: retried like an exit
                _LOGGER.error("poller worker %d could not start: %s", state.index, err)
                code = None
            state.pid = None
            if self._stopping.is_set():
                return
            if time.monotonic() - began >= STEADY_AFTER_S:
                pause = self._first_pause
            _LOGGER.warning(
                "poller worker %d exited (code %s); restarting it in %.0f s",
                state.index,
                code,
                pause,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)
            state.restarts += 1

    async def _run_once(self, state: WorkerState) -> int:
        proc = await asyncio.create_subprocess_exec(
            *self._command,
            str(state.index),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        self._procs[state.index] = proc
        state.pid, state.started_at, state.last_tick_at = proc.pid, self._clock(), None
        _LOGGER.info("poller worker %d started (pid %s)", state.index, proc.pid)
        if proc.stdin is None or proc.stdout is None:  # pragma: no cover - PIPE above
            raise RuntimeError("worker pipes missing")
        with contextlib.suppress(ConnectionError):
            proc.stdin.write(self._payload.encode() + b"\n")
            await proc.stdin.drain()
        proc.stdin.close()
        async for line in proc.stdout:  # one heartbeat per tick: "tick <polled> <failed>"
            parts = line.split()
            if parts[:1] == [b"tick"]:
                state.last_tick_at = self._clock()
                state.ticks += 1
                counts = [int(part) for part in parts[1:3] if part.isdigit()]
                state.polled += counts[0] if counts else 0
                state.failed += counts[1] if len(counts) > 1 else 0
        return await proc.wait()
