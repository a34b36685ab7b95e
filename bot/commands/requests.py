"""The request a user asked for, ready for the runner: the one place that fills in what a
chat command leaves out and refuses what the car lacks.

- `warm_car` takes the user's climate preset (`bot.commands.comfort`);
- `seat_heat` on a #1/#3 rides in the climate command while climate runs;
- every action is refused when the car's model or its capability list lacks it;
- charging is refused at once when the car's last stored status says the cable is out
  (`bot.commands.preconditions`), when the caller asks for that check.
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
    state_check: tuple[datetime, timedelta] | None = None,
) -> CommandRequest:
    """The request for action `name` with the parameters the user gave.

    With `state_check` (now, when a stored status counts as old) the car's last stored status
    is checked too.

    Raises:
        KeyError: no such action (a programming error).
        UnsupportedActionError: the car's model or its capability list lacks it.
        StateRefusedError: the stored status says it cannot work.
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
    if state_check is not None:
        now, stale = state_check
        await check_stored_state(db, car, request.action.name, now=now, stale=stale)
    return request
