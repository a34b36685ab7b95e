"""After each poll: the car's saved places (arrival, departure, the evening "not plugged in"
reminder, where "left unlocked" is not said) and the live locations following it.

`PlaceWatch.look` reads the car's places and live locations once per poll (before the next
poll time is chosen: a followed car is polled at the driving interval). `after_poll` decides
with `geofence.decide` and records each move with `repo_places.move_presence`, which queues
the alert in the same conditional UPDATE: one announcement per visit whatever restarts or
replicas do. Live locations are moved and stopped through the `LiveMap` seam, which the
Telegram layer implements (the poller never imports Telegram); a failure there is logged
and never fails the poll.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Final, Protocol

from bot.poller.alerts import Alert
from bot.poller.audience import events_for_user, listening
from bot.poller.digest import zone_of
from bot.poller.events import Event, EventKind, episode_key
from bot.poller.geofence import Move, decide, exit_radius_m
from bot.poller.rules import is_driving
from bot.poller.sender import to_outbox
from bot.smart.geo import distance_m
from bot.smart.models import VehicleStatus
from bot.storage import repo_alerts, repo_live, repo_places
from bot.storage.db import Database
from bot.storage.records import AudienceMember, NewOutboxMessage
from bot.storage.records_places import LiveLocation, Place

_LOGGER = logging.getLogger(__name__)

REMIND_WINDOW: Final = timedelta(hours=4)  # after its time, the reminder waits this long
# for its reason (the car comes home unplugged at 22:00), then the evening is over.
STILL_M: Final = 50.0  # a parked car that moved less than this since it was shown stands still


class LiveMap(Protocol):
    """Moves and stops the Telegram live locations. Implemented by the Telegram layer."""

    async def move(self, live: LiveLocation, latitude: float, longitude: float) -> bool:
        """Show the new position; False when the message can no longer follow (stopped)."""

    async def stop(self, live: LiveLocation) -> None:
        """End the live location (the last position stays on the map)."""


@dataclass(frozen=True, slots=True)
class Watch:
    """What the car's places and followers are at this poll."""

    places: tuple[Place, ...] = ()
    lives: tuple[LiveLocation, ...] = ()

    def followed(self, now: datetime) -> bool:
        """Someone follows the car on a live location right now."""
        return any(live.until > now for live in self.lives)

    def hushed(self, status: VehicleStatus) -> dict[int, frozenset[EventKind]]:
        """Per user, the kinds not said here: "left unlocked" at their quiet places."""
        if not status.has_position:
            return {}
        here = (status.latitude or 0.0, status.longitude or 0.0)
        return {
            place.user_id: frozenset({EventKind.LEFT_UNLOCKED})
            for place in self.places
            if place.quiet_unlocked and distance_m(place.point, here) <= place.radius_m
        }


def next_reminder(minute: int, zone: tzinfo, after: datetime) -> datetime:
    """The first local `minute` of the day strictly after `after`, in UTC."""
    local = after.astimezone(zone)
    at = time(minute // 60, minute % 60)
    for days in (0, 1, 2):
        candidate = datetime.combine(local.date() + timedelta(days=days), at, tzinfo=zone)
        if candidate.astimezone(UTC) > after:
            return candidate.astimezone(UTC)
    raise AssertionError("unreachable")  # pragma: no cover


def needs_cable(place: Place, status: VehicleStatus) -> bool:
    """Parked at this place, not plugged in and below the place's level."""
    if not status.has_position or is_driving(status) or status.plugged_in is not False:
        return False
    soc = status.battery_percent
    if soc is None or soc >= place.remind_below:
        return False
    here = (status.latitude or 0.0, status.longitude or 0.0)
    return distance_m(place.point, here) <= exit_radius_m(place.radius_m)


@dataclass(frozen=True, slots=True)
class _Seen:
    """One poll of one car."""

    status: VehicleStatus
    vehicle_id: int
    vin: str
    car_name: str
    now: datetime


@dataclass(slots=True)
class PlaceWatch:
    """Places and live locations of the cars one poller polls."""

    db: Database
    zone: tzinfo
    live_map: LiveMap | None = None
    _audience: dict[int, list[AudienceMember]] = field(default_factory=dict)

    async def look(
        self,
        vehicle_id: int,
        *,
        places: tuple[Place, ...] | None = None,
        lives: tuple[LiveLocation, ...] | None = None,
    ) -> Watch:
        """The car's places and live locations: as read with the claim, else read now."""
        if places is None:
            places = tuple(await repo_places.places_of_vehicle(self.db, vehicle_id=vehicle_id))
        if lives is None:
            lives = tuple(await repo_live.active_lives(self.db, vehicle_id=vehicle_id))
        return Watch(places, lives)

    async def after_poll(
        self,
        watch: Watch,
        status: VehicleStatus,
        *,
        vehicle_id: int,
        vin: str,
        car_name: str,
        now: datetime,
    ) -> int:
        """Record moves and reminders, move the live locations; returns alerts queued."""
        if not watch.places and not watch.lives:
            return 0
        self._audience.pop(vehicle_id, None)
        seen = _Seen(status, vehicle_id, vin, car_name, now)
        queued = 0
        for place in watch.places:
            try:
                queued += await self._place(place, seen)
            except Exception:  # one place never stops the others or the poll
                _LOGGER.exception("place %s of car could not be checked", place.id)
        for live in watch.lives:
            try:
                await self._live(live, seen)
            except Exception:
                _LOGGER.exception("live location %s could not be moved", live.id)
        return queued

    async def _members(self, vehicle_id: int) -> list[AudienceMember]:
        if vehicle_id not in self._audience:
            audience = await repo_alerts.vehicle_audience(self.db, vehicle_id=vehicle_id)
            self._audience[vehicle_id] = listening(audience)
        return self._audience[vehicle_id]

    async def _member(self, vehicle_id: int, user_id: int) -> AudienceMember | None:
        """The place's user while they may still see the car's position."""
        for member in await self._members(vehicle_id):
            if member.user.id == user_id and member.sees_location:
                return member
        return None

    async def _place(self, place: Place, seen: _Seen) -> int:
        status, now = seen.status, seen.now
        queued = 0
        move, inside = decide(place.inside, status, place=place.point, radius_m=place.radius_m)
        if move is not Move.NONE and inside is not None:
            kind = EventKind.PLACE_ARRIVED if move is Move.ARRIVED else EventKind.PLACE_LEFT
            wanted = (move is Move.ARRIVED and place.notify_arrive) or (
                move is Move.LEFT and place.notify_leave
            )
            messages: list[NewOutboxMessage] = []
            if move is not Move.FIRST and wanted:
                at = status.updated_at or now
                episode = f"{place.id}.{place.visit + 1}"
                event = Event(kind, seen.vin, at, episode, {"place": place.name})
                messages = await self._messages(event, place, seen)
            if await repo_places.move_presence(
                self.db, place=place, inside=inside, messages=messages, now=now
            ):
                queued += len(messages)
        if place.remind_minute is not None:
            queued += await self._reminder(place, seen)
        return queued

    async def _messages(self, event: Event, place: Place, seen: _Seen) -> list[NewOutboxMessage]:
        now, vehicle_id, car_name = seen.now, seen.vehicle_id, seen.car_name
        member = await self._member(vehicle_id, place.user_id)
        if member is None:
            return []
        zone = zone_of(member, self.zone)
        chosen = events_for_user(
            [event], member.prefs, muted_until=member.user.alerts_muted_until, now=now, zone=zone
        )
        if not chosen:
            return []
        alert = Alert.build(
            user_id=member.user.id, vin=event.vin, car_name=car_name, events=chosen, created_at=now
        )
        return [to_outbox(alert, vehicle_id=vehicle_id)]

    async def _reminder(self, place: Place, seen: _Seen) -> int:
        status, now = seen.status, seen.now
        minute = place.remind_minute
        assert minute is not None  # noqa: S101
        member = await self._member(seen.vehicle_id, place.user_id)
        zone = zone_of(member, self.zone) if member is not None else self.zone
        due = place.remind_next_at
        if due is None:  # set without a time: from now on
            await repo_places.claim_reminder(
                self.db, place=place, next_at=next_reminder(minute, zone, now), now=now
            )
            return 0
        if now < due:
            return 0
        messages: list[NewOutboxMessage] = []
        if needs_cable(place, status):
            data: Mapping[str, str | int | None] = {
                "place": place.name,
                "battery": status.battery_percent,
                "place_id": place.id,
            }
            event = Event(EventKind.NOT_PLUGGED_IN, seen.vin, now, episode_key(due), dict(data))
            messages = await self._messages(event, place, seen)
        elif now < due + REMIND_WINDOW:
            return 0  # not yet a reason; the evening is young
        following = next_reminder(minute, zone, max(now, due))
        done = await repo_places.claim_reminder(
            self.db, place=place, next_at=following, messages=messages, now=now
        )
        return len(messages) if done else 0

    async def _live(self, live: LiveLocation, seen: _Seen) -> None:
        status, now = seen.status, seen.now
        member = await self._member(seen.vehicle_id, live.user_id)
        if now >= live.until and member is not None:  # Telegram ended it by itself
            await repo_live.stop(self.db, live_id=live.id, now=now)
            return
        where = (
            (status.latitude, status.longitude)
            if status.latitude is not None and status.longitude is not None
            else None
        )
        shown = (
            (live.latitude, live.longitude)
            if live.latitude is not None and live.longitude is not None
            else None
        )
        # Parked where it was last shown (a towed car, parked but moving, is still followed).
        parked = not is_driving(status) and (
            where is None or shown is None or distance_m(where, shown) < STILL_M
        )
        if member is None or parked or self.live_map is None:
            # Parked, or the user may no longer see the car's position: stop it now.
            if await repo_live.stop(self.db, live_id=live.id, now=now) and self.live_map:
                await self.live_map.stop(live)
            return
        if where is None or where == shown:
            return
        if await self.live_map.move(live, *where):
            await repo_live.moved(self.db, live_id=live.id, latitude=where[0], longitude=where[1])
        else:
            await repo_live.stop(self.db, live_id=live.id, now=now)
