"""Figures of a period (a week, a month) from a car's history samples: a pure function.

Distance and energy used come from the drives that began in the period, energy charged and
charging time from the sessions that began in it (`drives`, `charging_sessions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from bot.poller.charging_sessions import find_sessions
from bot.poller.drives import all_drives
from bot.smart.journal import JournalTrip
from bot.smart.models import CarModel
from bot.storage.repo_history import Sample


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """What a car did between `start` and `end`."""

    start: datetime
    end: datetime
    km: float
    drives: int
    used_kwh: float | None  # None: no drive with a known energy
    charged_kwh: float
    sessions: int
    charging_time: timedelta

    @property
    def kwh_per_100km(self) -> float | None:
        """Consumption over the period's drives."""
        if self.used_kwh is None or self.km <= 0:
            return None
        return round(self.used_kwh / self.km * 100, 1)


def period_stats(
    samples: Sequence[Sample],
    *,
    model: CarModel,
    start: datetime,
    end: datetime,
    trips: Sequence[JournalTrip] = (),
) -> PeriodStats:
    """The figures of `[start, end)` (the samples may reach further; sessions and drives
    count where they began)."""
    (stats,) = split_stats(samples, model=model, bounds=[start, end], trips=trips)
    return stats


def split_stats(
    samples: Sequence[Sample],
    *,
    model: CarModel,
    bounds: Sequence[datetime],
    trips: Sequence[JournalTrip] = (),
) -> list[PeriodStats]:
    """One `PeriodStats` per stretch between consecutive `bounds` (e.g. local midnights)."""
    if len(bounds) < 2:
        return []
    drives = [d for d in all_drives(samples, trips, model=model) if d.finished]
    sessions = find_sessions(samples, model=model, now=bounds[-1])
    periods = []
    for start, end in pairwise(bounds):
        inside = [d for d in drives if start <= d.start < end]
        charged = [s for s in sessions if start <= s.start < end]
        energies = [d.energy_kwh for d in inside if d.energy_kwh is not None]
        periods.append(
            PeriodStats(
                start=start,
                end=end,
                km=round(sum(d.distance_km or 0.0 for d in inside), 1),
                drives=len(inside),
                used_kwh=round(sum(energies), 2) if energies else None,
                charged_kwh=round(sum(s.energy_kwh or 0.0 for s in charged), 2),
                sessions=len(charged),
                charging_time=sum((s.charging_time for s in charged), timedelta()),
            )
        )
    return periods
