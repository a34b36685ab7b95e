"""Names a car's position for one user: their saved place there first (the nearest whose
radius holds it), else the offline reverse geocoder's town (`bot.tg.places`)."""

from __future__ import annotations

import asyncio

from bot.smart.geo import distance_m
from bot.storage import repo_places
from bot.storage.db import Database
from bot.storage.repo_places import Place
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
