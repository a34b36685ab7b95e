"""Comfort use cases: the user's climate preset ("warm car" in one command) and seat heat
that rides in the climate command while climate runs.

`warm_car_request` is the one entry for every caller that warms (or cools) a car with the
user's preset: `/climate 22 seats`, the preset button on the status card, and a bot-side
schedule. It reads the stored preset and builds the request for the `warm_car` action, which
the runner sends as one command (one RCE_2 with temperature and seat/wheel levels on a
smart #1/#3; RCE_2 and one ZAF request per heated seat on a #5) under one cool-down::

    request = await warm_car_request(db, user_id=..., car=car, source="schedule")
    await runner.start(request, reporter)
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.commands.clients import ClientPool
from bot.commands.errors import UnsupportedActionError
from bot.commands.runner import CommandRequest, command_request
from bot.commands.status import latest_status
from bot.smart.commands import CLIMATE_TEMP_RANGE, MAX_LEVEL, RCE_HEAT_TARGETS
from bot.smart.models import CarModel
from bot.storage import repo_presets
from bot.storage.db import Database
from bot.storage.records import CarRecord, ClimatePreset

PRESET_SEATS = ("driver", "passenger", "wheel")
TEMP_STEP = 0.5


async def get_preset(db: Database, *, user_id: int) -> ClimatePreset:
    """The user's climate preset (21 °C and no heat until they choose)."""
    return await repo_presets.get_preset(db, user_id=user_id)


async def change_preset(
    db: Database, *, user_id: int, change: str, now: datetime | None = None
) -> ClimatePreset:
    """Apply one change and store the result: "temp+" / "temp-" (0.5 °C within 16-30 °C) or
    "<seat>" (driver, passenger, wheel: the next level 0 → 1 → 2 → 3 → 0). Anything else
    leaves the preset as it was."""
    preset = await get_preset(db, user_id=user_id)
    low, high = CLIMATE_TEMP_RANGE
    if change in ("temp+", "temp-"):
        step = TEMP_STEP if change == "temp+" else -TEMP_STEP
        preset = replace(preset, temp_c=min(high, max(low, preset.temp_c + step)))
    elif change in PRESET_SEATS:
        level = (getattr(preset, change) + 1) % (MAX_LEVEL + 1)
        preset = replace(preset, **{change: level})
    else:
        return preset
    await repo_presets.set_preset(db, user_id=user_id, preset=preset, now=now)
    return preset


def preset_request(
    *,
    user_id: int,
    car: CarRecord,
    preset: ClimatePreset,
    temp_c: float | None = None,
    minutes: int | None = None,
    source: str = "command",
) -> CommandRequest:
    """The `warm_car` request for `preset` (`temp_c` overrides its temperature).

    Raises:
        UnsupportedActionError: the car's model has no climate.
    """
    params: dict[str, object] = {
        "temp_c": float(temp_c if temp_c is not None else preset.temp_c),
        "heat": preset.heat,
    }
    if minutes is not None:
        params["minutes"] = minutes
    return command_request(
        user_id=user_id, car=car, name="warm_car", params=dict(params), source=source
    )


async def warm_car_request(
    db: Database,
    *,
    user_id: int,
    car: CarRecord,
    temp_c: float | None = None,
    minutes: int | None = None,
    source: str = "command",
) -> CommandRequest:
    """Read the user's preset and build the one-command warm-up for `car` (see the module
    docstring). `temp_c` (16-30 °C) overrides the preset's temperature; a low one with no
    heat in the preset is "cool car"."""
    preset = await get_preset(db, user_id=user_id)
    return preset_request(
        user_id=user_id, car=car, preset=preset, temp_c=temp_c, minutes=minutes, source=source
    )


async def seat_heat_request(
    db: Database,
    clients: ClientPool,
    *,
    user_id: int,
    car: CarRecord,
    params: dict[str, object],
    source: str = "command",
) -> CommandRequest:
    """The `seat_heat` request. A #1/#3 heats only the front seats and the wheel; while its
    climate runs, the seat rides in the climate command at the preset's temperature (a seat
    command on its own would end the climate). A #5 heats all four seats through ZAF.

    Raises:
        UnsupportedActionError: a rear seat on a #1/#3.
    """
    request = command_request(
        user_id=user_id, car=car, name="seat_heat", params=params, source=source
    )
    if car.model is CarModel.SMART_5:
        return request
    if params.get("seat") not in RCE_HEAT_TARGETS:
        raise UnsupportedActionError(model=car.model.value, command=request.action.command)
    status = await latest_status(db, clients, car)
    if status is not None and status.climate_on:
        preset = await get_preset(db, user_id=user_id)
        return replace(request, params={**params, "climate_temp_c": preset.temp_c})
    return request
