"""The car's trip journal (REFERENCE §7.6): what a car with trip recording on (`JOU`)
writes down for each drive, and the `journalLogV4` page the cloud answers with.

A drive is recorded from `start_driving` to the `drive` that parks the car (a `drive`
without a `start_driving` before it counts as a trip at 50 km/h). The cloud's figures:
times in epoch milliseconds (JSON numbers), odometers and distance in km, average speed
in km/h, consumption in kWh/100 km, positions as milli-arc-seconds (ints) in the track
points, and the misspelt `totleSize` in the pagination.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

MAS_PER_DEGREE: Final = 3_600_000
FALLBACK_KMH: Final = 50.0
REGEN_SHARE: Final = 0.08  # of the energy used, won back braking (a plausible figure)


@dataclass(frozen=True, slots=True)
class TripStart:
    """Where and when the car set off."""

    at: float
    odometer_km: float
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True, slots=True)
class Trip:
    """One recorded drive."""

    trip_id: int
    start_at: float
    end_at: float
    start_odometer_km: float
    end_odometer_km: float
    kwh_per_100km: float
    start: tuple[float, float] | None
    end: tuple[float, float] | None

    @property
    def km(self) -> float:
        """Distance travelled."""
        return round(self.end_odometer_km - self.start_odometer_km, 1)

    @property
    def average_kmh(self) -> float:
        """Distance over the trip's time."""
        hours = (self.end_at - self.start_at) / 3600
        return round(self.km / hours, 1) if hours > 0 else 0.0


def trip_start(at: float, odometer_km: float, lat: float | None, lon: float | None) -> TripStart:
    """The start of a trip the car is setting off on."""
    return TripStart(at=at, odometer_km=odometer_km, latitude=lat, longitude=lon)


def finish_trip(
    start: TripStart | None,
    *,
    now: float,
    odometer_km: float,
    km: float,
    latitude: float | None,
    longitude: float | None,
    kwh_per_100km: float,
) -> Trip:
    """The trip that ended at `now` after `km` (the odometer already moved on)."""
    if start is None:
        start = TripStart(
            at=now - km / FALLBACK_KMH * 3600,
            odometer_km=odometer_km - km,
            latitude=None,
            longitude=None,
        )
    begin = (
        None
        if start.latitude is None or start.longitude is None
        else (
            start.latitude,
            start.longitude,
        )
    )
    end = None if latitude is None or longitude is None else (latitude, longitude)
    return Trip(
        trip_id=int(start.at),
        start_at=start.at,
        end_at=now,
        start_odometer_km=round(start.odometer_km, 1),
        end_odometer_km=round(odometer_km, 1),
        kwh_per_100km=kwh_per_100km,
        start=begin,
        end=end,
    )


def _point(place: tuple[float, float]) -> dict[str, Any]:
    lat, lon = place
    return {
        "position": {
            "altitude": 34,
            "latitude": round(lat * MAS_PER_DEGREE),
            "longitude": round(lon * MAS_PER_DEGREE),
            "posCanBeTrusted": True,
            "marsCoordinates": False,
        }
    }


def trip_item(trip: Trip) -> dict[str, Any]:
    """One `data.list` entry, in the captured key order."""
    points = [_point(p) for p in (trip.start, trip.end) if p is not None]
    used = trip.km * trip.kwh_per_100km / 100
    return {
        "tripId": trip.trip_id,
        "startTime": round(trip.start_at * 1000),
        "endTime": round(trip.end_at * 1000),
        "startOdometer": trip.start_odometer_km,
        "endOdometer": trip.end_odometer_km,
        "traveledDistance": trip.km,
        "avgSpeed": trip.average_kmh,
        "electricConsumption": trip.kwh_per_100km,
        "tripStartAddr": "",
        "tripEndAddr": "",
        "tripRemark": None,
        "tripLabel": None,
        "trackpoints": points,
        "regeneratedEnergy": round(used * REGEN_SHARE, 1),
    }


def journal_page(
    trips: list[Trip], *, start_ms: int, end_ms: int, page: int, size: int
) -> dict[str, Any] | None:
    """The `data` of one journal page (newest first), or None when it holds no trip (the
    cloud then answers 8153)."""
    inside = [t for t in trips if start_ms <= round(t.start_at * 1000) <= end_ms]
    inside.sort(key=lambda t: t.start_at, reverse=True)
    chunk = inside[(page - 1) * size : page * size]
    if not chunk:
        return None
    return {
        "pagination": {
            "pageIndex": page,
            "sortField": "startTime",
            "start": (page - 1) * size + 1,
            "pageSize": size,
            "totleSize": len(inside),
            "direction": "desc",
        },
        "list": [trip_item(t) for t in chunk],
    }
