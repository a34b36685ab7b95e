"""The pure heart of the poller: (previous status, new status, memory, time) -> events.

No I/O, no clock of its own, no user preferences: the events are facts about the car. Which
user hears which event is decided afterwards by `bot.poller.audience`. Per-user thresholds
(battery low, left-unlocked minutes) reach the diff as the set of values some subscriber uses,
and every event names the threshold it crossed.

Rules, in the order the issue lists them:
- Nothing on the first observation: the memory is initialised from what the car shows.
- Edges count only in a status that is new: a later car timestamp, or, under the same
  timestamp, different content (an unchanged cached status says nothing new). A status older
  than the previous one is ignored.
- Openings count only while parked; "moved" needs the car parked and locked; level alerts
  (battery, 12 V, tyres, service) fire once and re-arm only after the condition cleared, the
  battery with a 5-point hysteresis.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from bot.poller import rules, timed
from bot.poller.events import Event
from bot.poller.memory import PollMemory
from bot.poller.step import DiffContext, Step
from bot.smart.models import VehicleStatus


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The events of one poll and the memory to persist with the new status.

    `fresh` is False when the status was not newer than the previous one: store the fetch
    time, keep the previous status.
    """

    events: tuple[Event, ...]
    memory: PollMemory
    fresh: bool


def diff(
    previous: VehicleStatus | None,
    current: VehicleStatus,
    memory: PollMemory,
    *,
    vin: str,
    now: datetime,
    context: DiffContext | None = None,
) -> DiffResult:
    """Turn one new status into events and the memory to persist with it.

    Args:
        previous: the status stored by the last poll, None the first time the car is seen.
        current: the status just read from the cloud.
        memory: the memory stored by the last poll (`PollMemory()` when there is none).
        vin: the car, copied into every event.
        now: the poll time (aware).
        context: thresholds in use, the last command, firmware info.
    """
    ctx = context or DiffContext()
    if previous is None:
        return DiffResult((), rules.initial_memory(current, now, ctx), fresh=True)
    step = Step(vin=vin, prev=previous, cur=current, now=now, ctx=ctx, memory=memory)
    fresh = _is_fresh(previous, current)
    if fresh:
        for rule in rules.EDGE_RULES:
            rule(step)
    rules.left_unlocked(step)
    timed.left_open(step)
    rules.firmware(step)
    new_memory = dataclasses.replace(memory, **step.changes) if step.changes else memory
    return DiffResult(tuple(step.events), new_memory, fresh=fresh)


def _is_fresh(previous: VehicleStatus, current: VehicleStatus) -> bool:
    """Newer car timestamp: fresh. Older: stale, ignored. Same or missing timestamp: fresh
    only when the content changed (some cars stamp only part of what they upload)."""
    before, after = previous.updated_at, current.updated_at
    if before is not None and after is not None and before != after:
        return after > before
    return previous != current
