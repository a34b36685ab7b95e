"""Sending a place to a car's navigation (a shared Telegram location or venue).

Not a telematics command: the car's cool-down does not apply and nothing can prove it
arrived beyond the cloud's answer. Every attempt is audited as `send_destination` with the
place's name only (never its coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.commands.clients import ClientPool
from bot.smart.errors import CommandRejectedError
from bot.storage import repo_audit
from bot.storage.db import Database
from bot.storage.records import CarRecord

ACTION = "send_destination"
NAME_LIMIT = 64
ADDRESS_LIMIT = 128


@dataclass(frozen=True, slots=True)
class Place:
    """A destination: decimal degrees, a name and (optionally) an address."""

    latitude: float
    longitude: float
    name: str
    address: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.name.strip()[:NAME_LIMIT])
        object.__setattr__(self, "address", self.address.strip()[:ADDRESS_LIMIT])


async def send_destination(
    db: Database,
    clients: ClientPool,
    *,
    user_id: int,
    car: CarRecord,
    place: Place,
    source: str = "button",
    now: datetime | None = None,
) -> str | None:
    """Send `place` to the car's navigation and audit it; returns the cloud's task id.

    Raises:
        CommandRejectedError: the cloud refused it.
        SmartAPIError, NotLoggedInError, CredentialsUndecryptableError: it could not be sent.
        ValueError: coordinates out of range or no name (nothing was sent).
    """
    result = "failed"
    error: Exception | None = None
    task_id: str | None = None
    try:
        client = await clients.for_account(car.account_id)
        answer = await client.send_destination(
            car.vin,
            latitude=place.latitude,
            longitude=place.longitude,
            name=place.name,
            address=place.address,
        )
        if not answer.accepted:
            raise CommandRejectedError(answer.message)
        result, task_id = "accepted", answer.task_id
    except CommandRejectedError as exc:
        result, error = "rejected", exc
        raise
    except Exception as exc:
        error = exc
        raise
    finally:
        await repo_audit.append_audit(
            db,
            user_id=user_id,
            vin=car.vin,
            action=ACTION,
            params={"name": place.name},
            source=source,
            result=result,
            error_class=type(error).__name__ if error is not None else None,
            request_id=task_id,
            now=now,
        )
    return task_id
