"""The car's own timers as `SmartClient` methods (mixed in; see `bot.smart.timers`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.smart.const import NO_DATA_CODE
from bot.smart.errors import CloudUnavailableError, NotFoundError
from bot.smart.models import Vehicle
from bot.smart.redact import short_vin
from bot.smart.session import ApiSession
from bot.smart.timers import (
    PATH_CHARGING_RESERVATION,
    PATH_CLIMATE_SCHEDULE,
    CarTimers,
    charging_timer_bodies,
    climate_timer_bodies,
    parse_charging_timer,
    parse_climate_timers,
)

_LOGGER = logging.getLogger(__name__)


class TimerMethods:
    """Reads and (experimental) writes of the car's timers; the host provides the session."""

    _session: ApiSession
    _vehicle: Callable[[str], Awaitable[Vehicle]]

    async def get_car_timers(self, vin: str) -> CarTimers:
        """The car's own climate timers and charging reservation (`bot.smart.timers`).

        A timer endpoint that answers "not found" or "no data" counts as "no timer".
        """
        vehicle = await self._vehicle(vin)
        climate = await self._optional_get(PATH_CLIMATE_SCHEDULE.format(vin=vin), vehicle)
        charging = await self._optional_get(PATH_CHARGING_RESERVATION.format(vin=vin), vehicle)
        return CarTimers(
            climate=parse_climate_timers(climate) if climate else (),
            charging=parse_charging_timer(charging) if charging else None,
        )

    async def set_car_climate_timer(self, vin: str, time: str, *, enabled: bool = True) -> None:
        """Experimental: set the car's own climate timer to `time` ("HH:MM", car's local time).

        The bodies are unverified (REFERENCE §8.5); read `get_car_timers` to see if it took.

        Raises:
            ValueError: `time` is not HH:MM; raised before anything is sent.
        """
        await self._put_each(
            vin, PATH_CLIMATE_SCHEDULE, climate_timer_bodies(time, enabled=enabled)
        )

    async def set_car_charging_timer(
        self, vin: str, start: str, end: str, target_percent: int
    ) -> None:
        """Experimental: set the car's own charging reservation (unverified, §8.5).

        Raises:
            ValueError: a time is not HH:MM or the target is not 50-100 %; nothing is sent.
        """
        bodies = charging_timer_bodies(start, end, target_percent)
        await self._put_each(vin, PATH_CHARGING_RESERVATION, bodies)

    async def _put_each(self, vin: str, path: str, bodies: list[dict[str, object]]) -> None:
        vehicle = await self._vehicle(vin)
        _LOGGER.info("setting a car-side timer on %s (%d requests)", short_vin(vin), len(bodies))
        for body in bodies:
            await self._session.call("PUT", path.format(vin=vin), vehicle=vehicle, payload=body)

    async def _optional_get(self, path: str, vehicle: Vehicle) -> dict[str, Any] | None:
        try:
            return await self._session.call("GET", path, vehicle=vehicle)
        except NotFoundError:
            return None
        except CloudUnavailableError as err:
            if err.code == NO_DATA_CODE:
                return None
            raise
