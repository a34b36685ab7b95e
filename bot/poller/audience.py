"""Who hears what: each subscriber's preferences applied to a car's events, one alert per user.

Preferences (storage's `AlertPrefs`): kinds on or off, the user's own battery threshold and
left-unlocked delay, quiet hours (local time) and a mute, during which only theft alerts (and
the account-level "log in again") get through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from bot.poller.alerts import Alert
from bot.poller.events import ALWAYS_ON_KINDS, THEFT_KINDS, Event, EventKind
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
    """One merged alert per listening user who wants at least one of the events.

    `commanded_by` is the user whose command (still being followed through in their chat)
    caused the `by_bot` events: they see the outcome in the command's own reply, so only the
    other listeners get those events as alerts. `hushed` names, per user, kinds they do not
    hear now ("left unlocked" while the car is at one of their quiet places).
    """
    alerts: list[Alert] = []
    for member in listening(audience):
        own = member.user.id == commanded_by
        quiet = (hushed or {}).get(member.user.id, frozenset())
        chosen = events_for_user(
            [
                e
                for e in events
                if not (own and e.data.get("by_bot") is True) and e.kind not in quiet
            ],
            member.prefs,
            muted_until=member.user.alerts_muted_until,
            now=now,
            zone=zone,
        )
        if chosen:
            alerts.append(
                Alert.build(
                    user_id=member.user.id,
                    vin=vin,
                    car_name=car_name,
                    events=chosen,
                    created_at=now,
                )
            )
    return alerts
