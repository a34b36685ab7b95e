"""Who hears what: kinds on/off, own thresholds, quiet hours and mute pass only theft alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.poller.alerts import Alert
from bot.poller.audience import alerts_for, diff_context, events_for_user
from bot.poller.events import Event, EventKind
from bot.storage.records import AlertPrefs, AudienceMember, UserRecord

NOW = datetime(2025, 5, 21, 22, 30, tzinfo=UTC)  # 00:30 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")
VIN = "TESTVIN0000000001"


def ev(kind: EventKind, **data: int) -> Event:
    return Event(kind, VIN, NOW, episode="e", data=data)


def user(uid: int, *, active: bool = True, muted_until: datetime | None = None) -> UserRecord:
    return UserRecord(uid, f"u{uid}", "user", True, None, muted_until, active, None, NOW, NOW)


EVENTS = (
    ev(EventKind.PLUGGED_IN),
    ev(EventKind.BATTERY_LOW, threshold=20),
    ev(EventKind.BATTERY_LOW, threshold=30),
    ev(EventKind.LEFT_UNLOCKED, minutes=10),
    ev(EventKind.MOVED_WHILE_PARKED),
)


def chosen(prefs: AlertPrefs, muted_until: datetime | None = None) -> list[str]:
    events = events_for_user(EVENTS, prefs, muted_until=muted_until, now=NOW, zone=BERLIN)
    return [f"{e.kind.value}{e.data.get('threshold', '')}" for e in events]


def test_defaults_get_everything_at_their_own_thresholds() -> None:
    assert chosen(AlertPrefs()) == [
        "plugged_in",
        "battery_low20",
        "left_unlocked",
        "moved_while_parked",
    ]


def test_a_user_with_another_threshold_gets_that_event_only() -> None:
    assert "battery_low30" in chosen(AlertPrefs(battery_low_percent=30))
    assert "battery_low20" not in chosen(AlertPrefs(battery_low_percent=30))
    assert "left_unlocked" not in chosen(AlertPrefs(left_unlocked_minutes=15))


def test_switched_off_kinds_are_not_sent() -> None:
    prefs = AlertPrefs(disabled_kinds=frozenset({"plugged_in", "moved_while_parked"}))
    assert chosen(prefs) == ["battery_low20", "left_unlocked"]


def test_quiet_hours_in_local_time_pass_only_theft() -> None:
    night = AlertPrefs(quiet_start_minute=23 * 60, quiet_end_minute=7 * 60)  # over midnight
    assert chosen(night) == ["moved_while_parked"]
    evening = AlertPrefs(quiet_start_minute=22 * 60, quiet_end_minute=23 * 60)
    assert len(chosen(evening)) == 4  # 22:30 UTC is 00:30 local: outside 22-23 local


def test_mute_passes_only_theft_until_it_ends() -> None:
    assert chosen(AlertPrefs(), muted_until=NOW + timedelta(hours=1)) == ["moved_while_parked"]
    assert len(chosen(AlertPrefs(), muted_until=NOW)) == 4


def test_login_required_ignores_every_preference() -> None:
    login = Event(EventKind.LOGIN_REQUIRED, "", NOW, episode="x")
    prefs = AlertPrefs(
        disabled_kinds=frozenset({"login_required"}), quiet_start_minute=0, quiet_end_minute=1439
    )
    assert events_for_user(
        [login], prefs, muted_until=NOW + timedelta(days=1), now=NOW, zone=BERLIN
    ) == (login,)


def test_one_alert_per_listening_user_and_none_for_inactive_ones() -> None:
    audience = [
        AudienceMember(user(1), AlertPrefs(), owned=True),
        AudienceMember(user(2, active=False), AlertPrefs(), owned=False),
        AudienceMember(user(3), AlertPrefs(disabled_kinds=frozenset({"plugged_in"})), False),
    ]
    alerts = alerts_for(
        [ev(EventKind.PLUGGED_IN)], audience, vin=VIN, car_name="Blue #1", now=NOW, zone=BERLIN
    )
    assert [a.user_id for a in alerts] == [1]


def test_the_user_who_sent_the_command_is_not_alerted_about_its_own_effect() -> None:
    audience = [
        AudienceMember(user(1), AlertPrefs(), owned=True),
        AudienceMember(user(2), AlertPrefs(), owned=False),
    ]
    locked = Event(EventKind.LOCKED, VIN, NOW, episode="e", data={"by_bot": True})
    events = [locked, ev(EventKind.PLUGGED_IN)]
    alerts = alerts_for(
        events, audience, vin=VIN, car_name="Blue #1", now=NOW, zone=BERLIN, commanded_by=1
    )
    by_user = {a.user_id: [e.kind for e in a.events] for a in alerts}
    assert by_user == {
        1: [EventKind.PLUGGED_IN],
        2: [EventKind.LOCKED, EventKind.PLUGGED_IN],
    }


def test_diff_context_collects_every_listeners_thresholds() -> None:
    audience = [
        AudienceMember(user(1), AlertPrefs(battery_low_percent=15), True),
        AudienceMember(user(2), AlertPrefs(left_unlocked_minutes=30), False),
    ]
    ctx = diff_context(audience)
    assert ctx.battery_thresholds == {15, 20}
    assert ctx.left_unlocked_minutes == {10, 30}
    assert diff_context([]).battery_thresholds == {20}


def test_alert_survives_the_outbox_json_and_keys_hide_the_vin() -> None:
    alert = Alert.build(user_id=1, vin=VIN, car_name="Blue #1", events=EVENTS, created_at=NOW)
    assert Alert.from_json(alert.to_json()) == alert
    assert VIN not in alert.dedupe_key
    other = Alert.build(user_id=2, vin=VIN, car_name="x", events=EVENTS, created_at=NOW)
    assert other.dedupe_key != alert.dedupe_key
