"""Reading a car's status: live from the cloud, or the poller's last one when the cloud
cannot answer."""

from __future__ import annotations

import logging

from bot.commands.clients import ClientPool
from bot.smart.errors import SmartAPIError
from bot.smart.models import VehicleStatus
from bot.storage import repo_polls
from bot.storage.db import Database
from bot.storage.records import CarRecord

_LOGGER = logging.getLogger(__name__)


async def live_status(clients: ClientPool, car: CarRecord) -> VehicleStatus:
    """The car's status as the cloud has it now (or had it a few seconds ago: reads of a car
    are coalesced and have a deadline, `bot.commands.reads`).

    Raises:
        SmartAPIError: the cloud could not answer.
        NotLoggedInError: the car's account was removed meanwhile.
    """
    client = await clients.for_account(car.account_id)
    return await clients.status_reads.read(
        (car.account_id, car.vin), lambda: client.get_status(car.vin)
    )


async def latest_status(db: Database, clients: ClientPool, car: CarRecord) -> VehicleStatus | None:
    """The car's status from the cloud, else the poller's last one, else None."""
    try:
        return await live_status(clients, car)
    except SmartAPIError as exc:
        _LOGGER.info("live status unavailable (%s); using the stored one", type(exc).__name__)
    state = await repo_polls.get_vehicle_state(db, vehicle_id=car.id)
    return state.status if state is not None else None
