"""The place decision: one great-circle distance everywhere (the antimeridian and the poles
are not special), hysteresis at a place's edge, the parked/driving state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.poller.geofence import Move, decide, exit_radius_m
from bot.poller.places import next_reminder
from bot.smart.geo import distance_m
from bot.smart.models import VehicleStatus

HOME = (52.5200, 13.4050)
METRE_LAT = 1 / 111_195  # degrees of latitude per metre


def parked(metres_north: float, *, at: tuple[float, float] = HOME) -> VehicleStatus:
    return VehicleStatus(latitude=at[0] + metres_north * METRE_LAT, longitude=at[1], speed_kmh=0)


def driving(metres_north: float) -> VehicleStatus:
    return VehicleStatus(
        latitude=HOME[0] + metres_north * METRE_LAT, longitude=HOME[1], engine_running=True
    )


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((0.0, 179.9995), (0.0, -179.9995), 111.2),  # across the antimeridian: 0.001°
        ((89.9995, 0.0), (89.9995, 180.0), 111.2),  # over the north pole
        ((-90.0, 0.0), (-90.0, 123.0), 0.0),  # the south pole is one point
        ((52.52, 13.405), (52.52, 13.405), 0.0),
    ],
)
def test_the_distance_is_the_short_way_round_at_the_antimeridian_and_the_poles(
    a: tuple[float, float], b: tuple[float, float], metres: float
) -> None:
    assert distance_m(a, b) == pytest.approx(metres, abs=0.5)


def test_a_place_across_the_antimeridian_holds_a_car_on_the_other_side() -> None:
    fiji = (-16.5, 179.9995)
    car = VehicleStatus(latitude=-16.5, longitude=-179.9995, speed_kmh=0)
    assert decide(False, car, place=fiji, radius_m=150) == (Move.ARRIVED, True)


def test_a_car_parked_on_the_edge_never_flaps_whatever_the_jitter() -> None:
    inside: bool | None = None
    moves = []
    for metres in [140, 160, 149, 230, 151, 120, 220, 155, 140, 240, 260, 145]:
        move, inside = decide(inside, parked(metres), place=HOME, radius_m=150)
        moves.append(move)
    assert Move.ARRIVED not in moves
    assert Move.LEFT not in moves
    assert moves[0] is Move.FIRST
    assert inside is True


def test_arrival_needs_the_car_parked_inside_and_departure_driving_beyond_the_larger_radius() -> (
    None
):
    assert exit_radius_m(150) == 225
    assert decide(False, driving(100), place=HOME, radius_m=150) == (Move.NONE, False)
    assert decide(False, parked(100), place=HOME, radius_m=150) == (Move.ARRIVED, True)
    assert decide(True, driving(200), place=HOME, radius_m=150) == (Move.NONE, True)
    assert decide(True, driving(230), place=HOME, radius_m=150) == (Move.LEFT, False)
    assert decide(True, parked(600), place=HOME, radius_m=150) == (Move.NONE, True)
    assert decide(True, parked(700), place=HOME, radius_m=150) == (Move.LEFT, False)  # a tow


def test_no_position_changes_nothing() -> None:
    assert decide(True, VehicleStatus(), place=HOME, radius_m=150) == (Move.NONE, True)


def test_the_reminder_is_due_at_the_local_time_across_a_dst_change() -> None:

    berlin = ZoneInfo("Europe/Berlin")
    before = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # Saturday; clocks go forward Sunday
    first = next_reminder(21 * 60, berlin, before)
    assert first == datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # 21:00 CET
    second = next_reminder(21 * 60, berlin, first)
    assert second == datetime(2026, 3, 29, 19, 0, tzinfo=UTC)  # 21:00 CEST
    assert second - first == timedelta(hours=23)
