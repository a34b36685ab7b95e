"""The history's writer on the poller side: each fresh status of a tick becomes one compact
sample, the tick's samples (and the trips a car's journal gave, `journal`) are written
together when it ends, and then
the cars that may have just finished a charge or a drive are summarised
(`bot.poller.summaries`).

A failed write or summary loses only that (a gap in a chart, a summary not sent), never
the poll: the status, diff memory and alerts are already stored by then.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, tzinfo

from bot.log import short_vin
from bot.poller.summaries import queue_summaries, worth_a_look
from bot.smart.journal import JournalTrip
from bot.smart.models import VehicleStatus
from bot.storage import repo_history, repo_trips
from bot.storage.db import Database
from bot.storage.records import PollJob
from bot.storage.repo_history import Sample

_LOGGER = logging.getLogger(__name__)


class SampleBuffer:
    """Collects one tick's samples and the cars to summarise; `flush` does the writing."""

    def __init__(self) -> None:
        self._pending: list[tuple[int, Sample]] = []
        self._trips: list[tuple[int, JournalTrip]] = []
        self._watch: dict[int, PollJob] = {}

    def add_trips(self, vehicle_id: int, trips: Sequence[JournalTrip]) -> None:
        """Keep the trips a car's journal gave (`bot.poller.journal`)."""
        self._trips += [(vehicle_id, trip) for trip in trips]

    def add(self, job: PollJob, status: VehicleStatus, *, fresh: bool, now: datetime) -> None:
        """Keep the sample of a fresh status, and the car when something may have ended."""
        if fresh:
            self._pending.append((job.vehicle_id, Sample.from_status(status, at=now)))
        if worth_a_look(job.state.status, status):
            self._watch[job.vehicle_id] = job

    async def flush(self, db: Database, *, now: datetime, zone: tzinfo) -> int:
        """Write the samples, then queue the summaries; returns the summary alerts queued."""
        pending, self._pending = self._pending, []
        trips, self._trips = self._trips, []
        watch, self._watch = self._watch, {}
        if trips:
            try:
                await repo_trips.add_trips(db, trips)
            except Exception:
                _LOGGER.exception("%d journal trip(s) could not be stored", len(trips))
        if pending:
            try:
                await repo_history.add_samples(db, pending)
            except Exception:
                _LOGGER.exception("%d history sample(s) could not be stored", len(pending))
        queued = 0
        for job in watch.values():
            try:
                queued += await queue_summaries(db, job, now=now, zone=zone)
            except Exception:
                _LOGGER.exception("summary of car %s failed", short_vin(job.vin))
        return queued
