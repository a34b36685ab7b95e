"""Several polls' results in one transaction: each still only under its lease, with its
alerts exactly once, and one car's bad write costs only that car."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.exc import StatementError

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult, record_poll_results
from bot.storage.records import CarRecord, Episode, NewOutboxMessage
from bot.storage.repo_accounts import get_account_by_id, record_account_poll_failure
from bot.storage.repo_alerts import get_episodes
from bot.storage.repo_outbox import list_messages
from bot.storage.repo_polls import claim_due_vehicles, get_vehicle_state
from tests.db_fixtures import make_vin, seed_owner
from tests.storage.test_repo_polls import LEASE, STATUS, T0, _alert


async def _three_cars(db: Database, cipher: CredentialCipher) -> list[CarRecord]:
    cars = []
    for user in (1, 2, 3):
        _, (car,) = await seed_owner(
            db, cipher, user_id=user, vins=[make_vin(user)], email=f"u{user}@example.com", now=T0
        )
        cars.append(car)
    return cars


def _result(vehicle_id: int, owner: str = "a", **changes: object) -> PollResult:
    values: dict[str, object] = {
        "vehicle_id": vehicle_id,
        "owner": owner,
        "status": STATUS,
        "next_poll_at": T0 + timedelta(minutes=5),
        "now": T0,
        "episodes": [Episode("unlocked", 2, "sent")],
        "messages": [_alert(vehicle_id, key=f"v{vehicle_id}:unlocked:2:u1")],
    }
    return PollResult(**{**values, **changes})  # type: ignore[arg-type]


async def test_a_tick_of_results_is_written_in_one_transaction_with_every_alert(
    db: Database, cipher: CredentialCipher
) -> None:
    cars = await _three_cars(db, cipher)
    await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0)
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(db.engine.sync_engine, "begin", count)
    try:
        outcomes = await record_poll_results(db, [_result(car.id) for car in cars])
    finally:
        event.remove(db.engine.sync_engine, "begin", count)
    assert outcomes == [True, True, True]
    assert len(begun) == 1
    keys = sorted(m.dedupe_key for m in await list_messages(db))
    assert keys == sorted(f"v{car.id}:unlocked:2:u1" for car in cars)
    for car in cars:
        state = await get_vehicle_state(db, vehicle_id=car.id)
        assert state is not None
        assert (state.status, state.lease_owner) == (STATUS, None)
        assert (await get_episodes(db, vehicle_id=car.id))["unlocked"].episode == 2


async def test_a_car_whose_write_fails_costs_only_that_car_and_no_alert_is_queued_twice(
    db: Database, cipher: CredentialCipher
) -> None:
    first, broken_car, last = await _three_cars(db, cipher)
    await claim_due_vehicles(db, owner="a", limit=5, lease=LEASE, now=T0)
    broken = NewOutboxMessage(
        dedupe_key="k", user_id=1, chat_id=1, kind="x", payload={"bad": object()}
    )
    outcomes = await record_poll_results(
        db,
        [
            _result(first.id),
            _result(broken_car.id, messages=[_alert(broken_car.id, key="b"), broken]),
            _result(last.id),
        ],
    )
    assert outcomes[0] is True
    assert isinstance(outcomes[1], StatementError)
    assert outcomes[2] is True
    keys = sorted(m.dedupe_key for m in await list_messages(db))
    assert keys == sorted(f"v{car.id}:unlocked:2:u1" for car in (first, last))
    state = await get_vehicle_state(db, vehicle_id=broken_car.id)
    assert state is not None
    assert (state.status, state.lease_owner) == (None, "a")  # polled again once the lease ends
    assert await get_episodes(db, vehicle_id=broken_car.id) == {}


async def test_a_result_whose_lease_was_taken_over_writes_nothing_and_the_others_are_written(
    db: Database, cipher: CredentialCipher
) -> None:
    taken, kept, _ = await _three_cars(db, cipher)
    await claim_due_vehicles(db, owner="slow", limit=1, lease=LEASE, now=T0)
    await claim_due_vehicles(db, owner="fast", limit=1, lease=LEASE, now=T0 + LEASE)
    await claim_due_vehicles(db, owner="slow", limit=1, lease=LEASE, now=T0 + LEASE)
    outcomes = await record_poll_results(
        db,
        [_result(taken.id, owner="slow"), _result(kept.id, owner="slow")],
    )
    assert outcomes == [False, True]
    assert [m.vehicle_id for m in await list_messages(db)] == [kept.id]
    state = await get_vehicle_state(db, vehicle_id=taken.id)
    assert state is not None
    assert (state.status, state.lease_owner) == (None, "fast")
    assert await get_episodes(db, vehicle_id=taken.id) == {}


async def test_a_recovered_accounts_back_off_is_cleared_with_its_cars_result(
    db: Database, cipher: CredentialCipher
) -> None:
    account, (car,) = await seed_owner(db, cipher, user_id=1, now=T0)
    await record_account_poll_failure(db, account_id=account.id, backoff_until=T0, now=T0)
    await claim_due_vehicles(db, owner="a", limit=1, lease=LEASE, now=T0)
    assert await record_poll_results(db, [_result(car.id, account_recovered=account.id)]) == [True]
    stored = await get_account_by_id(db, account_id=account.id)
    assert stored is not None
    assert (stored.poll_failures, stored.backoff_until) == (0, None)
