"""The poller's writes of poll results, gathered into few transactions (group commit).

A poll hands its result (`PollResult`) to the tick's `ResultWriter` and waits for it to be
stored, exactly as it waited for its own transaction before. While a transaction is being
written, the results that arrive meanwhile wait and then go together in the next one: under
load (many polls finishing at once) a tick writes its cars in a few transactions instead of
one per car, and a poll alone waits for nobody. Each result is still written only while the
car's lease is held, with its outbox rows in the same transaction (`bot.storage.poll_writes`);
when a shared transaction fails, every result in it is written again alone, so one car's bad
write costs only that car.

`exclusive()` keeps the lease renewal out of a write in flight: on PostgreSQL a shared
write holds the row locks of many cars until it commits, and the renewal's UPDATE takes
the same rows in its own order; one at a time, the two never wait on each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.storage import poll_writes
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult


class ResultWriter:
    """Writes poll results, those that arrive while a write runs together in the next."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._queue: list[tuple[PollResult, asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def write(self, result: PollResult) -> bool:
        """Store `result`; False when the lease was lost (nothing written). Raises the error
        that kept this result (and only this one) from being stored."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append((result, future))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        return await asyncio.shield(future)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """No result is written while the block runs."""
        async with self._lock:
            yield

    async def _flush(self) -> None:
        batch: list[tuple[PollResult, asyncio.Future[bool]]] = []
        try:
            await asyncio.sleep(0)  # the polls that finish in this turn of the loop join
            while self._queue:
                batch, self._queue = self._queue, []
                async with self._lock:
                    outcomes = await poll_writes.record_poll_results(
                        self._db, [result for result, _ in batch]
                    )
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    if isinstance(outcome, Exception):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
                batch = []
        except BaseException:  # cancelled: whether these results were stored is not known
            for _, future in (*batch, *self._queue):
                future.cancel()
            self._queue = []
            raise
        finally:
            self._flusher = None
