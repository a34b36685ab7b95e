"""The SQL of a poll claim (`repo_polls.claim_due_vehicles`), built once: which cars are
due, which accounts are free of other workers' leases, the claim's UPDATE … RETURNING and
the read of the claimed cars with their names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, bindparam, exists, or_, update
from sqlalchemy import select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.storage.sqlcache import built_once
from bot.storage.tables import SmartAccount, VehicleRow, VehicleState
from bot.storage.types import UtcDateTime


def _account_free(owner: Any, now: Any) -> ColumnElement[bool]:
    """No other worker holds a live lease on a car of the same account.

    The cloud keeps one selected car per account, so two workers reading two cars of one
    account at once would keep switching it under each other (8006 and a retry each time).
    """
    other_state, other_car = aliased(VehicleState), aliased(VehicleRow)
    return ~exists().where(
        col(other_car.account_id) == col(VehicleRow.account_id),
        col(other_state.vehicle_id) == col(other_car.id),
        col(other_state.lease_owner) != owner,
        col(other_state.lease_expires_at) > now,
    )


def _due(now: Any) -> list[ColumnElement[bool]]:
    return [
        col(VehicleState.next_poll_at) <= now,
        or_(
            col(VehicleState.lease_expires_at).is_(None), col(VehicleState.lease_expires_at) <= now
        ),
        col(SmartAccount.needs_login).is_(False),
        or_(col(SmartAccount.backoff_until).is_(None), col(SmartAccount.backoff_until) <= now),
    ]


@built_once
def claim_statements(*, locking: bool) -> tuple[Any, Any]:
    """The claim's UPDATE … RETURNING and the read of the claimed cars, built once (building
    them cost more than running them at every tick); values come as bound parameters:
    `c_now`, `c_owner`, `c_limit`, `c_until`, then `c_ids`."""
    now = bindparam("c_now", type_=UtcDateTime())
    owner: Any = bindparam("c_owner")
    candidates = (
        select(col(VehicleState.vehicle_id))
        .join(VehicleRow, col(VehicleRow.id) == col(VehicleState.vehicle_id))
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .where(*_due(now), _account_free(owner, now))
        .order_by(col(VehicleState.next_poll_at), col(VehicleState.vehicle_id))
        .limit(bindparam("c_limit", type_=Integer()))
    )
    if locking:
        candidates = candidates.with_for_update(
            skip_locked=True,
            of=[VehicleState.__table__, SmartAccount.__table__],  # type: ignore[attr-defined]
        )
    claim = (
        update(VehicleState)
        .where(col(VehicleState.vehicle_id).in_(candidates))
        .values(lease_owner=owner, lease_expires_at=bindparam("c_until", type_=UtcDateTime()))
        .returning(col(VehicleState.vehicle_id))
    )
    read = (
        core_select(
            VehicleState.__table__,  # type: ignore[attr-defined]
            *_CLAIM_CAR_COLUMNS,
        )
        .join(VehicleRow, col(VehicleRow.id) == col(VehicleState.vehicle_id))
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .where(col(VehicleState.vehicle_id).in_(bindparam("c_ids", expanding=True)))
        .order_by(col(VehicleState.next_poll_at), col(VehicleState.vehicle_id))
    )
    return claim, read


_CLAIM_CAR_COLUMNS: tuple[Any, ...] = (
    *(
        col(getattr(VehicleRow, name)).label(f"car_{name}")
        for name in ("vin", "account_id", "model", "name", "color_name")
    ),
)
