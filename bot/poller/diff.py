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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.poller import rules
from bot.poller.events import Event, EventKind, JSONValue, episode_key
from bot.poller.memory import PollMemory
from bot.smart.models import Firmware, VehicleStatus

# Commands of this bot whose effect shows in the status; names as stored in
# `vehicle_state.pending_command` (plain words, or the cloud's service ids).
COMMAND_EFFECTS: dict[str, tuple[str, bool]] = {
    "lock": ("locked", True),
    "rdl": ("locked", True),
    "rdl_2": ("locked", True),
    "unlock": ("locked", False),
    "rdu": ("locked", False),
    "rdu_2": ("locked", False),
    "climate_start": ("climate_on", True),
    "climate_on": ("climate_on", True),
    "climate_stop": ("climate_on", False),
    "climate_off": ("climate_on", False),
    "charge_start": ("is_charging", True),
    "charging_start": ("is_charging", True),
    "charge_stop": ("is_charging", False),
    "charging_stop": ("is_charging", False),
}


@dataclass(frozen=True, slots=True)
class SentCommand:
    """The last command this bot sent to the car, and when."""

    command: str
    at: datetime

    @property
    def effect(self) -> tuple[str, bool] | None:
        """(status field, expected value) the command should produce, if known."""
        return COMMAND_EFFECTS.get(self.command.strip().lower())


# What the OTA service says about the car's software: the client's value, used as it is
# (`SmartClient.get_firmware`). The old name stays for the diff's callers.
FirmwareInfo = Firmware


@dataclass(frozen=True, slots=True)
class DiffContext:
    """Facts from outside the status that the diff needs.

    Attributes:
        battery_thresholds: the low-battery thresholds the car's subscribers use.
        left_unlocked_minutes: the left-unlocked delays the car's subscribers use.
        last_command: the last command this bot sent, to say "locked by this bot".
        firmware: OTA information when it was fetched in this poll, else None.
        command_window: how long after a command a matching change counts as its effect.
    """

    battery_thresholds: frozenset[int] = frozenset({20})
    left_unlocked_minutes: frozenset[int] = frozenset({10})
    last_command: SentCommand | None = None
    firmware: FirmwareInfo | None = None
    command_window: timedelta = timedelta(minutes=3)


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The events of one poll and the memory to persist with the new status.

    `fresh` is False when the status was not newer than the previous one: store the fetch
    time, keep the previous status.
    """

    events: tuple[Event, ...]
    memory: PollMemory
    fresh: bool


@dataclass(slots=True)
class Step:
    """The working state of one diff, handed to each rule in `bot.poller.rules`."""

    vin: str
    prev: VehicleStatus
    cur: VehicleStatus
    now: datetime
    ctx: DiffContext
    memory: PollMemory
    events: list[Event] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def stamp(self) -> datetime:
        """When the change happened: the car's timestamp, never later than now."""
        stamp = self.cur.updated_at
        return min(stamp, self.now) if stamp is not None else self.now

    def remembered(self, name: str) -> Any:
        """A memory field, as changed so far in this step."""
        return self.changes.get(name, getattr(self.memory, name))

    def remember(self, **values: Any) -> None:
        """Change memory fields."""
        self.changes.update(values)

    def emit(
        self,
        kind: EventKind,
        *,
        episode: str | None = None,
        at: datetime | None = None,
        details: Mapping[str, JSONValue] | None = None,
        **data: JSONValue,
    ) -> None:
        """Record one event; the episode defaults to the car's timestamp."""
        when = at or self.stamp
        data = {**(details or {}), **data}
        self.events.append(
            Event(
                kind=kind,
                vin=self.vin,
                at=when,
                episode=episode or episode_key(self.stamp),
                data=data,
            )
        )

    def by_bot(self, field_name: str, value: bool) -> bool:
        """True when this bot's last command, sent recently, asked for this change."""
        sent = self.ctx.last_command
        if sent is None or sent.effect != (field_name, value):
            return False
        return timedelta(0) <= self.now - sent.at <= self.ctx.command_window


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
