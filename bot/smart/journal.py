"""The trip journal (REFERENCE §7.6): the cloud's own record of each drive, for cars with
trip recording on (`set_trip_recording`).

Two calls: the per-session grant, `POST /remote-control/user/authorization/insert` with
`{"serviceCode": "travelLogBusiCode", "authStatus": 1, "vin": …}` (without it the journal
answers 8153), and `GET /geelyTCAccess/tcservices/vehicle/status/journalLogV4/{vin}` with
`endTime`, `pageIndex` (from 1), `pageSize`, `startTime` (epoch ms) and `userId`, newest
first, `data.pagination.totleSize` (sic) counting the window's trips. 8153 means "no data",
on the first page and in the middle of the pages alike.

Parsing is lenient: an entry without a readable id, start and end (or ending before it
starts) is skipped, any other figure that cannot be read is `None`; a body that is not the
documented shape reads as no trips.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

from bot.smart.auth import Authenticator
from bot.smart.const import NO_DATA_CODE, PATH_JOURNAL_GRANT, PATH_JOURNAL_LOG, TRAVEL_LOG_SERVICE
from bot.smart.errors import CloudUnavailableError
from bot.smart.models import Vehicle
from bot.smart.redact import short_vin
from bot.smart.session import ApiSession
from bot.smart.values import flag, node, non_negative, number, whole

_LOGGER = logging.getLogger(__name__)

PAGE_SIZE: Final = 20
MAX_PAGES: Final = 10  # 200 trips a window: beyond it, a runaway pagination
WINDOW_S: Final = 14 * 86400  # the longest window the app asks for
MAS_PER_DEGREE: Final = 3_600_000  # track points are milli-arc-seconds
MAX_LAT, MAX_LON = 90.0, 180.0


@dataclass(frozen=True, slots=True)
class JournalTrip:
    """One drive as the cloud's trip journal records it (times in epoch seconds)."""

    trip_id: int
    start_at: float
    end_at: float
    distance_km: float | None
    average_kmh: float | None
    kwh_per_100km: float | None
    start_odometer_km: float | None
    end_odometer_km: float | None
    start_place: tuple[float, float] | None
    end_place: tuple[float, float] | None
    regenerated_kwh: float | None

    @property
    def energy_kwh(self) -> float | None:
        """Energy used: consumption times distance."""
        if self.kwh_per_100km is None or self.distance_km is None:
            return None
        return round(self.kwh_per_100km * self.distance_km / 100, 2)


def grant_body(vin: str) -> dict[str, object]:
    """The grant's body, in the app's key order."""
    return {"serviceCode": TRAVEL_LOG_SERVICE, "authStatus": 1, "vin": vin}


def _position(point: Any) -> tuple[float, float] | None:
    position = node(point, "position")
    if flag(position.get("posCanBeTrusted")) is False:
        return None
    lat, lon = number(position.get("latitude")), number(position.get("longitude"))
    if lat is None or lon is None:
        return None
    lat, lon = lat / MAS_PER_DEGREE, lon / MAS_PER_DEGREE
    if abs(lat) > MAX_LAT or abs(lon) > MAX_LON or (lat == 0 and lon == 0):
        return None
    return (round(lat, 6), round(lon, 6))


def parse_trip(item: Any) -> JournalTrip | None:
    """One `data.list` entry -> `JournalTrip`; None when it has no id, start or end."""
    if not isinstance(item, dict):
        return None
    trip_id, start, end = (
        whole(item.get("tripId")),
        whole(item.get("startTime")),
        whole(item.get("endTime")),
    )
    if trip_id is None or start is None or end is None or start <= 0 or end < start:
        return None
    raw_points = item.get("trackpoints")
    points = [p for p in map(_position, raw_points if isinstance(raw_points, list) else []) if p]
    start_odo = non_negative(number(item.get("startOdometer")))
    end_odo = non_negative(number(item.get("endOdometer")))
    distance = non_negative(number(item.get("traveledDistance")))
    if distance is None and start_odo is not None and end_odo is not None and end_odo >= start_odo:
        distance = round(end_odo - start_odo, 1)
    return JournalTrip(
        trip_id=trip_id,
        start_at=start / 1000,
        end_at=end / 1000,
        distance_km=distance,
        average_kmh=non_negative(number(item.get("avgSpeed"))),
        kwh_per_100km=non_negative(number(item.get("electricConsumption"))),
        start_odometer_km=start_odo,
        end_odometer_km=end_odo,
        start_place=points[0] if points else None,
        end_place=points[-1] if points else None,
        regenerated_kwh=non_negative(number(item.get("regeneratedEnergy"))),
    )


def parse_journal_page(body: Any) -> tuple[list[JournalTrip], int, int | None]:
    """A journal answer -> (its trips, how many entries it listed, the window's total)."""
    data = node(body, "data")
    items = data.get("list")
    items = items if isinstance(items, list) else []
    total = whole(node(data, "pagination").get("totleSize"))
    trips = [trip for trip in map(parse_trip, items) if trip is not None]
    return trips, len(items), total if total is not None and total >= 0 else None


class JournalMethods:
    """`get_trips` for `SmartClient` (mixed in; the host provides the session)."""

    _session: ApiSession
    _vehicle: Callable[[str], Awaitable[Vehicle]]
    _auth: Authenticator
    _journal_grants: dict[str, str]  # vin -> access token the grant was accepted under

    async def grant_journal(self, vin: str) -> None:
        """Grant this session access to the car's trip journal (once per session token)."""
        vehicle = await self._vehicle(vin)
        tokens = await self._auth.ensure()
        if self._journal_grants.get(vin) == tokens.access_token:
            return
        _LOGGER.info("granting the trip journal of %s", short_vin(vin))
        await self._session.call(
            "POST", PATH_JOURNAL_GRANT, vehicle=vehicle, payload=grant_body(vin)
        )
        self._journal_grants[vin] = (await self._auth.ensure()).access_token

    async def get_trips(self, vin: str, *, since: float, until: float) -> tuple[JournalTrip, ...]:
        """The journal's trips that began in `[since, until]` (epoch seconds; at most the
        last 14 days of it), newest first; `()` when the cloud has none ("no data").

        Raises:
            SmartAPIError: the grant or the first page failed otherwise.
        """
        since = max(since, until - WINDOW_S)
        await self.grant_journal(vin)
        vehicle = await self._vehicle(vin)
        trips: list[JournalTrip] = []
        seen = 0
        for page in range(1, MAX_PAGES + 1):
            params = {
                "endTime": round(until * 1000),
                "pageIndex": page,
                "pageSize": PAGE_SIZE,
                "startTime": round(since * 1000),
            }
            try:
                body = await self._session.call(
                    "GET",
                    PATH_JOURNAL_LOG.format(vin=vin),
                    vehicle=vehicle,
                    params=params,
                    with_user_id=True,
                )
            except CloudUnavailableError as err:
                if err.code == NO_DATA_CODE:
                    break  # no (more) trips
                if page == 1:
                    raise
                _LOGGER.info("trip journal of %s: page %d failed", short_vin(vin), page)
                break
            found, listed, total = parse_journal_page(body)
            trips += found
            seen += listed
            if listed < PAGE_SIZE or (total is not None and seen >= total):
                break
        return tuple(trips)
