"""Things that happen to a car outside the cloud API: plugging in, driving, a door opening,
the battery draining, the car moving while locked, a software update. `Simulator` settles
the car to `now` before each helper and stamps a fresh upload time after it; the one
exception is `offer_update`, a change on the OTA service's side, not in the car."""

from __future__ import annotations

import math

from bot.simulator.model import DEFAULT_FIRMWARE, POSITIONS, VehicleState

KM_PER_DEGREE_LAT = 111.32
OPENINGS = (*POSITIONS, "trunk", "hood")


def plug_in(vehicle: VehicleState, *, dc: bool = False, charge: bool = True) -> None:
    """Connect a charger (opens the lid); charging starts unless `charge` is False."""
    vehicle.plugged_in = True
    vehicle.dc_plug = dc
    vehicle.charge_lid_open = True
    vehicle.driving = False
    vehicle.speed_kmh = 0.0
    vehicle.charging = charge and vehicle.soc < vehicle.charge_target


def unplug(vehicle: VehicleState) -> None:
    """Disconnect the charger and close the lid."""
    vehicle.plugged_in = vehicle.charging = vehicle.dc_plug = False
    vehicle.charge_lid_open = False


def start_charging(vehicle: VehicleState) -> None:
    """Start charging (only does something when plugged in and below the target)."""
    vehicle.charging = vehicle.plugged_in and vehicle.soc < vehicle.charge_target


def stop_charging(vehicle: VehicleState) -> None:
    """Stop charging, staying plugged in."""
    vehicle.charging = False


def move(vehicle: VehicleState, latitude: float, longitude: float) -> None:
    """Put the car somewhere else (GPS upload included); nothing else changes."""
    vehicle.latitude, vehicle.longitude = latitude, longitude


def drive(
    vehicle: VehicleState,
    km: float,
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    now: float,
) -> None:
    """A finished trip: odometer and battery go down, the car parks `km` further east
    (or at the given position)."""
    if vehicle.plugged_in:
        unplug(vehicle)
    used = km * vehicle.spec.consumption_kwh_per_100km / 100
    vehicle.soc = max(0.0, vehicle.soc - used / vehicle.spec.capacity_kwh * 100)
    vehicle.odometer_km += km
    vehicle.distance_to_service_km = max(0, vehicle.distance_to_service_km - round(km))
    if latitude is None or longitude is None:
        lat = vehicle.latitude if vehicle.latitude is not None else 52.52
        lon = vehicle.longitude if vehicle.longitude is not None else 13.405
        latitude = lat
        longitude = lon + km / (KM_PER_DEGREE_LAT * math.cos(math.radians(lat)))
    move(vehicle, latitude, longitude)
    vehicle.driving = False
    vehicle.speed_kmh = 0.0
    vehicle.park_time = now


def start_driving(vehicle: VehicleState, speed_kmh: float = 50.0) -> None:
    """The car is on the road: engine running, unlocked, unplugged."""
    if vehicle.plugged_in:
        unplug(vehicle)
    vehicle.locked = False
    vehicle.doors_open.clear()
    vehicle.driving = True
    vehicle.speed_kmh = speed_kmh


def park(vehicle: VehicleState, *, now: float) -> None:
    """End driving where the car is."""
    vehicle.driving = False
    vehicle.speed_kmh = 0.0
    vehicle.park_time = now


def open_door(vehicle: VehicleState, door: str = "driver") -> None:
    """Open a door (`driver`, `passenger`, `driver_rear`, `passenger_rear`, `trunk`, `hood`)."""
    _set_opening(vehicle, door, is_open=True)


def close_door(vehicle: VehicleState, door: str = "driver") -> None:
    """Close a door (same names as `open_door`)."""
    _set_opening(vehicle, door, is_open=False)


def _set_opening(vehicle: VehicleState, door: str, *, is_open: bool) -> None:
    if door not in OPENINGS:
        msg = f"unknown door {door!r}; one of {', '.join(OPENINGS)}"
        raise ValueError(msg)
    if door == "trunk":
        vehicle.trunk_open = is_open
    elif door == "hood":
        vehicle.hood_open = is_open
    elif is_open:
        vehicle.doors_open.add(door)
    else:
        vehicle.doors_open.discard(door)


def drain_battery(vehicle: VehicleState, to_percent: float) -> None:
    """Set the state of charge (standby losses, a cold night, ...)."""
    if not 0 <= to_percent <= 100:
        msg = "to_percent must be 0-100"
        raise ValueError(msg)
    vehicle.soc = float(to_percent)
    if vehicle.soc >= vehicle.charge_target:
        vehicle.charging = False


def move_while_locked(vehicle: VehicleState, latitude: float, longitude: float) -> None:
    """The car is locked and parked, yet its position changes (towed or stolen)."""
    vehicle.locked = True
    vehicle.driving = False
    move(vehicle, latitude, longitude)


def lose_gps(vehicle: VehicleState) -> None:
    """The car stops uploading its position (rendered as empty strings)."""
    vehicle.latitude = vehicle.longitude = None


def offer_update(vehicle: VehicleState, version: str) -> None:
    """The OTA service offers `version` (creating the car's OTA record if it had none)."""
    version = version.strip()
    if not version:
        msg = "version must not be empty"
        raise ValueError(msg)
    if vehicle.firmware_version is None:
        vehicle.firmware_version = DEFAULT_FIRMWARE
    vehicle.firmware_target = version


def install_update(vehicle: VehicleState) -> None:
    """The offered version becomes the installed one (nothing happens without an offer)."""
    if vehicle.firmware_target is not None:
        vehicle.firmware_version = vehicle.firmware_target
        vehicle.firmware_target = None
