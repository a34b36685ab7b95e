"""Which car a user means: by name, plate or model, else their default, else their only car.

Every lookup goes through storage's per-user queries, so a user only ever reaches their own
cars and cars shared with them, whatever a message or a button says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.commands.errors import (
    AmbiguousCarError,
    CarGoneError,
    CarNotChosenError,
    NotLoggedInError,
    UnknownCarError,
)
from bot.storage import repo_vehicles
from bot.storage.db import Database
from bot.storage.records import CarRecord

_SPACES = re.compile(r"[\s_-]+")


def _norm(text: str) -> str:
    return _SPACES.sub("", text).casefold()


def _keys(car: CarRecord) -> set[str]:
    keys = {_norm(car.label), _norm(car.plate), _norm(car.model.value)}
    if car.name:
        keys.add(_norm(car.name))
    if car.color_name:
        keys.add(_norm(car.color_name))
        keys.update(_norm(word) for word in car.colour.split())
    keys.add(_norm(car.vin[-6:]))
    return {key for key in keys if key}


def match_cars(cars: Sequence[CarRecord], query: str) -> list[CarRecord]:
    """Cars matching `query` exactly (name, plate, colour, model, VIN end), else by prefix."""
    wanted = _norm(query)
    if not wanted:
        return []
    exact = [car for car in cars if wanted in _keys(car)]
    if exact:
        return exact
    return [car for car in cars if any(key.startswith(wanted) for key in _keys(car))]


def names_of(cars: Sequence[CarRecord]) -> str:
    """The cars' names for a hint, comma separated."""
    return ", ".join(car.label for car in cars)


async def _reachable(
    db: Database, user_id: int, known: Sequence[CarRecord] | None
) -> Sequence[CarRecord]:
    if known is not None:
        return known
    return await repo_vehicles.list_user_vehicles(db, user_id=user_id)


async def resolve_car(
    db: Database,
    *,
    user_id: int,
    query: str,
    command: str,
    known: Sequence[CarRecord] | None = None,
) -> CarRecord:
    """The car the user means.

    Args:
        db: the database.
        user_id: the asking user.
        query: the words naming the car ("" for none).
        command: the command asked for, for the example in the refusal.
        known: the user's cars when already read (the gate reads them); None reads them.

    Raises:
        NotLoggedInError: the user has no car at all.
        UnknownCarError, AmbiguousCarError, CarNotChosenError: the words (or their absence)
            do not name one car; each carries what to say instead.
    """
    cars = await _reachable(db, user_id, known)
    if not cars:
        raise NotLoggedInError
    if query.strip():
        found = match_cars(cars, query)
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnknownCarError(
                query=query, names=names_of(cars), command=command, car=cars[0].label
            )
        raise AmbiguousCarError(query=query, names=names_of(found))
    default = next((car for car in cars if car.is_default), None)
    if default is not None:
        return default
    if len(cars) == 1:
        return cars[0]
    raise CarNotChosenError(command=command, car=cars[0].label)


async def reachable_car(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int | None,
    known: Sequence[CarRecord] | None = None,
) -> CarRecord:
    """The car a button or a confirmation names, re-checked against what the user may reach.

    `known` is the user's cars when already read; None reads them.

    Raises:
        CarGoneError: no such car, or the user may no longer reach it.
    """
    car = None
    if vehicle_id is not None:
        cars = await _reachable(db, user_id, known)
        car = next((car for car in cars if car.id == vehicle_id), None)
    if car is None:
        raise CarGoneError
    return car
