"""The bot's own commands are never a stranger's change, theft goes alone and first, quiet
kinds arrive silently, and a door or window left open alerts once after its threshold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.poller.audience import alerts_for
from bot.poller.diff import diff
from bot.poller.events import Event, EventKind
from bot.poller.memory import PollMemory
from bot.poller.step import DiffContext, SentCommand
from bot.poller.timed import timer_due_in
from bot.storage.records import AlertPrefs, AudienceMember, UserRecord
from tests.poller.test_diff import T0, VIN, kinds, run, status

NOW = datetime(2025, 5, 21, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
ANNA, BEN = 1, 2


def user(uid: int, name: str) -> UserRecord:
    return UserRecord(uid, name, "user", True, None, None, True, None, NOW, NOW)


AUDIENCE = [
    AudienceMember(user(ANNA, "Anna"), AlertPrefs(), owned=True),
    AudienceMember(user(BEN, "Ben"), AlertPrefs(), owned=False),
]


def sent(command: str, minute: float = 4, by: int | None = ANNA) -> DiffContext:
    return DiffContext(last_command=SentCommand(command, T0 + timedelta(minutes=minute), {}, by))


def test_windows_vent_from_this_bot_is_marked_as_the_senders_change() -> None:
    (events,) = run(
        status(0, locked=True),
        status(5, windows_open=frozenset({"driver"})),
        ctx=sent("windows_vent"),
    )
    assert kinds(events) == [EventKind.WINDOW_OPENED]
    assert events[0].data["by_bot"] is True
    assert events[0].data["by_user"] == ANNA


def test_climate_off_from_this_bot_is_not_a_stranger_finishing_the_climate() -> None:
    (events,) = run(status(0, climate_on=True), status(5), ctx=sent("climate_off"))
    assert kinds(events) == [EventKind.CLIMATE_FINISHED]
    assert events[0].data["by_bot"] is True


def test_a_window_opened_by_someone_else_is_not_credited_to_the_bot() -> None:
    (events,) = run(status(0), status(5, windows_open=frozenset({"driver"})), ctx=sent("lock"))
    assert events[0].data["by_bot"] is False


def test_the_sender_hears_nothing_and_the_others_hear_who_sent_it() -> None:
    opened = Event(
        EventKind.WINDOW_OPENED,
        VIN,
        NOW,
        "e",
        {"by_bot": True, "by_user": ANNA, "windows": ["driver"]},
    )
    alerts = alerts_for([opened], AUDIENCE, vin=VIN, car_name="Blue", now=NOW, zone=BERLIN)
    assert [a.user_id for a in alerts] == [BEN]
    assert alerts[0].events[0].data["by_name"] == "Anna"
    assert alerts[0].silent, "a change this bot made on request does not ring"


def test_theft_goes_alone_and_first_and_rings_while_info_is_silent() -> None:
    low = Event(EventKind.BATTERY_LOW, VIN, NOW, "b", {"threshold": 20})
    climate = Event(EventKind.CLIMATE_FINISHED, VIN, NOW, "c", {})
    moved = Event(EventKind.MOVED_WHILE_PARKED, VIN, NOW, "m", {"distance_m": 2345})
    alerts = alerts_for(
        [low, climate, moved], AUDIENCE[:1], vin=VIN, car_name="Blue", now=NOW, zone=BERLIN
    )
    assert [a.kinds for a in alerts] == [
        (EventKind.MOVED_WHILE_PARKED,),
        (EventKind.BATTERY_LOW, EventKind.CLIMATE_FINISHED),
    ]
    assert [a.silent for a in alerts] == [False, False]
    (quiet,) = alerts_for([climate], AUDIENCE[:1], vin=VIN, car_name="B", now=NOW, zone=BERLIN)
    assert quiet.silent


def test_a_theft_alert_to_a_share_without_location_carries_no_position() -> None:
    moved = Event(
        EventKind.MOVED_WHILE_PARKED,
        VIN,
        NOW,
        "m",
        {"distance_m": 2345, "latitude": 52.52, "longitude": 13.405},
    )
    audience = [
        AudienceMember(user(ANNA, "Anna"), AlertPrefs(), owned=True),
        AudienceMember(user(BEN, "Ben"), AlertPrefs(), owned=False, sees_location=False),
    ]
    anna, ben = alerts_for([moved], audience, vin=VIN, car_name="Blue", now=NOW, zone=BERLIN)
    assert anna.events[0].data["latitude"] == 52.52  # the owner gets the pin
    assert ben.user_id == BEN
    assert "latitude" not in ben.events[0].data  # no pin: the notifier needs both
    assert "longitude" not in ben.events[0].data
    assert ben.events[0].data["distance_m"] == 2345  # still told, and loud
    assert not ben.silent


def test_the_sound_of_a_kind_can_be_switched_either_way() -> None:
    prefs = AlertPrefs(sound_toggled=frozenset({"climate_finished", "battery_low"}))
    member = [AudienceMember(user(ANNA, "Anna"), prefs, owned=True)]
    climate = Event(EventKind.CLIMATE_FINISHED, VIN, NOW, "c", {})
    low = Event(EventKind.BATTERY_LOW, VIN, NOW, "b", {"threshold": 20})
    (rings,) = alerts_for([climate], member, vin=VIN, car_name="B", now=NOW, zone=BERLIN)
    (hushed,) = alerts_for([low], member, vin=VIN, car_name="B", now=NOW, zone=BERLIN)
    assert (rings.silent, hushed.silent) == (False, True)


def test_a_trunk_left_open_while_parked_alerts_once_after_the_threshold() -> None:
    ctx = DiffContext(left_unlocked_minutes=frozenset({2}))
    steps = run(
        status(0),
        status(1, trunk_open=True),
        status(2, trunk_open=True),
        status(3.5, trunk_open=True),
        status(6, trunk_open=True),
        ctx=ctx,
    )
    assert [kinds(s) for s in steps] == [
        [EventKind.TRUNK_OPENED],
        [],
        [EventKind.LEFT_OPEN],
        [],
    ]
    assert steps[2][0].data == {"trunk": True, "minutes": 2}


def test_closing_everything_rearms_the_left_open_timer() -> None:
    ctx = DiffContext(left_unlocked_minutes=frozenset({2}))
    door = frozenset({"driver"})
    steps = run(
        status(0),
        status(1, doors_open=door),
        status(4, doors_open=door),
        status(5),
        status(6, doors_open=door),
        status(9, doors_open=door),
        ctx=ctx,
    )
    assert [EventKind.LEFT_OPEN in kinds(s) for s in steps] == [False, True, False, False, True]


def test_the_next_timed_alert_says_when_the_car_must_be_read() -> None:
    ctx = DiffContext(left_unlocked_minutes=frozenset({1, 10}))
    memory = PollMemory(unlocked_since=T0, left_unlocked_sent=frozenset({1}))
    assert timer_due_in(memory, ctx, T0 + timedelta(minutes=4)) == 360.0
    assert timer_due_in(PollMemory(), ctx, T0) is None
    later = T0 + timedelta(minutes=1)
    opened = diff(
        status(0), status(0.5, hood_open=True), PollMemory(), vin=VIN, now=later, context=ctx
    )
    assert opened.memory.open_since == T0 + timedelta(minutes=0.5), "from the car's timestamp"
    assert timer_due_in(opened.memory, ctx, later) == 30.0
