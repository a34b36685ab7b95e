"""The trip journal on the poller side: when a poll sees that a drive may just have ended
(the car switched off after being on, or its odometer moved while nobody saw it drive),
the car's journal of the last day is read once, and its trips go to the tick's history
writes (`samples.SampleBuffer`), so the drive's summary can be the journal's.

The journal is best effort: a client without it, a car without trip recording ("no data")
or a failing call leave the drive to the samples; the poll itself never fails for it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Final, Protocol, runtime_checkable

from bot.log import short_vin
from bot.poller.drives import MIN_KM
from bot.smart.errors import SmartAPIError
from bot.smart.journal import JournalTrip
from bot.smart.models import VehicleStatus

_LOGGER = logging.getLogger(__name__)

# How far back a read looks: the drive that just ended, and one the journal had not yet
# recorded when the last drive ended.
LOOK_BACK: Final = timedelta(days=1)


@runtime_checkable
class JournalReader(Protocol):
    """The part of `SmartClient` that reads the trip journal."""

    async def get_trips(self, vin: str, *, since: float, until: float) -> tuple[JournalTrip, ...]:
        """The journal's trips that began in `[since, until]` (epoch seconds)."""


def _on(status: VehicleStatus) -> bool:
    return bool(status.engine_running) or (status.speed_kmh or 0) > 0


def drive_may_have_ended(previous: VehicleStatus | None, current: VehicleStatus) -> bool:
    """The car is off now, and was on at the last poll or has moved since (pure)."""
    if previous is None or _on(current):
        return False
    if _on(previous):
        return True
    before, after = previous.odometer_km, current.odometer_km
    return before is not None and after is not None and after - before >= MIN_KM


async def read_journal(
    client: object,
    vin: str,
    previous: VehicleStatus | None,
    current: VehicleStatus,
    *,
    now: datetime,
    limit_s: float,
) -> tuple[JournalTrip, ...]:
    """The journal's trips of the last day when a drive may have ended, else `()`."""
    if not isinstance(client, JournalReader) or not drive_may_have_ended(previous, current):
        return ()
    until = now.timestamp()
    try:
        async with asyncio.timeout(limit_s):
            return await client.get_trips(vin, since=until - LOOK_BACK.total_seconds(), until=until)
    except (SmartAPIError, TimeoutError) as err:
        _LOGGER.info("trip journal of %s unavailable (%s)", short_vin(vin), type(err).__name__)
        return ()
