"""The timed alerts' second half: a door, the trunk, the bonnet or a window left open while
parked (`left_open`, once per subscriber threshold and spell), and when the next timed alert
(left unlocked, left open) falls due, so the poll comes then instead of an idle interval later.

The thresholds are the subscribers' "left unlocked" minutes: one "left open or unlocked after"
setting per user. The left-unlocked rule itself is in `bot.poller.rules`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.poller.events import EventKind, JSONValue
from bot.poller.memory import PollMemory
from bot.poller.rules import emit_thresholds, is_driving
from bot.poller.step import DiffContext, Step
from bot.smart.models import VehicleStatus


def open_parts(status: VehicleStatus) -> dict[str, JSONValue]:
    """What is open, as event data: doors (names), windows (names), trunk, hood; empty when
    everything reported is closed."""
    parts: dict[str, JSONValue] = {}
    if status.doors_open:
        parts["doors"] = sorted(status.doors_open)
    if status.windows_open:
        parts["windows"] = sorted(status.windows_open)
    if status.trunk_open is True:
        parts["trunk"] = True
    if status.hood_open is True:
        parts["hood"] = True
    return parts


def left_open(step: Step) -> None:
    """A timer: something stayed open on the parked car for a subscriber's minutes."""
    cur = step.cur
    parts = open_parts(cur)
    if not parts or is_driving(cur):
        step.remember(open_since=None, open_sent=frozenset())
        return
    since = step.remembered("open_since")
    if since is None:  # opened since the last status: from its timestamp; else from now
        since = step.stamp if not open_parts(step.prev) else step.now
        step.remember(open_since=since, open_sent=frozenset())
    emit_thresholds(step, EventKind.LEFT_OPEN, since=since, sent_key="open_sent", details=parts)


def timer_due_in(memory: PollMemory, ctx: DiffContext, now: datetime) -> float | None:
    """Seconds until the next left-unlocked or left-open alert is due (0 when overdue);
    None when no timer runs."""
    due: list[datetime] = []
    for since, sent in (
        (memory.unlocked_since, memory.left_unlocked_sent),
        (memory.open_since, memory.open_sent),
    ):
        if since is None:
            continue
        due.extend(
            since + timedelta(minutes=minutes)
            for minutes in ctx.left_unlocked_minutes
            if minutes not in sent
        )
    if not due:
        return None
    return max(0.0, (min(due) - now).total_seconds())
