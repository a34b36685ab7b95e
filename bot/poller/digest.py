"""The weekly digest: on Monday morning in each listener's time zone, last week's figures of
each car they hear about (km, kWh used and charged, sessions), for those who turned it on in
/alerts (`weekly_digest` is opt-in).

`queue_digests` is called by a periodic job (hourly, `bot.app`). A digest is queued when it
is Monday between `SEND_FROM` and `SEND_UNTIL` local time; its episode is the ISO week, so
the outbox's unique key lets each user have one per car and week, however often the job
runs in that window.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

from bot.poller.audience import alerts_for
from bot.poller.events import Event, EventKind, JSONValue
from bot.poller.sender import to_outbox
from bot.poller.stats import PeriodStats, period_stats
from bot.storage import repo_alerts, repo_history, repo_outbox, repo_trips, repo_vehicles
from bot.storage.db import Database
from bot.storage.records import AudienceMember

_LOGGER = logging.getLogger(__name__)

SEND_FROM: Final = time(8, 0)
SEND_UNTIL: Final = time(12, 0)


def zone_of(member: AudienceMember, default: tzinfo) -> tzinfo:
    """The member's time zone, else the bot's."""
    name = member.user.timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return default


def last_week(now: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """(last Monday 00:00, this Monday 00:00) local, when it is Monday morning in `zone`."""
    local = now.astimezone(zone)
    if local.weekday() != 0 or not SEND_FROM <= local.time() < SEND_UNTIL:
        return None
    this_monday = datetime(local.year, local.month, local.day, tzinfo=zone)
    monday = (this_monday - timedelta(days=7)).date()
    return datetime(monday.year, monday.month, monday.day, tzinfo=zone), this_monday


def digest_event(vin: str, stats: PeriodStats, now: datetime) -> Event:
    """The digest of one car's week."""
    year, week, _ = stats.start.isocalendar()
    data: dict[str, JSONValue] = {
        "since": stats.start.isoformat(),
        "km": stats.km,
        "drives": stats.drives,
        "used_kwh": stats.used_kwh,
        "kwh_per_100km": stats.kwh_per_100km,
        "charged_kwh": stats.charged_kwh,
        "sessions": stats.sessions,
        "charging_minutes": round(stats.charging_time.total_seconds() / 60),
    }
    return Event(EventKind.WEEKLY_DIGEST, vin, now, f"{year}W{week:02d}", data)


async def queue_digests(db: Database, *, now: datetime, zone: tzinfo) -> int:
    """Queue the digests due now; returns how many messages were new."""
    added = 0
    for vehicle_id in await repo_history.all_vehicle_ids(db):
        audience = [
            m
            for m in await repo_alerts.vehicle_audience(db, vehicle_id=vehicle_id)
            if m.prefs.enabled(EventKind.WEEKLY_DIGEST.value)
        ]
        weeks = {m.user.id: last_week(now, zone_of(m, zone)) for m in audience}
        due = [m for m in audience if weeks[m.user.id] is not None]
        if not due:
            continue
        car = await repo_vehicles.get_vehicle(db, vehicle_id=vehicle_id)
        if car is None:
            continue
        messages = []
        for member in due:
            start, end = weeks[member.user.id] or (now, now)
            samples = await repo_history.samples_between(
                db, vehicle_id=vehicle_id, start=start - timedelta(days=2), end=end
            )
            trips = await repo_trips.trips_between(
                db, vehicle_id=vehicle_id, start=start - timedelta(days=2), end=end
            )
            stats = period_stats(samples, model=car.model, start=start, end=end, trips=trips)
            if not (stats.drives or stats.sessions):
                continue  # a car that stood still all week has nothing to tell
            alerts = alerts_for(
                [digest_event(car.vin, stats, now)],
                [member],
                vin=car.vin,
                car_name=car.label,
                now=now,
                zone=zone_of(member, zone),
            )
            messages += [to_outbox(alert, vehicle_id=vehicle_id) for alert in alerts]
        added += await repo_outbox.enqueue_messages(db, messages=messages, now=now)
    if added:
        _LOGGER.info("queued %d weekly digest(s)", added)
    return added
