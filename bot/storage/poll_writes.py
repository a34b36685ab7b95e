"""The write of a successful poll (`PollResult`), alone or many in one transaction.

A poll's result is the car's new status, its diff memory (episodes), the alerts it queues
(outbox rows) and the freed lease, written only while the poller still holds the car's
lease: the conditional UPDATE of `vehicle_state` comes first, and when it matched no row
(another worker took the car over) nothing else of that car is written. The outbox rows
go in the same transaction as that state change, so an alert is queued exactly once
whatever restarts and replicas do.

`record_poll_results` writes the results of several polls (one tick's) in one transaction:
one `BEGIN` … `COMMIT` instead of one per car. When that transaction fails, each result is
written again in a transaction of its own, so one car's bad write costs only that car.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, false, null, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.smart.models import VehicleStatus
from bot.storage.db import Database
from bot.storage.records import AudienceMember, Episode, NewOutboxMessage
from bot.storage.repo_alerts import audiences_in_session, write_episodes_in_session
from bot.storage.repo_outbox import enqueue_in_session
from bot.storage.tables import SmartAccount, VehicleState
from bot.storage.types import UtcDateTime

PENDING_COLUMNS = (
    "pending_command",
    "pending_command_params",
    "pending_command_by",
    "pending_command_at",
)


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one successful poll writes (see `repo_polls.record_poll_success`).

    `messages_for`: the alerts of the poll's events, made from the car's listeners as read
    in the write's own transaction (a /deny or an unshare committed before it counts); they
    are queued beside `messages`.
    `account_recovered`: the account's id when its failure counters and back-off are to be
    cleared (its call worked after failures), else None.
    """

    vehicle_id: int
    owner: str
    status: VehicleStatus
    next_poll_at: datetime
    now: datetime
    episodes: Sequence[Episode] = ()
    messages: Sequence[NewOutboxMessage] = ()
    clear_pending_command: bool = False
    seen_pending_at: datetime | None = None
    claimed_next_poll_at: datetime | None = None
    fast_poll_until: datetime | None = None
    messages_for: Callable[[Sequence[AudienceMember]], Sequence[NewOutboxMessage]] | None = None
    account_recovered: int | None = None


async def write_in_session(
    db: Database,
    session: AsyncSession,
    result: PollResult,
    listeners: Sequence[AudienceMember] | None = None,
) -> bool:
    """Write one result inside the caller's transaction; False (and nothing written) when
    `result.owner` no longer holds the car's lease. `listeners`: the car's, when the caller
    read them in this transaction already."""
    statement = _success_statement(
        clear_pending=result.clear_pending_command,
        set_fast=result.fast_poll_until is not None,
        claimed_known=result.claimed_next_poll_at is not None,
    )
    params = {
        "b_vehicle_id": result.vehicle_id,
        "b_owner": result.owner[:64],
        "b_last_status": result.status.to_json_dict(),
        "now": result.now,
        "planned": result.next_poll_at,
        "seen_pending_at": result.seen_pending_at,
        "claimed_next_poll_at": result.claimed_next_poll_at,
        "b_fast_poll_until": result.fast_poll_until,
    }
    written = await session.execute(statement, params)
    if not written.rowcount:  # type: ignore[attr-defined]
        return False
    if result.episodes:
        await write_episodes_in_session(db, session, result.vehicle_id, result.episodes, result.now)
    messages = result.messages
    if result.messages_for is not None:
        if listeners is None:
            listeners = (await audiences_in_session(session, [result.vehicle_id]))[
                result.vehicle_id
            ]
        messages = [*messages, *result.messages_for(listeners)]
    if messages:
        await enqueue_in_session(db, session, messages, result.now)
    if result.account_recovered is not None:
        await session.execute(
            _account_recovered_statement(),
            {"r_account_id": result.account_recovered, "r_now": result.now},
        )
    return True


async def record_poll_result(db: Database, result: PollResult) -> bool:
    """Write one result in a transaction of its own; False when the lease was lost."""
    async with db.session() as session:
        return await write_in_session(db, session, result)


async def record_poll_results(
    db: Database, results: Sequence[PollResult]
) -> list[bool | Exception]:
    """Write several results in ONE transaction; per result, whether it was written (False:
    the lease was lost) or the error that kept it from being written.

    When the shared transaction fails, nothing of it stays and each result is written again
    in a transaction of its own: the error then belongs to the result that caused it, and
    the others are stored. Every write checks its lease again, so none is written twice.
    """
    if not results:
        return []
    try:
        async with db.session() as session:
            heard = [result.vehicle_id for result in results if result.messages_for]
            audiences = await audiences_in_session(session, heard) if heard else {}
            return [
                await write_in_session(db, session, result, audiences.get(result.vehicle_id))
                for result in results
            ]
    except Exception as err:
        if len(results) == 1:
            return [err]
    outcomes: list[bool | Exception] = []
    for result in results:
        try:
            outcomes.append(await record_poll_result(db, result))
        except Exception as err:
            outcomes.append(err)
    return outcomes


@functools.cache
def _account_recovered_statement() -> Any:
    """The account's call worked: clear its failure counters and back-off (when set)."""
    return (
        update(SmartAccount)
        .where(col(SmartAccount.id) == bindparam("r_account_id"))
        .where(
            (col(SmartAccount.poll_failures) > 0)
            | (col(SmartAccount.auth_failures) > 0)
            | col(SmartAccount.backoff_until).is_not(None)
        )
        .values(
            poll_failures=0,
            auth_failures=0,
            backoff_until=None,
            updated_at=bindparam("r_now", type_=UtcDateTime()),
        )
    )


@functools.cache
def _success_statement(*, clear_pending: bool, set_fast: bool, claimed_known: bool) -> Any:
    """The UPDATE of a poll's result, built once per variant: a poll runs it every time,
    and building it cost more than running it. Values come as bound parameters."""
    table = VehicleState.__table__  # type: ignore[attr-defined]
    c = table.c
    pending_at, due = c.pending_command_at, c.next_poll_at
    seen = bindparam("seen_pending_at", type_=UtcDateTime())
    planned = bindparam("planned", type_=UtcDateTime())
    now = bindparam("now", type_=UtcDateTime())
    requested = or_(
        pending_at.is_distinct_from(seen),
        due.is_distinct_from(bindparam("claimed_next_poll_at", type_=UtcDateTime()))
        if claimed_known
        else false(),
    )
    values: dict[str, Any] = {
        "last_status": bindparam("b_last_status", type_=c.last_status.type),
        "fetched_at": now,
        "next_poll_at": case((and_(requested, due < planned), due), else_=planned),
        "consecutive_failures": 0,
        "last_error": null(),
        "lease_owner": null(),
        "lease_expires_at": null(),
        "updated_at": now,
    }
    fast_until = bindparam("b_fast_poll_until", type_=UtcDateTime())
    if clear_pending:
        still_seen = pending_at.is_not_distinct_from(seen)
        for name in (*PENDING_COLUMNS, "fast_poll_until"):
            cleared = fast_until if name == "fast_poll_until" else null()
            values[name] = case((still_seen, cleared), else_=c[name])
    elif set_fast:
        values["fast_poll_until"] = fast_until
    return (
        table.update()
        .where(
            c.vehicle_id == bindparam("b_vehicle_id"),
            c.lease_owner == bindparam("b_owner"),
        )
        .values(values)
    )
