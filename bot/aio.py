"""Stopping background tasks so that a shutdown always ends.

`cancel_and_wait` cancels tasks and waits for them at most `grace` seconds. A task that
swallows its cancellation, or is stuck on a future nobody resolves (a driver thread that
went away), is named in the log with the frame it waits in, and the shutdown goes on: a bot
that does not stop on SIGTERM is killed by its supervisor with its leases and messages in an
unknown state, which is worse than leaving one stuck task behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

STOP_WAIT_S = 10.0


def _where(task: asyncio.Task[None], depth: int = 3) -> str:
    """The innermost frames the task waits in (its coroutines' `cr_await` chain followed)."""
    awaited: Any = task.get_coro()
    frames = []
    while awaited is not None:
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "gi_frame", None)
        if frame is not None:
            frames.append(
                f"{frame.f_code.co_name} ({Path(frame.f_code.co_filename).name}:{frame.f_lineno})"
            )
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "gi_yieldfrom", None)
    return " > ".join(frames[-depth:]) or "no frame"


async def cancel_and_wait(
    tasks: Sequence[asyncio.Task[None]],
    *,
    logger: logging.Logger,
    grace: float = STOP_WAIT_S,
) -> list[asyncio.Task[None]]:
    """Cancel `tasks`, wait up to `grace` s; the tasks still running are logged and returned."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return []
    _done, pending = await asyncio.wait(tasks, timeout=grace)
    stuck = [task for task in tasks if task in pending]
    for task in stuck:
        logger.warning(
            "task %s did not stop within %.1f s (waiting at %s); shutting down without it",
            task.get_name(),
            grace,
            _where(task),
        )
    for task in tasks:
        if task not in pending and not task.cancelled() and task.exception() is not None:
            logger.error("task %s ended with an error", task.get_name(), exc_info=task.exception())
    return stuck
