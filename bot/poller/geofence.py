"""Is the car at a saved place? A pure decision with hysteresis against GPS jitter.

A car *arrives* when it is parked within the place's radius, and *leaves* only once it is
beyond a larger radius (`exit_radius_m`) while driving, or far beyond it (a tow). A car
parked on the edge of a place therefore never flaps: jitter inside the band between the two
radii changes nothing, and a parked car's jitter beyond it does not count either. The one
great-circle distance (`bot.poller.rules.distance_m`, haversine) is used everywhere, so the
antimeridian and the poles are not special cases.
"""

from __future__ import annotations

from enum import StrEnum

from bot.poller.rules import is_driving
from bot.smart.geo import distance_m
from bot.smart.models import VehicleStatus

EXIT_FACTOR = 1.5  # leave only beyond 1.5 x the radius ...
EXIT_MARGIN_M = 50.0  # ... and at least 50 m beyond it (a small radius, a poor fix)
TOW_FACTOR = 3.0  # a parked car this far beyond the exit radius has left (towed, carried)


class Move(StrEnum):
    """What the car did at a place in this poll."""

    NONE = "none"
    FIRST = "first"  # first sight: the presence is recorded, nothing is said
    ARRIVED = "arrived"
    LEFT = "left"


def exit_radius_m(radius_m: float) -> float:
    """The distance beyond which a car has left a place of this radius."""
    return max(radius_m * EXIT_FACTOR, radius_m + EXIT_MARGIN_M)


def decide(
    inside: bool | None, status: VehicleStatus, *, place: tuple[float, float], radius_m: float
) -> tuple[Move, bool | None]:
    """The move and the new presence (`inside`), from the last presence and this status."""
    if status.latitude is None or status.longitude is None:
        return Move.NONE, inside
    distance = distance_m(place, (status.latitude, status.longitude))
    driving = is_driving(status)
    if inside is None:
        if distance <= radius_m:
            return Move.FIRST, True
        if distance > exit_radius_m(radius_m):
            return Move.FIRST, False
        return Move.NONE, None  # in the band: wait until it is clear
    if not inside:
        if distance <= radius_m and not driving:
            return Move.ARRIVED, True
        return Move.NONE, False
    far = exit_radius_m(radius_m)
    if distance > far and (driving or distance > far * TOW_FACTOR):
        return Move.LEFT, False
    return Move.NONE, True
