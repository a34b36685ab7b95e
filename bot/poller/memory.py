"""What the poller must remember about a car between polls, beyond its last status.

Timers ("unlocked since"), the parked position, and which level alerts already fired (battery
low, 12 V, tyres, service, update) cannot be read off two statuses. They are persisted next to
the status (one `alert_episodes` row per kind, see `to_episodes`), in the same transaction, so
a restart neither forgets a fired alert nor re-sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.poller.events import EventKind


@dataclass(frozen=True, slots=True)
class PollMemory:
    """Per-car memory of the diff. The defaults are "nothing pending, nothing fired".

    Attributes:
        unlocked_since: when the parked car was first seen unlocked (the left-unlocked timer).
        left_unlocked_sent: minute thresholds already alerted in this unlocked spell.
        anchor: (latitude, longitude) where the car was parked and locked.
        moved_sent: the "moved while parked" alert fired for this anchor.
        battery_low_sent: thresholds whose low-battery alert fired and is not re-armed yet.
        aux_low_sent: the 12 V alert fired and is not re-armed yet.
        tyre_sent: the tyre alert fired and the warning has not cleared yet.
        service_sent: the service-due alert fired and the service has not been done yet.
        update_seen: the firmware target version last seen (announced once per version); `""`
            once firmware info was seen with no update pending, None before any was seen.
        charge_session: episode key of the charging session in progress.
        target_sent: "target reached" was already said in this charging session.
        firmware_due_at: when the OTA service should next be asked (None: at the next poll).
            Kept by the poll (`bot.poller.tick`), not the diff; stored with `update_seen`.
        open_since: when the parked car was first seen with a door, the trunk, the bonnet or
            a window open (the left-open timer, `bot.poller.timed`).
        open_sent: minute thresholds already alerted in this open spell.
    """

    unlocked_since: datetime | None = None
    left_unlocked_sent: frozenset[int] = frozenset()
    anchor: tuple[float, float] | None = None
    moved_sent: bool = False
    battery_low_sent: frozenset[int] = frozenset()
    aux_low_sent: bool = False
    tyre_sent: bool = False
    service_sent: bool = False
    update_seen: str | None = None
    charge_session: str | None = None
    target_sent: bool = False
    firmware_due_at: datetime | None = None
    open_since: datetime | None = None
    open_sent: frozenset[int] = frozenset()

    def to_episodes(self) -> dict[str, dict[str, Any]]:
        """One JSON dict per event kind, for the storage layer's episode rows."""
        since = self.unlocked_since.isoformat() if self.unlocked_since else None
        return {
            EventKind.LEFT_UNLOCKED.value: {
                "since": since,
                "sent": sorted(self.left_unlocked_sent),
            },
            EventKind.MOVED_WHILE_PARKED.value: {
                "anchor": list(self.anchor) if self.anchor else None,
                "sent": self.moved_sent,
            },
            EventKind.BATTERY_LOW.value: {"sent": sorted(self.battery_low_sent)},
            EventKind.AUX_BATTERY_LOW.value: {"sent": self.aux_low_sent},
            EventKind.TYRE_PRESSURE_WARNING.value: {"sent": self.tyre_sent},
            EventKind.SERVICE_DUE.value: {"sent": self.service_sent},
            EventKind.SOFTWARE_UPDATE_AVAILABLE.value: {
                "seen": self.update_seen,
                "due": self.firmware_due_at.isoformat() if self.firmware_due_at else None,
            },
            EventKind.CHARGE_TARGET_REACHED.value: {
                "session": self.charge_session,
                "sent": self.target_sent,
            },
            EventKind.LEFT_OPEN.value: {
                "since": self.open_since.isoformat() if self.open_since else None,
                "sent": sorted(self.open_sent),
            },
        }

    @classmethod
    def from_episodes(cls, episodes: Mapping[str, Mapping[str, Any]]) -> PollMemory:
        """Inverse of `to_episodes`; missing or malformed entries fall back to the defaults."""
        try:
            return _parse(episodes)
        except (TypeError, ValueError, KeyError, IndexError):
            return cls()


def _flag(episodes: Mapping[str, Mapping[str, Any]], kind: EventKind, key: str = "sent") -> bool:
    return bool(episodes.get(kind.value, {}).get(key, False))


def _ints(episodes: Mapping[str, Mapping[str, Any]], kind: EventKind) -> frozenset[int]:
    return frozenset(int(v) for v in episodes.get(kind.value, {}).get("sent") or [])


def _moment(value: object) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse(episodes: Mapping[str, Mapping[str, Any]]) -> PollMemory:
    unlocked = episodes.get(EventKind.LEFT_UNLOCKED.value, {})
    since = _moment(unlocked.get("since"))
    moved = episodes.get(EventKind.MOVED_WHILE_PARKED.value, {})
    raw_anchor = moved.get("anchor")
    anchor = (float(raw_anchor[0]), float(raw_anchor[1])) if raw_anchor else None
    software = episodes.get(EventKind.SOFTWARE_UPDATE_AVAILABLE.value, {})
    update = software.get("seen")
    charge = episodes.get(EventKind.CHARGE_TARGET_REACHED.value, {})
    left_open = episodes.get(EventKind.LEFT_OPEN.value, {})
    return PollMemory(
        unlocked_since=since,
        left_unlocked_sent=_ints(episodes, EventKind.LEFT_UNLOCKED),
        anchor=anchor,
        moved_sent=_flag(episodes, EventKind.MOVED_WHILE_PARKED),
        battery_low_sent=_ints(episodes, EventKind.BATTERY_LOW),
        aux_low_sent=_flag(episodes, EventKind.AUX_BATTERY_LOW),
        tyre_sent=_flag(episodes, EventKind.TYRE_PRESSURE_WARNING),
        service_sent=_flag(episodes, EventKind.SERVICE_DUE),
        update_seen=None if update is None else str(update),
        charge_session=str(charge["session"]) if charge.get("session") else None,
        target_sent=_flag(episodes, EventKind.CHARGE_TARGET_REACHED),
        firmware_due_at=_moment(software.get("due")),
        open_since=_moment(left_open.get("since")),
        open_sent=_ints(episodes, EventKind.LEFT_OPEN),
    )
