"""Refusing at once what the car's last stored status says cannot work.

Some actions need the car in a state the status shows without doubt: charging can only start
(or be stopped) when the charging cable is in. When the poller's last stored status says it
is not, the use case refuses before anything is sent (`StateRefusedError`), instead of a
minute of waiting for a proof that cannot show. A refusal says how old that status is; when
it is older than `stale_after` (the chat passes the idle poll interval, at least
`MIN_STALE_AFTER`) it is `stale`, and the chat offers to send the command anyway (the user
may have plugged in since). A status that does not say (None) never refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands.errors import StateRefusedError
from bot.smart.models import VehicleStatus
from bot.storage import repo_polls
from bot.storage.db import Database
from bot.storage.records import CarRecord

# A status younger than this is never called old, whatever the idle poll interval.
MIN_STALE_AFTER = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Need:
    """A status field an action needs at `value`; `reason` names the refusal's text."""

    field: str
    value: bool
    reason: str


# The actions the status can refuse without doubt, and what each needs.
NEEDS: dict[str, Need] = {
    "charge_start": Need("plugged_in", True, "not_plugged_in"),
    "charge_stop": Need("plugged_in", True, "not_plugged_in"),
}


def stale_after(idle_poll_seconds: float) -> timedelta:
    """When a stored status counts as old: the idle poll interval, at least a minute."""
    return max(timedelta(seconds=idle_poll_seconds), MIN_STALE_AFTER)


def refusal(
    action: str,
    car: CarRecord,
    status: VehicleStatus | None,
    *,
    fetched_at: datetime | None,
    now: datetime,
    stale: timedelta,
) -> StateRefusedError | None:
    """Why `status` says `action` cannot work on `car`, or None when it may be sent.

    The age is that of the car's own time stamp (when it last reported), else of when the
    status was read.
    """
    need = NEEDS.get(action)
    if need is None or status is None:
        return None
    actual = getattr(status, need.field)
    if actual is None or actual == need.value:
        return None
    stamp = status.updated_at or fetched_at
    age = max(0, int((now - stamp).total_seconds())) if stamp is not None else None
    return StateRefusedError(
        action=action,
        reason=need.reason,
        name=car.label,
        age_seconds=age,
        stale=age is None or age > stale.total_seconds(),
    )


async def check_stored_state(
    db: Database, car: CarRecord, action: str, *, now: datetime, stale: timedelta
) -> None:
    """Refuse `action` when the car's last stored status says it cannot work.

    Raises:
        StateRefusedError: the status says no (`stale` tells whether it may be out of date).
    """
    if action not in NEEDS:
        return
    state = await repo_polls.get_vehicle_state(db, vehicle_id=car.id)
    if state is None:
        return
    refused = refusal(action, car, state.status, fetched_at=state.fetched_at, now=now, stale=stale)
    if refused is not None:
        raise refused
