"""Cars: the account's vehicle list, the default car, and sharing a car with another user.

A user reaches their own cars (those of their Smart account) and cars shared with them;
`get_user_vehicle` is the server-side check every button press goes through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, delete, false, true, union_all, update
from sqlalchemy import select as core_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import BindParameter
from sqlmodel import col, select

from bot.smart.models import CarModel, Vehicle
from bot.storage.db import Database
from bot.storage.records import CarRecord, ShareRecord, UserRecord
from bot.storage.repo_users import user_record
from bot.storage.tables import SmartAccount, User, VehicleRow, VehicleShare, VehicleState
from bot.storage.types import now_or


class ShareOutcome(StrEnum):
    """Result of `grant_share`."""

    GRANTED = "granted"
    ALREADY = "already"
    NOT_OWNER = "not_owner"  # the car is not one of the granting user's own cars
    NOT_ALLOWED = "not_allowed"  # the other user is unknown or not on the allowlist
    SELF = "self"


def parse_car_model(value: str) -> CarModel:
    """The model stored as text; unknown text gives `CarModel.UNKNOWN`."""
    try:
        return CarModel(value)
    except ValueError:
        return CarModel.UNKNOWN


def _car(row: VehicleRow, owner_user_id: int, *, owned: bool, is_default: bool) -> CarRecord:
    assert row.id is not None  # noqa: S101
    return CarRecord(
        id=row.id,
        account_id=row.account_id,
        owner_user_id=owner_user_id,
        vin=row.vin,
        model=parse_car_model(row.model),
        series_code=row.series_code,
        model_name=row.model_name,
        color_name=row.color_name,
        plate=row.plate,
        name=row.name,
        is_default=is_default,
        owned=owned,
    )


def _own_query() -> Any:
    return select(VehicleRow, SmartAccount.user_id).join(
        SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id)
    )


async def sync_vehicles(
    db: Database, *, account_id: int, vehicles: Sequence[Vehicle], now: datetime | None = None
) -> list[CarRecord]:
    """Make the account's cars match the cloud's vehicle list; returns them.

    New cars get a state row due for polling now; cars gone from the list are deleted with
    their state, shares and alert settings. The default car is kept; when the user has none
    (neither among these cars nor among the cars shared with them), the cloud's default (or
    the only car) becomes it.
    """
    now = now_or(now)
    vins = [v.vin for v in vehicles]
    async with db.session() as session:
        for vehicle in vehicles:
            values: dict[str, object] = {
                "model": str(vehicle.model),
                "series_code": vehicle.series_code[:32],
                "model_name": vehicle.model_name[:64],
                "color_name": vehicle.color_name[:64],
                "plate": vehicle.plate[:32],
                "updated_at": now,
            }
            stmt = db.insert(VehicleRow).values(
                account_id=account_id, vin=vehicle.vin, created_at=now, **values
            )
            await session.execute(
                stmt.on_conflict_do_update(index_elements=["account_id", "vin"], set_=values)
            )
        await session.execute(
            delete(VehicleRow)
            .where(col(VehicleRow.account_id) == account_id)
            .where(col(VehicleRow.vin).not_in(vins))
        )
        rows = list(
            (
                await session.execute(
                    select(VehicleRow)
                    .where(col(VehicleRow.account_id) == account_id)
                    .order_by(col(VehicleRow.id)),
                    execution_options={"populate_existing": True},
                )
            ).scalars()
        )
        for row in rows:
            state = db.insert(VehicleState).values(vehicle_id=row.id, next_poll_at=now)
            await session.execute(state.on_conflict_do_nothing(index_elements=["vehicle_id"]))
        owner = await session.get(SmartAccount, account_id)
        owner_id = owner.user_id if owner else 0
        if rows and not any(row.is_default for row in rows):
            shared_default = (
                await session.execute(
                    select(col(VehicleShare.vehicle_id)).where(
                        col(VehicleShare.user_id) == owner_id, col(VehicleShare.is_default)
                    )
                )
            ).first()
            wanted = {v.vin for v in vehicles if v.default}
            chosen = next((r for r in rows if r.vin in wanted), rows[0] if len(rows) == 1 else None)
            if chosen is not None and shared_default is None:  # never over the user's choice
                chosen.is_default = True
        return [_car(row, owner_id, owned=True, is_default=row.is_default) for row in rows]


async def get_vehicle(db: Database, *, vehicle_id: int) -> CarRecord | None:
    """The car as its owner sees it, or None."""
    async with db.session() as session:
        found = (
            await session.execute(_own_query().where(col(VehicleRow.id) == vehicle_id))
        ).first()
        if found is None:
            return None
        row, owner_id = found
        return _car(row, owner_id, owned=True, is_default=row.is_default)


_CAR_COLUMNS: tuple[Any, ...] = (
    *(
        col(getattr(VehicleRow, name)).label(f"car_{name}")
        for name in (
            "id",
            "account_id",
            "vin",
            "model",
            "series_code",
            "model_name",
            "color_name",
            "plate",
            "name",
        )
    ),
    col(SmartAccount.user_id).label("car_owner_user_id"),
)


def _build_user_cars() -> Any:
    """A user's cars (columns `car_*`): own ones (by id) first, then shared ones (by id).

    Built once: constructing a union per call costs more than running it.
    """
    user_id: BindParameter[int] = bindparam("user_id")
    own = (
        core_select(
            *_CAR_COLUMNS,
            col(VehicleRow.is_default).label("car_chosen"),
            true().label("car_owned"),
            true().label("car_with_location"),
        )
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .where(col(SmartAccount.user_id) == user_id)
    )
    shared = (
        core_select(
            *_CAR_COLUMNS,
            col(VehicleShare.is_default).label("car_chosen"),
            false().label("car_owned"),
            col(VehicleShare.with_location).label("car_with_location"),
        )
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .join(VehicleShare, col(VehicleShare.vehicle_id) == col(VehicleRow.id))
        .where(col(VehicleShare.user_id) == user_id)
    )
    return union_all(own, shared).subquery("cars")


_CARS = _build_user_cars()
_USER_CARS = core_select(_CARS).order_by(_CARS.c.car_owned.desc(), _CARS.c.car_id)
# The user's row once per car (or once with empty car columns): the gate's one statement.
_USER_WITH_CARS = (
    core_select(User.__table__, _CARS)  # type: ignore[attr-defined]
    .select_from(User.__table__.outerjoin(_CARS, true()))  # type: ignore[attr-defined]
    .where(col(User.id) == bindparam("user_id"))
    .order_by(_CARS.c.car_owned.desc(), _CARS.c.car_id)
)


def _car_from(row: Any) -> CarRecord:
    return CarRecord(
        id=row.car_id,
        account_id=row.car_account_id,
        owner_user_id=row.car_owner_user_id,
        vin=row.car_vin,
        model=parse_car_model(row.car_model),
        series_code=row.car_series_code,
        model_name=row.car_model_name,
        color_name=row.car_color_name,
        plate=row.car_plate,
        name=row.car_name,
        is_default=bool(row.car_chosen),
        owned=bool(row.car_owned),
        with_location=bool(row.car_with_location),
    )


async def _user_cars(session: AsyncSession, user_id: int) -> list[CarRecord]:
    result = await session.execute(_USER_CARS, {"user_id": user_id})
    return [_car_from(row) for row in result]


async def list_user_vehicles(db: Database, *, user_id: int) -> list[CarRecord]:
    """The cars the user may use: their own first, then those shared with them."""
    async with db.session() as session:
        return await _user_cars(session, user_id)


async def user_with_cars(
    db: Database, *, user_id: int
) -> tuple[UserRecord | None, list[CarRecord]]:
    """The user and, when they are on the allowlist, their cars, in one statement.

    What the Telegram gate needs for every update (who it is, may they pass, which cars may
    they reach) in one round of the database instead of one per question.
    """
    async with db.read_once() as connection:  # one statement: one snapshot by itself
        rows = (await connection.execute(_USER_WITH_CARS, {"user_id": user_id})).all()
    if not rows:
        return None, []
    user = user_record(rows[0])
    if not user.allowed:
        return user, []
    return user, [_car_from(row) for row in rows if row.car_id is not None]


async def get_user_vehicle(db: Database, *, user_id: int, vehicle_id: int) -> CarRecord | None:
    """The car if the user may use it (own or shared), else None. Check every button press."""
    for car in await list_user_vehicles(db, user_id=user_id):
        if car.id == vehicle_id:
            return car
    return None


async def default_vehicle(db: Database, *, user_id: int) -> CarRecord | None:
    """The user's default car; the only car when they have exactly one; else None."""
    cars = await list_user_vehicles(db, user_id=user_id)
    chosen = next((car for car in cars if car.is_default), None)
    if chosen is None and len(cars) == 1:
        return cars[0]
    return chosen


async def set_default_vehicle(db: Database, *, user_id: int, vehicle_id: int) -> bool:
    """Make the car the user's default (own or shared). False when they may not use it."""
    car = await get_user_vehicle(db, user_id=user_id, vehicle_id=vehicle_id)
    if car is None:
        return False
    own_ids = (
        select(col(VehicleRow.id))
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .where(col(SmartAccount.user_id) == user_id)
    )
    async with db.session() as session:
        await session.execute(
            update(VehicleRow).where(col(VehicleRow.id).in_(own_ids)).values(is_default=False)
        )
        await session.execute(
            update(VehicleShare)
            .where(col(VehicleShare.user_id) == user_id)
            .values(is_default=False)
        )
        if car.owned:
            target: Any = update(VehicleRow).where(col(VehicleRow.id) == vehicle_id)
        else:
            target = update(VehicleShare).where(
                col(VehicleShare.user_id) == user_id, col(VehicleShare.vehicle_id) == vehicle_id
            )
        await session.execute(target.values(is_default=True))
    return True


async def rename_vehicle(
    db: Database, *, owner_user_id: int, vehicle_id: int, name: str | None
) -> bool:
    """Give one of the user's own cars a nickname (None: back to colour and model)."""
    car = await get_vehicle(db, vehicle_id=vehicle_id)
    if car is None or car.owner_user_id != owner_user_id:
        return False
    async with db.session() as session:
        await session.execute(
            update(VehicleRow)
            .where(col(VehicleRow.id) == vehicle_id)
            .values(name=name[:64] if name else None)
        )
    return True


async def grant_share(
    db: Database,
    *,
    owner_user_id: int,
    vehicle_id: int,
    user_id: int,
    with_location: bool = True,
    now: datetime | None = None,
) -> ShareOutcome:
    """Let another allowed user control one of the owner's cars; `with_location=False`
    hides its position from them (sharing again changes it)."""
    if user_id == owner_user_id:
        return ShareOutcome.SELF
    car = await get_vehicle(db, vehicle_id=vehicle_id)
    if car is None or car.owner_user_id != owner_user_id:
        return ShareOutcome.NOT_OWNER
    async with db.session() as session:
        grantee = await session.get(User, user_id)
        if grantee is None or not grantee.allowed:
            return ShareOutcome.NOT_ALLOWED
        stmt = db.insert(VehicleShare).values(
            vehicle_id=vehicle_id,
            user_id=user_id,
            granted_by=owner_user_id,
            with_location=with_location,
            created_at=now_or(now),
        )
        stmt = stmt.on_conflict_do_nothing(index_elements=["vehicle_id", "user_id"])
        result = await session.execute(stmt)
        if result.rowcount:  # type: ignore[attr-defined]
            return ShareOutcome.GRANTED
        await session.execute(
            update(VehicleShare)
            .where(col(VehicleShare.vehicle_id) == vehicle_id, col(VehicleShare.user_id) == user_id)
            .values(with_location=with_location)
        )
        return ShareOutcome.ALREADY


async def revoke_share(db: Database, *, owner_user_id: int, vehicle_id: int, user_id: int) -> bool:
    """Take a shared car away from a user. False when there was no such share."""
    car = await get_vehicle(db, vehicle_id=vehicle_id)
    if car is None or car.owner_user_id != owner_user_id:
        return False
    async with db.session() as session:
        result = await session.execute(
            delete(VehicleShare).where(
                col(VehicleShare.vehicle_id) == vehicle_id, col(VehicleShare.user_id) == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def list_shares(db: Database, *, owner_user_id: int) -> list[ShareRecord]:
    """Every share of the owner's cars."""
    query = (
        select(VehicleShare, VehicleRow.vin)
        .join(VehicleRow, col(VehicleRow.id) == col(VehicleShare.vehicle_id))
        .join(SmartAccount, col(SmartAccount.id) == col(VehicleRow.account_id))
        .where(col(SmartAccount.user_id) == owner_user_id)
        .order_by(col(VehicleShare.created_at))
    )
    async with db.session() as session:
        return [
            ShareRecord(
                vehicle_id=share.vehicle_id,
                vin=vin,
                user_id=share.user_id,
                granted_by=share.granted_by,
                created_at=share.created_at,
            )
            for share, vin in await session.execute(query)
        ]
