"""A failing account backs off on its own; auth failures stop it and ask for /login once."""

from __future__ import annotations

from datetime import timedelta

from bot.smart.errors import (
    CloudUnavailableError,
    InvalidCredentialsError,
    RateLimitedError,
    TokenExpiredError,
    VehicleNotLinkedError,
)
from bot.storage import repo_accounts, repo_outbox, repo_polls
from bot.storage.crypto import CredentialCipher
from tests.db_fixtures import make_vin, seed_owner
from tests.poller.conftest import OWNER, PARKED, World

OTHER = 2002


async def _second_account(world: World, cipher: CredentialCipher) -> str:
    vin = make_vin(50)
    await seed_owner(
        world.db, cipher, user_id=OTHER, vins=[vin], email="other@example.com", now=world.clock.now
    )
    world.cloud.set(vin, **PARKED)
    return vin


async def test_rate_limit_pauses_the_account_exactly_as_asked(
    world: World, cipher: CredentialCipher
) -> None:
    other_vin = await _second_account(world, cipher)
    world.cloud.account_errors[world.account.id] = RateLimitedError(retry_after=120)
    report = await world.poller.tick()
    assert (report.polled, report.failed) == (1, 1)
    assert world.cloud.reads[other_vin] == 1
    account = await repo_accounts.get_account_by_id(world.db, account_id=world.account.id)
    assert account is not None
    assert account.backoff_until == world.clock.now + timedelta(seconds=120)

    del world.cloud.account_errors[world.account.id]
    world.clock.advance(119)
    assert (await world.poller.tick()).claimed == 0
    world.clock.advance(1)
    assert (await world.poller.tick()).polled == 1


async def test_cloud_failures_back_off_exponentially_with_jitter(world: World) -> None:
    world.cloud.account_errors[world.account.id] = CloudUnavailableError("down")
    waits = []
    for _ in range(4):
        await world.poller.tick()
        account = await repo_accounts.get_account_by_id(world.db, account_id=world.account.id)
        assert account is not None
        assert account.backoff_until is not None
        waits.append((account.backoff_until - world.clock.now).total_seconds())
        world.clock.now = account.backoff_until
    assert all(30 * 2**i / 2 <= w <= 30 * 2**i for i, w in enumerate(waits))
    del world.cloud.account_errors[world.account.id]
    await world.poller.tick()
    account = await repo_accounts.get_account_by_id(world.db, account_id=world.account.id)
    assert account is not None
    assert (account.poll_failures, account.backoff_until) == (0, None)


async def test_repeated_auth_failures_stop_polling_and_ask_for_login_once(
    world: World, cipher: CredentialCipher
) -> None:
    world.cloud.account_errors[world.account.id] = TokenExpiredError("expired")
    for _ in range(5):
        world.clock.advance(3600)
        await world.poller.tick()
    assert world.cloud.reads[world.car.vin] == 3  # the third failure opened the circuit
    await world.sender.run_once()
    (alert,) = world.notifier.take()
    assert (alert.user_id, [k.value for k in alert.kinds]) == (OWNER, ["login_required"])

    del world.cloud.account_errors[world.account.id]
    await seed_owner(world.db, cipher, user_id=OWNER, vins=[world.car.vin])  # a new /login
    world.clock.advance(3600)
    assert (await world.poller.tick()).polled == 1
    assert await repo_outbox.list_messages(world.db, pending_only=True) == []


async def test_refused_password_stops_polling_at_once(world: World) -> None:
    world.cloud.account_errors[world.account.id] = InvalidCredentialsError("wrong password")
    await world.poller.tick()
    account = await repo_accounts.get_account_by_id(world.db, account_id=world.account.id)
    assert account is not None
    assert account.needs_login is True
    rows = await repo_outbox.list_messages(world.db)
    assert [r.kind for r in rows] == ["login_required"]


async def test_an_odd_failure_of_one_car_leaves_the_others_alone(
    world: World, cipher: CredentialCipher
) -> None:
    other_vin = await _second_account(world, cipher)
    world.cloud.errors[world.car.vin] = KeyError("surprise")
    report = await world.poller.tick()
    assert (report.polled, report.failed) == (1, 1)
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.consecutive_failures == 1
    assert state.last_error == "KeyError"
    assert world.cloud.reads[other_vin] == 1
    account = await repo_accounts.get_account_by_id(world.db, account_id=world.account.id)
    assert account is not None
    assert account.backoff_until is None


async def test_a_car_removed_from_the_account_is_retried_hourly(world: World) -> None:
    world.cloud.errors[world.car.vin] = VehicleNotLinkedError("gone", code="8040")
    await world.poller.tick()
    state = await repo_polls.get_vehicle_state(world.db, vehicle_id=world.car.id)
    assert state is not None
    assert state.next_poll_at == world.clock.now + timedelta(hours=1)
    assert state.last_error == "VehicleNotLinkedError:8040"
