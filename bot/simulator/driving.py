"""Driving with the trip journal: `scenarios.start_driving` / `scenarios.drive`, and the
trip a car with recording on writes down (`trips`)."""

from __future__ import annotations

from bot.simulator import scenarios
from bot.simulator.model import VehicleState
from bot.simulator.trips import finish_trip, trip_start


def start_driving(vehicle: VehicleState, speed_kmh: float, *, now: float) -> None:
    """The car is on the road; a journal notes where and when it set off."""
    if vehicle.journal_enabled and not vehicle.driving:
        vehicle.trip_started = trip_start(
            now, vehicle.odometer_km, vehicle.latitude, vehicle.longitude
        )
    scenarios.start_driving(vehicle, speed_kmh)


def drive(
    vehicle: VehicleState,
    km: float,
    *,
    latitude: float | None,
    longitude: float | None,
    now: float,
) -> None:
    """A finished trip of `km`; with recording on, the journal gets it."""
    scenarios.drive(vehicle, km, latitude=latitude, longitude=longitude, now=now)
    started, vehicle.trip_started = vehicle.trip_started, None
    if vehicle.journal_enabled and km > 0:
        vehicle.trips.append(
            finish_trip(
                started,
                now=now,
                odometer_km=vehicle.odometer_km,
                km=km,
                latitude=vehicle.latitude,
                longitude=vehicle.longitude,
                kwh_per_100km=vehicle.spec.consumption_kwh_per_100km,
            )
        )
