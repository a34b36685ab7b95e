"""Commands in flight: recorded before they leave, kept alive, taken over once when orphaned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import repo_audit, repo_inflight
from bot.storage.db import Database

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ALIVE = timedelta(seconds=15)


async def _begin(db: Database) -> int:
    return await repo_inflight.begin(
        db,
        user_id=1,
        vin="HESXR1C46PS000101",
        action="lock",
        params={"pin": "1234"},
        source="command",
        progress={"chat_id": 1, "message_id": 7},
        alive_until=T0 + ALIVE,
        now=T0,
    )


async def test_a_live_command_is_not_taken_and_a_dead_ones_is_taken_once(db: Database) -> None:
    audit_id = await _begin(db)
    (line,) = await repo_audit.recent_audit(db)
    assert (line.result, line.params) == ("sending", {"pin": "***"})
    assert await repo_inflight.claim_orphans(db, now=T0 + ALIVE / 2, hold_until=T0 + ALIVE) == []
    assert await repo_inflight.renew(db, audit_id=audit_id, alive_until=T0 + 2 * ALIVE)
    assert await repo_inflight.claim_orphans(db, now=T0 + ALIVE, hold_until=T0 + ALIVE) == []

    later = T0 + 3 * ALIVE
    (orphan,) = await repo_inflight.claim_orphans(db, now=later, hold_until=later + ALIVE)
    assert (orphan.audit_id, orphan.action, orphan.progress["message_id"]) == (audit_id, "lock", 7)
    assert await repo_inflight.claim_orphans(db, now=later, hold_until=later + ALIVE) == []


async def test_an_outcome_is_recorded_once(db: Database) -> None:
    audit_id = await _begin(db)
    assert await repo_inflight.finish(db, audit_id=audit_id, result="confirmed", request_id="t1")
    assert not await repo_inflight.finish(db, audit_id=audit_id, result="interrupted")
    (line,) = await repo_audit.recent_audit(db)
    assert (line.result, line.request_id) == ("confirmed", "t1")
    far = T0 + timedelta(hours=1)
    assert await repo_inflight.claim_orphans(db, now=far, hold_until=far) == []
