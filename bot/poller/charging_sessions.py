"""Charging sessions found in a car's history samples: a pure function, no I/O.

A session begins with the first sample that shows a cable or charging and lasts while the
cable stays in. It ends when the cable comes out, or when the car has not charged for
`MAX_PAUSE` while still plugged in (a charge that reached its target, the car left on the
cable overnight). A pause shorter than that which resumes (a charger's hiccup, a paused
and resumed session) stays one session. A plug-in without any charging is no session.

Energy is integrated from the reported power over time when the car reports power for the
whole session ("measured"); otherwise it is the gain in state of charge times the model's
usable capacity ("soc"). The stretch in which charging stopped between two samples is
counted only up to what the state of charge says it added, so a 150 kW DC charge that
stops right after one poll does not gain a minute's worth of energy it never drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Final

from bot.smart.models import CarModel
from bot.storage.repo_history import Sample

MAX_PAUSE: Final = timedelta(minutes=30)
# Usable (net) battery capacity per model line, kWh.
USABLE_KWH: Final[dict[CarModel, float]] = {
    CarModel.SMART_1: 62.0,
    CarModel.SMART_3: 62.0,
    CarModel.SMART_5: 94.0,
}


class EnergyMethod(StrEnum):
    """Where a session's energy figure comes from."""

    MEASURED = "measured"  # reported power integrated over time
    SOC = "soc"  # gain in state of charge x usable capacity


@dataclass(frozen=True, slots=True)
class ChargingSession:
    """One charging session, as the summary and `/charges` show it."""

    start: datetime  # first sample that charged
    end: datetime  # when charging was last seen (or first seen stopped)
    start_soc: int | None
    end_soc: int | None
    energy_kwh: float | None
    method: EnergyMethod
    charging_time: timedelta  # time spent charging, pauses left out
    peak_kw: float | None
    average_kw: float | None
    dc: bool
    place: tuple[float, float] | None
    finished: bool  # False while the session may still go on

    @property
    def duration(self) -> timedelta:
        """From the first charging sample to the end, pauses included."""
        return self.end - self.start

    @property
    def added_percent(self) -> int | None:
        """Percentage points the battery gained."""
        if self.start_soc is None or self.end_soc is None:
            return None
        return self.end_soc - self.start_soc


def find_sessions(
    samples: Sequence[Sample], *, model: CarModel, now: datetime | None = None
) -> list[ChargingSession]:
    """Every charging session in `samples` (oldest first). The last one is `finished` only
    when the cable came out or the car has not charged for `MAX_PAUSE` by `now` (default:
    the last sample's time)."""
    sessions: list[ChargingSession] = []
    group: list[Sample] = []
    previous: Sample | None = None
    for sample in samples:
        if group and _closes(group, sample):
            _emit(sessions, group, model, finished=True)
            group = []
        if sample.plugged or sample.charging:
            if not group and previous is not None and sample.at - previous.at <= MAX_PAUSE:
                group.append(previous)  # the last look before the cable: where it began
            group.append(sample)
        previous = sample
    if group:
        last_charge = _last_charging(group)
        at = now or samples[-1].at
        done = last_charge is not None and at - last_charge.at >= MAX_PAUSE
        _emit(sessions, group, model, finished=done)
    return sessions


def _closes(group: Sequence[Sample], sample: Sample) -> bool:
    """Does `sample` end the session `group` is collecting?"""
    if not (sample.plugged or sample.charging):
        return True  # unplugged
    last_charge = _last_charging(group)
    if last_charge is None or not sample.charging or group[-1].charging:
        return False  # not charged yet, still paused, or charging on (a slow poll)
    return sample.at - last_charge.at > MAX_PAUSE  # charging again after a long pause


def _last_charging(group: Sequence[Sample]) -> Sample | None:
    return next((s for s in reversed(group) if s.charging), None)


def _emit(
    sessions: list[ChargingSession], group: Sequence[Sample], model: CarModel, *, finished: bool
) -> None:
    charging = [i for i, s in enumerate(group) if s.charging]
    if not charging:
        return
    first, last = charging[0], charging[-1]
    # The session's end: the first sample after the last charging one that shows it stopped.
    end_index = last + 1 if last + 1 < len(group) else last
    socs = [s.soc for s in group[first : end_index + 1] if s.soc is not None]
    # The state of charge at the last look before charging was seen, when there is one.
    before = [s.soc for s in group[max(0, first - 1) : first + 1] if s.soc is not None]
    start_soc = min(before) if before else None
    end_soc = max(socs) if socs else None
    capacity = USABLE_KWH.get(model)
    measured, charging_time, lead = _integrate(group, capacity)
    by_soc = None
    if capacity is not None and start_soc is not None and end_soc is not None:
        by_soc = max(0, end_soc - start_soc) / 100 * capacity
    energy, method = (
        (measured, EnergyMethod.MEASURED) if measured is not None else (by_soc, EnergyMethod.SOC)
    )
    powers = [s.power_kw for s in group if s.charging and s.power_kw is not None]
    hours = charging_time.total_seconds() / 3600
    average = energy / hours if energy is not None and hours > 0 else None
    place = next(((s.lat, s.lon) for s in group if s.lat is not None and s.lon is not None), None)
    sessions.append(
        ChargingSession(
            start=group[first].at - lead,
            end=group[end_index].at,
            start_soc=start_soc,
            end_soc=end_soc,
            energy_kwh=round(energy, 2) if energy is not None else None,
            method=method,
            charging_time=charging_time,
            peak_kw=max(powers) if powers else None,
            average_kw=round(average, 1) if average is not None else None,
            dc=any(s.dc for s in group),
            place=place,
            finished=finished,
        )
    )


def _integrate(
    group: Sequence[Sample], capacity: float | None
) -> tuple[float | None, timedelta, timedelta]:
    """(Energy from power over time, None when power is missing; time spent charging; how
    long before the first charging sample charging began)."""
    energy = 0.0
    complete = True
    charging_time = lead = timedelta()
    first_charging = next((s for s in group if s.charging), None)
    for left, right in pairwise(group):
        seconds = (right.at - left.at).total_seconds()
        if not left.charging and not right.charging:
            continue
        if left.charging and right.charging:
            charging_time += right.at - left.at
            if left.power_kw is not None and right.power_kw is not None:
                energy += (left.power_kw + right.power_kw) / 2 * seconds / 3600
            else:
                complete = False
            continue
        # Charging began or stopped somewhere in between: the state of charge says how much
        # of the stretch it took, at the power seen on the charging side.
        power = left.power_kw if left.charging else right.power_kw
        if power is None:
            complete = False
        full = (power or 0.0) * seconds / 3600
        share = 0.0 if right.charging else 0.5
        if capacity and left.soc is not None and right.soc is not None and full > 0:
            share = min(1.0, max(0.0, (right.soc - left.soc) / 100 * capacity / full))
        energy += full * share
        charging_time += timedelta(seconds=seconds * share)
        if right is first_charging:
            lead = timedelta(seconds=seconds * share)
    if not complete or not any(s.power_kw for s in group if s.charging):
        return None, charging_time, lead
    return energy, charging_time, lead
