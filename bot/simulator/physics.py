"""How a car changes with time: pending commands land, batteries fill, cabins warm up.

`settle(vehicle, now)` brings one car up to `now`: it integrates the continuous processes
(charging, cabin temperature) between events and applies every accepted command whose delay
has passed, in order. Reads call it first, so a test that advances the clock sees the result.
"""

from __future__ import annotations

import math

from bot.simulator.model import VehicleState

# Cabin temperature approaches the climate target (or the outside) exponentially.
CLIMATE_TAU_S = 300.0
COOLDOWN_TAU_S = 3600.0


def settle(vehicle: VehicleState, now: float) -> None:
    """Advance `vehicle` to `now`, applying due commands in the order they fall due."""
    vehicle.pending.sort(key=lambda change: change.due)
    while vehicle.pending and vehicle.pending[0].due <= now:
        change = vehicle.pending.pop(0)
        _integrate(vehicle, change.due)
        change.apply(vehicle, change.due)
        vehicle.touch(change.due)
    _integrate(vehicle, now)


def _integrate(vehicle: VehicleState, until: float) -> None:
    start = vehicle.settled_at
    if until <= start:
        return
    if vehicle.climate_on and vehicle.climate_until is not None and vehicle.climate_until < until:
        _integrate(vehicle, vehicle.climate_until)
        vehicle.climate_on = False
        vehicle.climate_until = None
        vehicle.touch(vehicle.settled_at)
        _integrate(vehicle, until)
        return
    seconds = until - start
    charged = _charge(vehicle, seconds)
    _cabin(vehicle, seconds)
    vehicle.settled_at = until
    # A charging car or a running climate keeps uploading; a parked car's cabin cools
    # silently (the cloud keeps showing the temperature of the last upload).
    if charged or vehicle.climate_on:
        vehicle.touch(until)


def _charge(vehicle: VehicleState, seconds: float) -> bool:
    """Charge for `seconds`; True when energy flowed (the car then uploads)."""
    power = vehicle.charge_power_kw
    if power <= 0:
        return False
    gained = power * seconds / 3600 / vehicle.spec.capacity_kwh * 100
    vehicle.soc = min(float(vehicle.charge_target), vehicle.soc + gained)
    if vehicle.soc >= vehicle.charge_target:
        vehicle.charging = False
    return True


def _cabin(vehicle: VehicleState, seconds: float) -> None:
    if vehicle.climate_on:
        target, tau = vehicle.climate_target_c, CLIMATE_TAU_S
    elif vehicle.driving:
        target, tau = 21.0, CLIMATE_TAU_S
    else:
        target, tau = vehicle.exterior_temp_c, COOLDOWN_TAU_S
    step = (target - vehicle.interior_temp_c) * (1 - math.exp(-seconds / tau))
    vehicle.interior_temp_c += step
