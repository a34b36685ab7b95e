"""The car's own timers as use cases: read (kept a few hours per car, so the status card can
show them without another cloud call) and, experimental, set from a bot-side schedule.

Setting uses request bodies nobody has seen the app send (REFERENCE §8.5), so the use case
always reads the timers back and says whether the car shows what was sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.commands.clients import ClientPool
from bot.smart.errors import SmartAPIError
from bot.smart.timers import CarTimers
from bot.storage.records import CarRecord

_LOGGER = logging.getLogger(__name__)

KEEP_FOR = timedelta(hours=6)


@dataclass
class CarTimerCache:
    """The last read of each car's own timers in this process, with when it was read."""

    _reads: dict[int, tuple[CarTimers, datetime]] = field(default_factory=dict)

    def known(self, vehicle_id: int, now: datetime) -> CarTimers | None:
        """The car's timers when read within `KEEP_FOR`, else None (no cloud call)."""
        read = self._reads.get(vehicle_id)
        if read is None or now - read[1] > KEEP_FOR:
            return None
        return read[0]

    def store(self, vehicle_id: int, timers: CarTimers, now: datetime) -> None:
        """Remember a fresh read."""
        self._reads[vehicle_id] = (timers, now)


async def read_car_timers(
    clients: ClientPool, cache: CarTimerCache, car: CarRecord, now: datetime
) -> CarTimers | None:
    """The car's own timers from the cloud (None when it cannot say right now)."""
    try:
        client = await clients.for_account(car.account_id)
        timers = await client.get_car_timers(car.vin)
    except SmartAPIError as exc:
        _LOGGER.info("car timers unavailable (%s)", type(exc).__name__)
        return None
    cache.store(car.id, timers, now)
    return timers


@dataclass(frozen=True, slots=True)
class CarTimerResult:
    """What setting a car-side timer did: `shown` is True when the read-back shows it."""

    shown: bool
    timers: CarTimers | None


async def set_car_climate_timer(
    clients: ClientPool, cache: CarTimerCache, car: CarRecord, time: str, now: datetime
) -> CarTimerResult:
    """Experimental: set the car's own climate timer to `time` (HH:MM), then read it back.

    Raises:
        SmartAPIError: the cloud refused or could not be reached.
    """
    client = await clients.for_account(car.account_id)
    await client.set_car_climate_timer(car.vin, time, enabled=True)
    timers = await read_car_timers(clients, cache, car, now)
    active = timers.active_climate if timers else None
    return CarTimerResult(shown=active is not None and active.time == time, timers=timers)


async def set_car_charging_timer(
    clients: ClientPool,
    cache: CarTimerCache,
    car: CarRecord,
    window: tuple[str, str, int],
    now: datetime,
) -> CarTimerResult:
    """Experimental: set the car's own charging reservation (start, end, target %), then read
    it back.

    Raises:
        SmartAPIError: the cloud refused or could not be reached.
    """
    start, end, target = window
    client = await clients.for_account(car.account_id)
    await client.set_car_charging_timer(car.vin, start, end, target)
    timers = await read_car_timers(clients, cache, car, now)
    active = timers.active_charging if timers else None
    shown = active is not None and (active.start, active.end) == (start, end)
    return CarTimerResult(shown=shown, timers=timers)
