"""The working state of one diff, shared by `bot.poller.diff` and its rules.

`SentCommand` is the last command this bot sent to the car; what its effect is comes from the
action table (`bot.commands.actions`), so a command that proves itself in the status is
recognised in the poll as "by this bot" and followed by fast polling until it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.commands.actions import Proof, proof_of
from bot.poller.events import Event, EventKind, JSONValue, episode_key
from bot.poller.memory import PollMemory
from bot.smart.models import Firmware, VehicleStatus


@dataclass(frozen=True, slots=True)
class SentCommand:
    """The last command this bot sent to the car (our action name), when, and its parameters."""

    command: str
    at: datetime
    params: Mapping[str, Any] = field(default_factory=dict)
    user_id: int | None = None

    @property
    def proof(self) -> Proof | None:
        """The status change that shows the command worked; None when the status cannot."""
        return proof_of(self.command)

    def asked_for(self, field_name: str, value: object) -> bool:
        """True when the command's effect is `field_name` reading `value`."""
        proof = self.proof
        return (
            proof is not None and proof.field == field_name and proof.expected(self.params) == value
        )


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
        if sent is None or not sent.asked_for(field_name, value):
            return False
        return timedelta(0) <= self.now - sent.at <= self.ctx.command_window

    def attribution(self, field_name: str, value: bool) -> dict[str, JSONValue]:
        """The event data that marks a change as this bot's doing: `by_bot` and, when the
        command names its sender, `by_user` (who then hears nothing of it: they follow the
        command in their own chat). Empty for a change nobody here asked for."""
        if not self.by_bot(field_name, value):
            return {"by_bot": False}
        sent = self.ctx.last_command
        user = sent.user_id if sent is not None else None
        return {"by_bot": True} if user is None else {"by_bot": True, "by_user": user}
