"""Whole stories a car lives through on the manual clock: an AC charging session with a
pause, a DC fast charge, a few drives. Each runs the instant changes of `scenarios` with
time passing in between, through a `wait` the caller gives (a test lets its poller look
while the clock moves), and returns what really happened, worked out from the car's own
figures, so a test checks the bot's summary against the scenario rather than against
numbers written by hand."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.simulator.simulator import Simulator
from bot.smart.geo import distance_m

Wait = Callable[[float], Awaitable[None]]
"""Let this many seconds pass (advancing the simulator's clock, polling as it goes)."""


@dataclass(frozen=True)
class ChargeStory:
    """What one charging session did to the car."""

    dc: bool
    start_soc: float
    end_soc: float
    kwh_added: float
    power_kw: float  # the charger's power while energy flowed
    charging_minutes: float  # minutes energy flowed (the pause left out)
    paused_minutes: float  # minutes the charge stood still between two stretches
    plugged_minutes: float  # plug-in to unplug


@dataclass(frozen=True)
class DriveStory:
    """What one drive did to the car."""

    km: float
    minutes: float
    start_soc: float
    end_soc: float
    kwh_used: float
    start: tuple[float, float]
    end: tuple[float, float]


async def ac_session(
    sim: Simulator, vin: str, wait: Wait, *, from_soc: float = 40.0, pause_minutes: int = 10
) -> ChargeStory:
    """A wallbox evening: plugged in at `from_soc`, charging stops for `pause_minutes` after
    half an hour (the house needs the power) and resumes, the car fills to its target, and
    stays plugged for a quarter of an hour before it is unplugged."""
    return await _session(sim, vin, wait, dc=False, from_soc=from_soc, pause_minutes=pause_minutes)


async def dc_session(
    sim: Simulator, vin: str, wait: Wait, *, from_soc: float = 40.0
) -> ChargeStory:
    """A fast charger on a motorway: plugged in at `from_soc`, filled to the target without
    a break, unplugged a few minutes later."""
    return await _session(sim, vin, wait, dc=True, from_soc=from_soc, pause_minutes=0)


async def _session(
    sim: Simulator, vin: str, wait: Wait, *, dc: bool, from_soc: float, pause_minutes: int
) -> ChargeStory:
    car = sim.drain_battery(vin, from_soc)
    await wait(6 * 60)  # parked a while first
    start_soc = car.soc
    car = sim.plug_in(vin, dc=dc)
    power = car.charge_power_kw
    capacity = car.spec.capacity_kwh
    target = float(car.charge_target)
    full_minutes = (target - start_soc) / 100 * capacity / power * 60
    plugged = 0.0
    if pause_minutes:
        await wait(30 * 60)
        sim.stop_charging(vin)
        await wait(pause_minutes * 60)
        sim.start_charging(vin)
        plugged = 30.0 + pause_minutes
        full_minutes = max(0.0, full_minutes - 30.0)
    rest = int(full_minutes) + 1  # whole minutes until full, the last one partly idle
    linger = 3 if dc else 15
    await wait((rest + linger) * 60)
    plugged += rest + linger
    car = sim.unplug(vin)
    end_soc = car.soc
    return ChargeStory(
        dc=dc,
        start_soc=start_soc,
        end_soc=end_soc,
        kwh_added=(end_soc - start_soc) / 100 * capacity,
        power_kw=power,
        charging_minutes=(end_soc - start_soc) / 100 * capacity / power * 60,
        paused_minutes=float(pause_minutes),
        plugged_minutes=plugged,
    )


async def drive(
    sim: Simulator, vin: str, wait: Wait, km: float, minutes: int, *, speed_kmh: float = 0.0
) -> DriveStory:
    """One drive of `km` taking `minutes` (the car reports `speed_kmh` on the way, by
    default the drive's own average), parked at its end `km` further east."""
    car = sim.vehicle(vin)
    start = (car.latitude or 0.0, car.longitude or 0.0)
    start_soc = car.soc
    sim.start_driving(vin, speed_kmh or km / minutes * 60)
    await wait(minutes * 60)
    car = sim.drive(vin, km)
    return DriveStory(
        km=km,
        minutes=float(minutes),
        start_soc=start_soc,
        end_soc=car.soc,
        kwh_used=(start_soc - car.soc) / 100 * car.spec.capacity_kwh,
        start=start,
        end=(car.latitude or 0.0, car.longitude or 0.0),
    )


COMMUTE: tuple[tuple[float, int], ...] = ((12.0, 20), (3.5, 9), (26.0, 30))
"""A day's drives as (km, minutes): to work, to lunch and back round the corner, home the
long way."""


async def drives(
    sim: Simulator,
    vin: str,
    wait: Wait,
    legs: tuple[tuple[float, int], ...] = COMMUTE,
    *,
    parked_minutes: int = 20,
) -> list[DriveStory]:
    """Several drives with the car parked `parked_minutes` after each."""
    stories = []
    for km, minutes in legs:
        stories.append(await drive(sim, vin, wait, km, minutes))
        await wait(parked_minutes * 60)
    return stories


async def trip_to(
    sim: Simulator,
    vin: str,
    wait: Wait,
    to: tuple[float, float],
    minutes: int,
    *,
    speed_kmh: float = 40.0,
) -> DriveStory:
    """A drive to the point `to` taking `minutes`: the car reports its position along the
    straight line once a minute on the way (as a connected car uploads it), then parks
    there. Its odometer and battery move by the straight-line distance."""
    car = sim.vehicle(vin)
    start = (car.latitude or 0.0, car.longitude or 0.0)
    start_soc = car.soc
    sim.start_driving(vin, speed_kmh)
    for minute in range(1, minutes):
        share = minute / minutes
        sim.move(vin, start[0] + (to[0] - start[0]) * share, start[1] + (to[1] - start[1]) * share)
        await wait(60)
    await wait(60)
    km = distance_m(start, to) / 1000
    car = sim.drive(vin, km, latitude=to[0], longitude=to[1])
    return DriveStory(
        km=km,
        minutes=float(minutes),
        start_soc=start_soc,
        end_soc=car.soc,
        kwh_used=(start_soc - car.soc) / 100 * car.spec.capacity_kwh,
        start=start,
        end=to,
    )
