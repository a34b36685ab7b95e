"""Names a car's position for one user: their saved place there first (the nearest whose
radius holds it), else the offline reverse geocoder's town (`bot.tg.places`)."""

from __future__ import annotations

import asyncio

from bot.smart.geo import distance_m
from bot.storage import repo_places, repo_vehicles
from bot.storage.db import Database
from bot.storage.records_places import Place
from bot.tg.places import PlaceNamer, Places

NAMER: Places = PlaceNamer()  # one per process: the geocoder's data is loaded once


def saved_place(places: list[Place], latitude: float, longitude: float) -> Place | None:
    """The nearest of `places` whose radius holds the position."""
    inside = [
        (distance_m(p.point, (latitude, longitude)), p.id, p)
        for p in places
        if distance_m(p.point, (latitude, longitude)) <= p.radius_m
    ]
    return min(inside)[2] if inside else None


async def describe(
    db: Database,
    *,
    user_id: int,
    vehicle_id: int | None,
    latitude: float,
    longitude: float,
    namer: Places | None = None,
) -> str | None:
    """The user's place ("Home", "School") or the nearest town ("Munich"), else None."""
    places = [
        p
        for p in await repo_places.list_places(db, user_id=user_id)
        if vehicle_id is None or p.vehicle_id == vehicle_id
    ]
    place = saved_place(places, latitude, longitude)
    if place is not None:
        return place.name
    return await asyncio.to_thread((namer or NAMER).name, latitude, longitude)


class _SavedFirst:
    """The user's saved place at a position, else the fallback's name."""

    def __init__(self, places: list[Place], fallback: Places) -> None:
        self._places = places
        self._fallback = fallback

    def name(self, latitude: float, longitude: float) -> str | None:
        place = saved_place(self._places, latitude, longitude)
        return place.name if place is not None else self._fallback.name(latitude, longitude)


class _Hidden:
    """Names nothing: the car is shared with the user without location."""

    def name(self, latitude: float, longitude: float) -> str | None:  # noqa: ARG002
        return None


async def for_user(db: Database, fallback: Places, user_id: int, vehicle_id: int | None) -> Places:
    """How this user names the car's positions: their saved places first (issue 15's
    summaries and trips), nothing at all when they may not see the car's position."""
    if vehicle_id is not None:
        car = await repo_vehicles.get_user_vehicle(db, user_id=user_id, vehicle_id=vehicle_id)
        if car is not None and not car.with_location:
            return _Hidden()
    places = [
        p
        for p in await repo_places.list_places(db, user_id=user_id)
        if vehicle_id is None or p.vehicle_id == vehicle_id
    ]
    return _SavedFirst(places, fallback)
