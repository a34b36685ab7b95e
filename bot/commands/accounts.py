"""Connecting a Smart account: log in, store the encrypted credentials and tokens, list the
cars. The chat's /login conversation collects the answers; this does the rest."""

from __future__ import annotations

from datetime import datetime

from bot.commands.clients import ClientPool
from bot.smart.const import Region
from bot.storage import repo_accounts, repo_vehicles
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import CarRecord


async def connect_account(
    db: Database,
    clients: ClientPool,
    *,
    cipher: CredentialCipher,
    user_id: int,
    region: Region,
    email: str,
    password: str,
    now: datetime,
) -> list[CarRecord]:
    """Log in to the cloud and store the account with its cars; returns the cars.

    A client cached for an earlier login of the account is dropped, so the next call uses the
    new session.

    Raises:
        SmartAPIError: the cloud refused the login or could not be reached.
    """
    client = clients.new_client(region)
    try:
        tokens = await client.login(email, password)
        vehicles = await client.list_vehicles()
    finally:
        await client.aclose()
    account = await repo_accounts.save_account(
        db,
        cipher=cipher,
        user_id=user_id,
        region=region.value,
        email=email,
        password=password,
        tokens=tokens,
        device_id=tokens.device_id,
        now=now,
    )
    cars = await repo_vehicles.sync_vehicles(db, account_id=account.id, vehicles=vehicles, now=now)
    await clients.forget(account.id)
    return cars
