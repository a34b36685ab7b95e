"""The request a user asked for, ready for the runner: the one place that fills in what a
chat command leaves out and refuses what the car lacks.

- `warm_car` takes the user's climate preset (`bot.commands.comfort`);
- `seat_heat` on a #1/#3 rides in the climate command while climate runs;
- every action is refused when the car's model or its capability list lacks it;
- charging is refused at once when the car's last stored status says the cable is out
  (`bot.commands.preconditions`): `check_request_state`, a step of its own so that a caller
  that offers "Try anyway" keeps the request it prepared.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.commands.capabilities import CapabilityCache
from bot.commands.clients import ClientPool
from bot.commands.comfort import seat_heat_request, warm_car_request
from bot.commands.preconditions import check_stored_state
from bot.commands.runner import CommandRequest, command_request
from bot.storage.db import Database
from bot.storage.records import CarRecord


async def prepare_request(
    db: Database,
    clients: ClientPool,
    capabilities: CapabilityCache,
    *,
    user_id: int,
    car: CarRecord,
    name: str,
    params: dict[str, Any],
    source: str = "command",
) -> CommandRequest:
    """The request for action `name` with the parameters the user gave.

    Raises:
        KeyError: no such action (a programming error).
        UnsupportedActionError: the car's model or its capability list lacks it.
    """
    if name == "warm_car":
        request = await warm_car_request(
            db,
            user_id=user_id,
            car=car,
            temp_c=params.get("temp_c"),
            minutes=params.get("minutes"),
            source=source,
        )
    elif name == "seat_heat":
        request = await seat_heat_request(
            db, clients, user_id=user_id, car=car, params=params, source=source
        )
    else:
        request = command_request(user_id=user_id, car=car, name=name, params=params, source=source)
    await capabilities.require(car, request.action)
    return request


async def check_request_state(
    db: Database, request: CommandRequest, *, now: datetime, stale: timedelta
) -> None:
    """Refuse `request` when the car's last stored status says it cannot work; a status
    older than `stale` makes the refusal `stale` (it may be sent anyway).

    Raises:
        StateRefusedError: the stored status says it cannot work.
    """
    await check_stored_state(db, request.car, request.action.name, now=now, stale=stale)
