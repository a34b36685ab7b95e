"""Confirmation buttons: one tap acts, the second does not, expired and foreign ones refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import ConsumeStatus
from bot.storage.repo_actions import (
    consume_pending_action,
    create_pending_action,
    purge_pending_actions,
)
from tests.db_fixtures import HeldCommitDatabase, seed_owner

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


async def test_two_concurrent_taps_act_exactly_once(db: Database, cipher: CredentialCipher) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1)
    action = await create_pending_action(
        db, user_id=1, vehicle_id=cars[0].id, action="unlock", params={"door": "all"}, now=T0
    )
    assert len(action.id) <= 32
    first_tap, second_tap = HeldCommitDatabase(db.url), Database(db.url)
    try:
        first = asyncio.create_task(
            consume_pending_action(first_tap, action_id=action.id, user_id=1, now=T0)
        )
        await first_tap.work_done.wait()  # the first tap has marked it, not yet committed
        second = asyncio.create_task(
            consume_pending_action(second_tap, action_id=action.id, user_id=1, now=T0)
        )
        await asyncio.sleep(0.05)
        assert not second.done()  # it waits for the first tap's transaction
        first_tap.release.set()
        results = [await first, await second]
        results.append(await consume_pending_action(db, action_id=action.id, user_id=1, now=T0))
    finally:
        first_tap.release.set()
        await first_tap.dispose()
        await second_tap.dispose()
    assert [r.status for r in results] == [
        ConsumeStatus.CONSUMED,
        ConsumeStatus.USED,
        ConsumeStatus.USED,
    ]
    won = results[0]
    assert won.action is not None
    assert (won.action.action, won.action.params) == ("unlock", {"door": "all"})


async def test_an_expired_button_says_expired_and_a_foreign_one_is_unknown(
    db: Database, cipher: CredentialCipher
) -> None:
    await seed_owner(db, cipher, user_id=1)
    await seed_owner(db, cipher, user_id=2)
    action = await create_pending_action(
        db, user_id=1, action="logout", ttl=timedelta(seconds=60), now=T0
    )
    other = await consume_pending_action(db, action_id=action.id, user_id=2, now=T0)
    assert other.status is ConsumeStatus.UNKNOWN
    assert other.action is None
    late = await consume_pending_action(
        db, action_id=action.id, user_id=1, now=T0 + timedelta(seconds=60)
    )
    assert late.status is ConsumeStatus.EXPIRED
    missing = await consume_pending_action(db, action_id="nope", user_id=1, now=T0)
    assert missing.status is ConsumeStatus.UNKNOWN
    assert await purge_pending_actions(db, before=T0 + timedelta(hours=1)) == 1
