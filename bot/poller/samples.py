"""The history's writer on the poller side: each fresh status of a tick becomes one compact
sample, and the tick's samples are written together in one statement when it ends.

A failed write loses that tick's samples (a gap in a chart), never the poll: the status,
diff memory and alerts are already stored by then.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.smart.models import VehicleStatus
from bot.storage import repo_history
from bot.storage.db import Database
from bot.storage.repo_history import Sample

_LOGGER = logging.getLogger(__name__)


class SampleBuffer:
    """Collects one tick's samples; `flush` writes and empties it."""

    def __init__(self) -> None:
        self._pending: list[tuple[int, Sample]] = []

    def add(self, vehicle_id: int, status: VehicleStatus, *, now: datetime) -> None:
        """Keep the sample of a fresh status for the end of the tick."""
        self._pending.append((vehicle_id, Sample.from_status(status, at=now)))

    async def flush(self, db: Database) -> int:
        """Write what was collected; returns how many samples were written (0 on failure)."""
        pending, self._pending = self._pending, []
        if not pending:
            return 0
        try:
            await repo_history.add_samples(db, pending)
        except Exception:
            _LOGGER.exception("%d history sample(s) could not be stored", len(pending))
            return 0
        return len(pending)
