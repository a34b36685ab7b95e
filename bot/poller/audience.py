"""Who hears what: each subscriber's preferences applied to a car's events, one alert per user.

Preferences (storage's `AlertPrefs`): kinds on or off, the user's own battery threshold and
left-unlocked delay, quiet hours (local time) and a mute, during which only theft alerts (and
the account-level "log in again") get through.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from bot.poller.alerts import Alert
from bot.poller.events import ALWAYS_ON_KINDS, RINGING_KINDS, THEFT_KINDS, Event, EventKind
from bot.poller.step import DiffContext, FirmwareInfo, SentCommand
from bot.storage.records import AlertPrefs, AudienceMember


def events_for_user(
    events: Iterable[Event],
    prefs: AlertPrefs,
    *,
    muted_until: datetime | None,
    now: datetime,
    zone: tzinfo,
) -> tuple[Event, ...]:
    """The events this user wants now, in order."""
    local = now.astimezone(zone)
    hushed = (muted_until is not None and now < muted_until) or prefs.is_quiet(
        local.hour * 60 + local.minute
    )
    chosen: list[Event] = []
    for event in events:
        if event.kind in ALWAYS_ON_KINDS:
            chosen.append(event)
            continue
        if not prefs.enabled(event.kind.value):
            continue
        if hushed and event.kind not in THEFT_KINDS:
            continue
        if not _matches_threshold(event, prefs):
            continue
        chosen.append(event)
    return tuple(chosen)


def _matches_threshold(event: Event, prefs: AlertPrefs) -> bool:
    """Threshold events are produced once per threshold in use; each user gets their own."""
    if event.kind is EventKind.BATTERY_LOW:
        return event.data.get("threshold") == prefs.battery_low_percent
    if event.kind is EventKind.LEFT_UNLOCKED:
        return event.data.get("minutes") == prefs.left_unlocked_minutes
    return True


def listening(audience: Iterable[AudienceMember]) -> list[AudienceMember]:
    """Members who can receive alerts: allowed and not blocked."""
    return [m for m in audience if m.user.active and (m.user.allowed or m.user.is_admin)]


def diff_context(
    audience: Sequence[AudienceMember],
    *,
    last_command: SentCommand | None = None,
    firmware: FirmwareInfo | None = None,
    command_window_s: float = 180.0,
) -> DiffContext:
    """The thresholds the car's listeners use (the defaults when nobody listens)."""
    defaults = AlertPrefs()
    battery = {m.prefs.battery_low_percent for m in audience} or {defaults.battery_low_percent}
    minutes = {m.prefs.left_unlocked_minutes for m in audience} or {defaults.left_unlocked_minutes}
    return DiffContext(
        battery_thresholds=frozenset(battery),
        left_unlocked_minutes=frozenset(minutes),
        last_command=last_command,
        firmware=firmware,
        command_window=timedelta(seconds=command_window_s),
    )


def rings(event: Event, prefs: AlertPrefs) -> bool:
    """Whether this event makes a sound for the user: by kind (`RINGING_KINDS`, switchable
    per kind in /alerts); a change this bot made on someone's command never rings."""
    if event.data.get("by_bot") is True:
        return False
    return prefs.rings(event.kind.value, by_default=event.kind in RINGING_KINDS)


def _named(events: Sequence[Event], names: Mapping[int, str]) -> list[Event]:
    """The events with the name of the user whose command caused them (`by_name`)."""
    named: list[Event] = []
    for event in events:
        by = event.data.get("by_user")
        name = names.get(by) if isinstance(by, int) and not isinstance(by, bool) else None
        named.append(
            dataclasses.replace(event, data={**event.data, "by_name": name}) if name else event
        )
    return named


def _without_position(event: Event) -> Event:
    """The event without the car's exact position, for a user who may not see it (a share
    "without location"): a theft alert then comes without its pin."""
    if "latitude" not in event.data and "longitude" not in event.data:
        return event
    data = {k: v for k, v in event.data.items() if k not in ("latitude", "longitude")}
    return dataclasses.replace(event, data=data)


def _caused_by(event: Event, user_id: int, commanded_by: int | None) -> bool:
    """The event is the effect of this user's own command (they follow it in its reply)."""
    if event.data.get("by_bot") is not True:
        return False
    return event.data.get("by_user") == user_id or user_id == commanded_by


def alerts_for(
    events: Sequence[Event],
    audience: Iterable[AudienceMember],
    *,
    vin: str,
    car_name: str,
    now: datetime,
    zone: tzinfo,
    commanded_by: int | None = None,
    hushed: Mapping[int, frozenset[EventKind]] | None = None,
) -> list[Alert]:
    """The alerts of one poll: per listening user who wants at least one of the events, a
    theft alert on its own and first, then one merged alert of the rest.

    The user whose command caused the `by_bot` events (`by_user`, or `commanded_by`) sees its
    outcome in the command's own reply, so only the other listeners get those events, marked
    with the sender's name. An alert is silent unless one of its events rings for the user.
    `hushed` names, per user, kinds they do not hear now ("left unlocked" while the car is at
    one of their quiet places).
    """
    members = listening(audience)
    names = {m.user.id: m.user.display_name for m in members if m.user.display_name}
    named = _named(events, names)
    alerts: list[Alert] = []
    for member in members:
        quiet = (hushed or {}).get(member.user.id, frozenset())
        chosen = events_for_user(
            [
                e if member.sees_location else _without_position(e)
                for e in named
                if not _caused_by(e, member.user.id, commanded_by) and e.kind not in quiet
            ],
            member.prefs,
            muted_until=member.user.alerts_muted_until,
            now=now,
            zone=zone,
        )
        theft = tuple(e for e in chosen if e.kind in THEFT_KINDS)
        rest = tuple(e for e in chosen if e.kind not in THEFT_KINDS)
        for group in (theft, rest):
            if group:
                alerts.append(
                    Alert.build(
                        user_id=member.user.id,
                        vin=vin,
                        car_name=car_name,
                        events=group,
                        created_at=now,
                        silent=not any(rings(e, member.prefs) for e in group),
                    )
                )
    # Theft alerts first for everyone: the outbox sends in the order they were queued.
    alerts.sort(key=lambda alert: not THEFT_KINDS.intersection(alert.kinds))
    return alerts
