"""Seeding the bot's database with a fleet of logged-in users, one car each, fast.

The first user of each batch goes through the storage layer (`allow_user`, `save_account`,
`sync_vehicles`), exactly as a /login stores it. The rest of the batch are copies of those
rows with their own ids, VIN, e-mail and encrypted session, written in one transaction:
10,000 users through the repositories one by one would take longer than the benchmark.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy import func, insert, select

from bench import simproc
from bot.smart.const import Region
from bot.smart.models import CarModel, Tokens, Vehicle
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_accounts import save_account
from bot.storage.repo_users import allow_user
from bot.storage.repo_vehicles import sync_vehicles
from bot.storage.tables import SmartAccount, User, VehicleRow, VehicleState

FIRST_USER = 100_000


def _tokens(index: int, entry: dict[str, Any]) -> Tokens:
    return Tokens(
        region=Region.EU,
        device_id=f"bench-device-{index}",
        user_id=entry["user_id"],
        client_id=entry["client_id"],
        access_token=entry["access_token"],
        refresh_token=entry["refresh_token"],
        expires_at=entry["expires_at"],
    )


async def _store_one(
    db: Database, cipher: CredentialCipher, index: int, entry: dict[str, Any]
) -> None:
    now = datetime.now(UTC)
    user_id = FIRST_USER + index
    tokens = _tokens(index, entry)
    await allow_user(db, user_id=user_id, display_name=f"user {index}", now=now)
    account = await save_account(
        db,
        cipher=cipher,
        user_id=user_id,
        region=str(Region.EU),
        email=entry["email"],
        password=simproc.PASSWORD,
        tokens=tokens,
        device_id=tokens.device_id,
        now=now,
    )
    vehicle = Vehicle(vin=entry["vin"], model=CarModel(entry["model"]), default=True)
    await sync_vehicles(db, account_id=account.id, vehicles=[vehicle], now=now)


async def seed_fleet(db_url: str, key: str, accounts: list[dict[str, Any]], start: int) -> None:
    """Store users `start..len(accounts)` with their account session and car."""
    if start >= len(accounts):
        return
    db = Database(db_url)
    cipher = CredentialCipher([SecretStr(key)])
    users, smart, cars, states = (
        User.__table__,  # type: ignore[attr-defined]
        SmartAccount.__table__,  # type: ignore[attr-defined]
        VehicleRow.__table__,  # type: ignore[attr-defined]
        VehicleState.__table__,  # type: ignore[attr-defined]
    )
    try:
        await _store_one(db, cipher, start, accounts[start])
        async with db.session() as session:
            user = (
                (await session.execute(select(users).where(users.c.id == FIRST_USER + start)))
                .mappings()
                .one()
            )
            account = (
                (await session.execute(select(smart).where(smart.c.user_id == user["id"])))
                .mappings()
                .one()
            )
            car = (
                (await session.execute(select(cars).where(cars.c.account_id == account["id"])))
                .mappings()
                .one()
            )
            state = (
                (await session.execute(select(states).where(states.c.vehicle_id == car["id"])))
                .mappings()
                .one()
            )
            next_account = (await session.execute(select(func.max(smart.c.id)))).scalar_one() + 1
            next_car = (await session.execute(select(func.max(cars.c.id)))).scalar_one() + 1
            rows: dict[str, list[dict[str, Any]]] = {
                "users": [],
                "smart": [],
                "cars": [],
                "states": [],
            }
            for offset, index in enumerate(range(start + 1, len(accounts))):
                entry = accounts[index]
                account_id, car_id = next_account + offset, next_car + offset
                rows["users"].append(
                    {**user, "id": FIRST_USER + index, "display_name": f"user {index}"}
                )
                rows["smart"].append(
                    {
                        **account,
                        "id": account_id,
                        "user_id": FIRST_USER + index,
                        "email_enc": cipher.encrypt(entry["email"]),
                        "tokens_enc": cipher.encrypt(_tokens(index, entry).to_json()),
                        "device_id": f"bench-device-{index}",
                    }
                )
                rows["cars"].append(
                    {
                        **car,
                        "id": car_id,
                        "account_id": account_id,
                        "vin": entry["vin"],
                        "model": entry["model"],
                    }
                )
                rows["states"].append({**state, "vehicle_id": car_id})
            for table, key_name in (
                (users, "users"),
                (smart, "smart"),
                (cars, "cars"),
                (states, "states"),
            ):
                if rows[key_name]:
                    await session.execute(insert(table), rows[key_name])
    finally:
        await db.dispose()
