"""After a charging session or a drive ends: one summary event per car, queued for its
listeners like any alert (their `/alerts` choices and quiet hours apply).

The poller asks only about cars that may have just finished something (plugged in,
charging or switched on at this poll or the one before, or the odometer moved): a parked,
unplugged car costs nothing here. The car's recent samples (and journal trips) are read back, the
detectors (`charging_sessions`, `drives`) run over them, and every session or drive that finished
within `RECENT` and began after the last one announced becomes an event whose episode is
its start time. The car's `history` episode and the outbox's unique key make sure each is
announced once, however often it is seen again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Final

from bot.poller.alerts import Alert
from bot.poller.audience import alerts_for
from bot.poller.charging_sessions import MAX_PAUSE, ChargingSession, find_sessions
from bot.poller.drives import Drive, all_drives
from bot.poller.events import Event, EventKind, JSONValue, episode_key
from bot.poller.sender import to_outbox
from bot.smart.journal import JournalTrip
from bot.smart.models import CarModel, VehicleStatus
from bot.storage import repo_alerts, repo_history, repo_outbox, repo_trips, repo_vehicles
from bot.storage.db import Database
from bot.storage.records import Episode, PollJob
from bot.storage.repo_history import Sample

_LOGGER = logging.getLogger(__name__)

# How far back a session may have begun (a slow AC charge with pauses) and how long after
# its end it is still announced.
WINDOW: Final = timedelta(days=2)
RECENT: Final = MAX_PAUSE + timedelta(hours=1)
# The alert episode in which a car remembers what was announced last.
MEMORY_KIND: Final = "history"


def worth_a_look(previous: VehicleStatus | None, current: VehicleStatus) -> bool:
    """Could something have just ended? (Cheap: no database.)"""
    for status in (previous, current):
        if status is not None and (
            status.plugged_in
            or status.is_charging
            or status.engine_running
            or (status.speed_kmh or 0) > 0
        ):
            return True
    before = previous.odometer_km if previous else None
    return before is not None and current.odometer_km is not None and before != current.odometer_km


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _place(place: tuple[float, float] | None) -> list[str] | None:
    # Coordinates travel as text (events carry small JSON values) and are read only to
    # name the place; they are never written to a log.
    return None if place is None else [f"{place[0]:.5f}", f"{place[1]:.5f}"]


def session_event(vin: str, session: ChargingSession) -> Event:
    """The summary event of a finished charging session."""
    data: dict[str, JSONValue] = {
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "start_soc": session.start_soc,
        "end_soc": session.end_soc,
        "energy_kwh": _round(session.energy_kwh),
        "method": session.method.value,
        "minutes": round(session.duration.total_seconds() / 60),
        "charging_minutes": round(session.charging_time.total_seconds() / 60),
        "peak_kw": _round(session.peak_kw),
        "average_kw": _round(session.average_kw),
        "dc": session.dc,
        "place": _place(session.place),
    }
    return Event(EventKind.CHARGE_SUMMARY, vin, session.end, episode_key(session.start), data)


def drive_event(vin: str, drive: Drive) -> Event:
    """The summary event of a finished drive."""
    data: dict[str, JSONValue] = {
        "start": drive.start.isoformat(),
        "end": drive.end.isoformat(),
        "distance_km": drive.distance_km,
        "minutes": round(drive.duration.total_seconds() / 60),
        "start_soc": drive.start_soc,
        "end_soc": drive.end_soc,
        "energy_kwh": _round(drive.energy_kwh),
        "kwh_per_100km": drive.kwh_per_100km,
        "average_kmh": drive.average_kmh,
        "from": _place(drive.start_place),
        "to": _place(drive.end_place),
    }
    return Event(EventKind.DRIVE_SUMMARY, vin, drive.end, episode_key(drive.start), data)


def summary_events(
    samples: Sequence[Sample],
    *,
    vin: str,
    model: CarModel,
    now: datetime,
    after: Mapping[str, datetime] | None = None,
    trips: Sequence[JournalTrip] = (),
) -> list[Event]:
    """Events for the sessions and drives in `samples` that finished lately and began after
    the last one announced (`after`, by kind: "charge", "drive") (pure)."""
    after = after or {}
    charge_after = after.get("charge")
    drive_after = after.get("drive")
    events = [
        session_event(vin, s)
        for s in find_sessions(samples, model=model, now=now)
        if s.finished and now - s.end <= RECENT and (charge_after is None or s.start > charge_after)
    ]
    events += [
        drive_event(vin, d)
        for d in all_drives(samples, trips, model=model)
        if d.finished and now - d.end <= RECENT and (drive_after is None or d.start > drive_after)
    ]
    return events


def _announced(episodes: Mapping[str, Episode]) -> dict[str, datetime]:
    """When the last announced session and drive began (the car's `history` episode)."""
    data = episodes.get(MEMORY_KIND, Episode(kind=MEMORY_KIND)).data
    found: dict[str, datetime] = {}
    for name in ("charge", "drive"):
        try:
            found[name] = datetime.fromisoformat(str(data[name]))
        except (KeyError, ValueError):
            continue
    return found


async def queue_summaries(db: Database, job: PollJob, *, now: datetime, zone: tzinfo) -> int:
    """Queue the summaries of whatever this car just finished; returns the new alerts.

    Each session and drive is announced once to whoever wants it at that moment: the car
    remembers the start of the last one announced (an alert episode), so turning summaries
    on later does not bring back one that already ended.
    """
    samples = await repo_history.samples_between(
        db, vehicle_id=job.vehicle_id, start=now - WINDOW, end=now + WINDOW
    )
    trips = await repo_trips.trips_between(
        db, vehicle_id=job.vehicle_id, start=now - WINDOW, end=now + WINDOW
    )
    episodes = job.episodes
    if episodes is None:
        episodes = await repo_alerts.get_episodes(db, vehicle_id=job.vehicle_id)
    announced = _announced(episodes)
    events = summary_events(
        samples, vin=job.vin, model=job.model, now=now, after=announced, trips=trips
    )
    if not events:
        return 0
    alerts = alerts_for(
        events,
        await repo_alerts.vehicle_audience(db, vehicle_id=job.vehicle_id),
        vin=job.vin,
        car_name=await _car_name(db, job),
        now=now,
        zone=zone,
    )
    added = await _enqueue(db, alerts, job.vehicle_id, now)
    for event in events:
        name = "charge" if event.kind is EventKind.CHARGE_SUMMARY else "drive"
        announced[name] = max(announced.get(name, now - WINDOW), _start(event))
    memory = Episode(kind=MEMORY_KIND, data={k: v.isoformat() for k, v in announced.items()})
    await repo_alerts.set_episodes(db, vehicle_id=job.vehicle_id, episodes=[memory], now=now)
    return added


def _start(event: Event) -> datetime:
    return datetime.fromisoformat(str(event.data["start"]))


async def _car_name(db: Database, job: PollJob) -> str:
    if job.car_name is not None:
        return job.car_name
    car = await repo_vehicles.get_vehicle(db, vehicle_id=job.vehicle_id)
    return car.label if car else ""


async def _enqueue(db: Database, alerts: Sequence[Alert], vehicle_id: int, now: datetime) -> int:
    if not alerts:
        return 0
    messages = [to_outbox(alert, vehicle_id=vehicle_id) for alert in alerts]
    added = await repo_outbox.enqueue_messages(db, messages=messages, now=now)
    if added:
        _LOGGER.info("queued %d summary message(s)", added)
    return added
