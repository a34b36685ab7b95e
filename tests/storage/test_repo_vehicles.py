"""Cars: the vehicle list sync, default car, shares and the per-user access check."""

from __future__ import annotations

import asyncio

from bot.smart.models import CarModel, Vehicle
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_polls import get_vehicle_state
from bot.storage.repo_users import allow_user, deny_user, ensure_user
from bot.storage.repo_vehicles import (
    ShareOutcome,
    default_vehicle,
    get_user_vehicle,
    grant_share,
    list_shares,
    list_user_vehicles,
    rename_vehicle,
    revoke_share,
    set_default_vehicle,
    sync_vehicles,
    user_with_cars,
)
from tests.db_fixtures import HeldCommitDatabase, make_vin, seed_owner


async def test_sync_adds_updates_and_removes_cars_and_keeps_the_default(
    db: Database, cipher: CredentialCipher
) -> None:
    account, cars = await seed_owner(db, cipher, vins=[make_vin(1), make_vin(2)])
    assert [c.vin for c in cars] == [make_vin(1), make_vin(2)]
    assert not any(c.is_default for c in cars)  # two cars: the user picks
    assert await set_default_vehicle(db, user_id=1001, vehicle_id=cars[1].id)

    updated = await sync_vehicles(
        db,
        account_id=account.id,
        vehicles=[
            Vehicle(vin=make_vin(2), model=CarModel.SMART_5, plate="M-SM 5"),
            Vehicle(vin=make_vin(3), model=CarModel.SMART_3),
        ],
    )
    by_vin = {c.vin: c for c in updated}
    assert set(by_vin) == {make_vin(2), make_vin(3)}
    assert by_vin[make_vin(2)].id == cars[1].id
    assert (by_vin[make_vin(2)].model, by_vin[make_vin(2)].plate) == (CarModel.SMART_5, "M-SM 5")
    assert by_vin[make_vin(2)].is_default
    assert await get_vehicle_state(db, vehicle_id=cars[0].id) is None
    assert await get_vehicle_state(db, vehicle_id=by_vin[make_vin(3)].id) is not None


async def test_the_only_car_is_the_default_and_gets_a_readable_label(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher)
    car = await default_vehicle(db, user_id=1001)
    assert car is not None
    assert car.id == cars[0].id
    assert car.label == "Blue #1"
    assert await rename_vehicle(db, owner_user_id=1001, vehicle_id=car.id, name="Bluey")
    renamed = await get_user_vehicle(db, user_id=1001, vehicle_id=car.id)
    assert renamed is not None
    assert renamed.label == "Bluey"


async def test_a_shared_car_is_reachable_until_the_share_is_revoked(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1)
    car_id = cars[0].id
    await allow_user(db, user_id=2)
    await ensure_user(db, user_id=3)  # known but not allowed

    assert await grant_share(db, owner_user_id=1, vehicle_id=car_id, user_id=2) == "granted"
    assert await grant_share(db, owner_user_id=1, vehicle_id=car_id, user_id=2) == "already"
    assert await grant_share(db, owner_user_id=1, vehicle_id=car_id, user_id=3) == "not_allowed"
    assert await grant_share(db, owner_user_id=2, vehicle_id=car_id, user_id=2) == "self"
    assert (
        await grant_share(db, owner_user_id=2, vehicle_id=car_id, user_id=1)
        == ShareOutcome.NOT_OWNER
    )

    shared = await get_user_vehicle(db, user_id=2, vehicle_id=car_id)
    assert shared is not None
    assert (shared.owned, shared.owner_user_id) == (False, 1)
    assert [s.user_id for s in await list_shares(db, owner_user_id=1)] == [2]
    assert await get_user_vehicle(db, user_id=3, vehicle_id=car_id) is None

    assert not await revoke_share(db, owner_user_id=2, vehicle_id=car_id, user_id=2)
    assert await revoke_share(db, owner_user_id=1, vehicle_id=car_id, user_id=2)
    assert await get_user_vehicle(db, user_id=2, vehicle_id=car_id) is None


async def test_a_user_reaches_own_and_shared_cars_and_picks_a_default_among_them(
    db: Database, cipher: CredentialCipher
) -> None:
    _, own = await seed_owner(db, cipher, user_id=1, vins=[make_vin(1)])
    _, other = await seed_owner(db, cipher, user_id=2, vins=[make_vin(2)])
    await grant_share(db, owner_user_id=2, vehicle_id=other[0].id, user_id=1)
    cars = await list_user_vehicles(db, user_id=1)
    assert [(c.vin, c.owned) for c in cars] == [(make_vin(1), True), (make_vin(2), False)]

    assert await set_default_vehicle(db, user_id=1, vehicle_id=other[0].id)
    chosen = await default_vehicle(db, user_id=1)
    assert chosen is not None
    assert chosen.id == other[0].id
    assert await set_default_vehicle(db, user_id=1, vehicle_id=own[0].id)
    flags = {c.id: c.is_default for c in await list_user_vehicles(db, user_id=1)}
    assert flags == {own[0].id: True, other[0].id: False}
    # The owner's own default is untouched by user 1's choice.
    owner_default = await default_vehicle(db, user_id=2)
    assert owner_default is not None
    assert owner_default.id == other[0].id
    # Nobody may pick a car they cannot reach.
    assert not await set_default_vehicle(db, user_id=3, vehicle_id=own[0].id)


async def test_the_user_and_their_cars_come_together_and_only_while_allowed(
    db: Database, cipher: CredentialCipher
) -> None:
    _, own = await seed_owner(db, cipher, user_id=1, vins=[make_vin(1)])
    _, other = await seed_owner(db, cipher, user_id=2, vins=[make_vin(2)])
    await grant_share(db, owner_user_id=2, vehicle_id=other[0].id, user_id=1)
    user, cars = await user_with_cars(db, user_id=1)
    assert user is not None
    assert user.allowed
    assert cars == await list_user_vehicles(db, user_id=1)
    assert [(c.id, c.owned) for c in cars] == [(own[0].id, True), (other[0].id, False)]

    assert await user_with_cars(db, user_id=99) == (None, [])
    await deny_user(db, user_id=1)
    user, cars = await user_with_cars(db, user_id=1)
    assert user is not None
    assert not user.allowed
    assert cars == []


async def test_logging_in_an_account_never_takes_the_default_from_a_shared_car(
    db: Database, cipher: CredentialCipher
) -> None:
    _, other = await seed_owner(db, cipher, user_id=2, vins=[make_vin(2)])
    await allow_user(db, user_id=1, display_name="user 1")
    await grant_share(db, owner_user_id=2, vehicle_id=other[0].id, user_id=1)
    assert await set_default_vehicle(db, user_id=1, vehicle_id=other[0].id)

    _, own = await seed_owner(db, cipher, user_id=1, vins=[make_vin(3)])

    flags = {c.id: c.is_default for c in await list_user_vehicles(db, user_id=1)}
    assert flags == {other[0].id: True, own[0].id: False}


async def test_the_gates_read_does_not_wait_for_another_replicas_open_write(
    db: Database, cipher: CredentialCipher
) -> None:
    await seed_owner(db, cipher, user_id=1001)
    writer = HeldCommitDatabase(db.url)
    try:
        held = asyncio.create_task(allow_user(writer, user_id=2002, display_name="Ben"))
        await writer.work_done.wait()  # its transaction is open, not committed
        user, cars = await asyncio.wait_for(user_with_cars(db, user_id=1001), timeout=5)
        assert user is not None
        assert user.allowed
        assert len(cars) == 1
        assert await user_with_cars(db, user_id=2002) == (None, []), "nothing uncommitted"
        writer.release.set()
        await held
    finally:
        writer.release.set()
        await writer.dispose()
