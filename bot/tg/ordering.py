"""Updates of different users run at once; each user's own updates run one after the other.

`PerUserUpdateProcessor` is the PTB update processor of the application (the builder's
`concurrent_updates`). PTB starts a task per update; this processor makes the task wait for
the same user's earlier updates (one `asyncio.Lock` per user, whose waiters are served in
arrival order), then for one of `MAX_RUNNING` places, then runs the update's handlers. So
one user's slow cloud call holds up only that user's later updates, a user's button presses
and messages are handled in the order they were sent, and at most `MAX_RUNNING` updates run
at a time. Updates without a user (channel posts, polls) share one queue.

PTB's own semaphore (`MAX_QUEUED`) counts the updates waiting here too: it bounds memory, not
who goes first; a place is taken only once the user's turn has come.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_RUNNING = 64
MAX_QUEUED = 4096


def user_key(update: object) -> int | None:
    """Whose queue an update joins: the sending user's id (None: no user)."""
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return None


class _Queue:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0  # updates holding or waiting for the lock


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across users, in order within a user."""

    def __init__(self, *, running: int = MAX_RUNNING, queued: int = MAX_QUEUED) -> None:
        super().__init__(max_concurrent_updates=queued)
        self._running = asyncio.Semaphore(running)
        self._queues: dict[int | None, _Queue] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the user's earlier updates and a free place, then handle this one."""
        key = user_key(update)
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = _Queue()
        queue.users += 1
        try:
            async with queue.lock, self._running:
                await coroutine
        finally:
            queue.users -= 1
            if queue.users == 0:
                del self._queues[key]

    @property
    def waiting_users(self) -> int:
        """How many users have updates running or waiting (for tests and health)."""
        return len(self._queues)

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free; PTB waits for running updates itself."""
