"""Drives found in a car's history samples: a pure function, no I/O.

A drive's figures run from the last parked sample before the car was seen switched on (or,
when the poll missed the whole trip, the last sample before the odometer moved) to the
first parked sample after it; its time starts at the first sample seen switched on, since
a parked car that uploads nothing leaves its last parked sample hours before it set off.
Distance is the odometer's difference, energy the drop in state of charge times the usable
capacity (`charging_sessions.USABLE_KWH`). A drive that is still on the road at the last
sample is not `finished`.

Where the car's trip journal recorded a drive (`bot.smart.journal`, stored by the poller),
that drive is the journal's: its times, distance, average speed and consumption, the state
of charge and any missing place from the samples around it. A drive the samples show that
overlaps a journal trip is the same drive and is left out (`all_drives`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from bot.poller.charging_sessions import USABLE_KWH
from bot.smart.journal import JournalTrip
from bot.smart.models import CarModel
from bot.storage.repo_history import Sample

# Less than this on the odometer between two parked samples is GPS and rounding, no drive.
MIN_KM: Final = 0.5
# A sample drive this close to a journal trip is that trip (polls see a drive late).
SAME_DRIVE: Final = timedelta(minutes=2)
# The state of charge of the sample nearest a journal trip's start (before it) or end (after
# it) is the trip's, within this time: a parked car uploads seldom, and its charge stands.
SOC_NEAR: Final = timedelta(hours=12)
# Times of the journal and of the status differ by rounding: this close counts as the same.
SAME_MOMENT: Final = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Drive:
    """One drive, as the summary and `/trips` show it."""

    start: datetime
    end: datetime
    distance_km: float | None
    start_soc: int | None
    end_soc: int | None
    energy_kwh: float | None
    start_place: tuple[float, float] | None
    end_place: tuple[float, float] | None
    finished: bool
    from_journal: bool = False
    reported_kmh: float | None = None  # the journal's average speed
    reported_kwh_per_100km: float | None = None  # the journal's consumption

    @property
    def duration(self) -> timedelta:
        """From the first sample seen on the road (else the last parked one) to the end."""
        return self.end - self.start

    @property
    def kwh_per_100km(self) -> float | None:
        """Consumption: the journal's, else when both distance and energy are known."""
        if self.reported_kwh_per_100km is not None:
            return self.reported_kwh_per_100km
        if self.energy_kwh is None or not self.distance_km:
            return None
        return round(self.energy_kwh / self.distance_km * 100, 1)

    @property
    def average_kmh(self) -> float | None:
        """Average speed: the journal's, else over the drive's duration."""
        if self.reported_kmh is not None:
            return self.reported_kmh
        hours = self.duration.total_seconds() / 3600
        if self.distance_km is None or hours <= 0:
            return None
        return round(self.distance_km / hours, 1)


def find_drives(samples: Sequence[Sample], *, model: CarModel) -> list[Drive]:
    """Every drive in `samples` (oldest first)."""
    drives: list[Drive] = []
    start: int | None = None  # index of the parked sample the current drive began at
    began: datetime | None = None  # when it was first seen on the road
    for index, sample in enumerate(samples):
        if sample.ignition:
            if start is None:
                start, began = max(0, index - 1), sample.at
            continue
        if start is not None:
            drives.append(_drive(samples[start], sample, model, finished=True, began=began))
            start = None
        elif index and _moved(samples[index - 1], sample):
            drives.append(_drive(samples[index - 1], sample, model, finished=True))
    if start is not None:
        drives.append(_drive(samples[start], samples[-1], model, finished=False, began=began))
    return [d for d in drives if not d.finished or (d.distance_km or 0) >= MIN_KM]


def _moved(before: Sample, after: Sample) -> bool:
    if before.odometer_km is None or after.odometer_km is None:
        return False
    return after.odometer_km - before.odometer_km >= MIN_KM


def _place(sample: Sample) -> tuple[float, float] | None:
    if sample.lat is None or sample.lon is None:
        return None
    return (sample.lat, sample.lon)


def _drive(
    first: Sample,
    last: Sample,
    model: CarModel,
    *,
    finished: bool,
    began: datetime | None = None,
) -> Drive:
    distance = None
    if first.odometer_km is not None and last.odometer_km is not None:
        distance = round(max(0.0, last.odometer_km - first.odometer_km), 1)
    energy = None
    capacity = USABLE_KWH.get(model)
    if capacity is not None and first.soc is not None and last.soc is not None:
        energy = round(max(0, first.soc - last.soc) / 100 * capacity, 2)
    return Drive(
        start=began or first.at,
        end=last.at,
        distance_km=distance,
        start_soc=first.soc,
        end_soc=last.soc,
        energy_kwh=energy,
        start_place=_place(first),
        end_place=_place(last),
        finished=finished,
    )


def _soc_near(samples: Sequence[Sample], at: datetime, *, before: bool) -> Sample | None:
    """The sample with a state of charge nearest `at` on its side, within `SOC_NEAR`."""
    side = [
        s
        for s in samples
        if s.soc is not None
        and (s.at <= at + SAME_MOMENT if before else s.at >= at - SAME_MOMENT)
        and abs(s.at - at) <= SOC_NEAR
    ]
    if not side:
        return None
    return side[-1] if before else side[0]


def journal_drive(trip: JournalTrip, samples: Sequence[Sample], model: CarModel) -> Drive:
    """The drive of a journal trip, its state of charge (and places it lacks) from the
    samples around it."""
    start = datetime.fromtimestamp(trip.start_at, UTC)
    end = datetime.fromtimestamp(trip.end_at, UTC)
    first = _soc_near(samples, start, before=True)
    last = _soc_near(samples, end, before=False)
    start_soc, end_soc = (first.soc if first else None), (last.soc if last else None)
    energy = trip.energy_kwh
    capacity = USABLE_KWH.get(model)
    if energy is None and capacity and start_soc is not None and end_soc is not None:
        energy = round(max(0, start_soc - end_soc) / 100 * capacity, 2)
    return Drive(
        start=start,
        end=end,
        distance_km=trip.distance_km,
        start_soc=start_soc,
        end_soc=end_soc,
        energy_kwh=energy,
        start_place=trip.start_place or (_place(first) if first else None),
        end_place=trip.end_place or (_place(last) if last else None),
        finished=True,
        from_journal=True,
        reported_kmh=trip.average_kmh,
        reported_kwh_per_100km=trip.kwh_per_100km,
    )


def _overlaps(drive: Drive, journal: Sequence[Drive]) -> bool:
    return any(
        drive.start <= j.end + SAME_DRIVE and j.start - SAME_DRIVE <= drive.end for j in journal
    )


def all_drives(
    samples: Sequence[Sample], trips: Sequence[JournalTrip], *, model: CarModel
) -> list[Drive]:
    """Every drive, oldest first: the journal's trips, and the drives in the samples that
    are not one of them."""
    journal = [journal_drive(trip, samples, model) for trip in trips]
    seen = [d for d in find_drives(samples, model=model) if not _overlaps(d, journal)]
    return sorted([*journal, *seen], key=lambda d: d.start)
