"""The diff, table-driven: every event kind, timers, hysteresis, first observation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.poller.diff import diff
from bot.poller.events import PLACE_KINDS, Event, EventKind
from bot.poller.memory import PollMemory
from bot.poller.step import DiffContext, FirmwareInfo, SentCommand
from bot.smart.models import VehicleStatus

VIN = "TESTVIN0000000001"
T0 = datetime(2025, 5, 21, 8, 0, tzinfo=UTC)
PARKED = VehicleStatus(
    updated_at=T0,
    locked=True,
    doors_open=frozenset(),
    windows_open=frozenset(),
    trunk_open=False,
    hood_open=False,
    sunroof_open=False,
    plugged_in=False,
    is_charging=False,
    climate_on=False,
    battery_percent=60,
    charge_target_percent=80,
    aux_battery_v=12.6,
    tyre_warning=False,
    tyre_pressure_kpa={"driver": 250.0, "passenger": 250.0},
    latitude=48.137,
    longitude=11.575,
    odometer_km=1000.0,
    engine_running=False,
    speed_kmh=0.0,
    days_to_service=200,
)


def status(minute: float = 0, base: VehicleStatus = PARKED, **changes: Any) -> VehicleStatus:
    return replace(base, updated_at=T0 + timedelta(minutes=minute), **changes)


def run(
    *statuses: VehicleStatus,
    ctx: DiffContext | None = None,
    now_offset: timedelta = timedelta(seconds=30),
) -> list[list[Event]]:
    """Feed statuses in order, from a first observation on; events of each later poll."""
    previous: VehicleStatus | None = None
    memory = PollMemory()
    seen: list[list[Event]] = []
    for current in statuses:
        assert current.updated_at is not None
        result = diff(
            previous, current, memory, vin=VIN, now=current.updated_at + now_offset, context=ctx
        )
        if previous is not None:
            seen.append(list(result.events))
        memory = result.memory
        previous = current if result.fresh else previous
    return seen


def kinds(events: list[Event]) -> list[EventKind]:
    return [e.kind for e in events]


# (case id, before, after, expected kinds, expected data subset of the first event)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[EventKind], dict[str, Any]]] = [
    ("locked", {"locked": False}, {"locked": True}, [EventKind.LOCKED], {"by_bot": False}),
    ("unlocked", {}, {"locked": False}, [EventKind.UNLOCKED], {"by_bot": False}),
    (
        "door_opened_while_parked",
        {"locked": False},
        {"locked": False, "doors_open": frozenset({"driver"})},
        [EventKind.DOOR_OPENED],
        {"doors": ["driver"]},
    ),
    (
        "door_opened_while_driving_is_quiet",
        {"locked": False, "engine_running": True},
        {"locked": False, "engine_running": True, "doors_open": frozenset({"driver"})},
        [],
        {},
    ),
    ("trunk_opened", {}, {"trunk_open": True}, [EventKind.TRUNK_OPENED], {}),
    ("hood_opened", {}, {"hood_open": True}, [EventKind.HOOD_OPENED], {}),
    (
        "window_opened",
        {},
        {"windows_open": frozenset({"passenger", "driver"})},
        [EventKind.WINDOW_OPENED],
        {"windows": ["driver", "passenger"]},
    ),
    ("sunroof_opened", {}, {"sunroof_open": True}, [EventKind.SUNROOF_OPENED], {}),
    ("closing_a_door_says_nothing", {"doors_open": frozenset({"driver"})}, {}, [], {}),
    ("plugged_in", {}, {"plugged_in": True}, [EventKind.PLUGGED_IN], {"battery": 60}),
    ("unplugged", {"plugged_in": True}, {}, [EventKind.UNPLUGGED], {}),
    (
        "charging_started",
        {"plugged_in": True},
        {"plugged_in": True, "is_charging": True},
        [EventKind.CHARGING_STARTED],
        {"battery": 60, "target": 80},
    ),
    (
        "charging_stopped_early",
        {"plugged_in": True, "is_charging": True},
        {"plugged_in": True, "battery_percent": 65},
        [EventKind.CHARGING_STOPPED],
        {"battery": 65, "plugged_in": True},
    ),
    (
        "charge_target_reached_as_it_stops",
        {"plugged_in": True, "is_charging": True},
        {"plugged_in": True, "battery_percent": 80},
        [EventKind.CHARGE_TARGET_REACHED],
        {"battery": 80},
    ),
    (
        "charge_target_reached_while_charging",
        {"plugged_in": True, "is_charging": True, "battery_percent": 79},
        {"plugged_in": True, "is_charging": True, "battery_percent": 80},
        [EventKind.CHARGE_TARGET_REACHED],
        {"battery": 80},
    ),
    (
        "charging_finished_full",
        {"plugged_in": True, "is_charging": True, "charge_target_percent": None},
        {"plugged_in": True, "battery_percent": 100, "charge_target_percent": None},
        [EventKind.CHARGING_FINISHED],
        {"battery": 100},
    ),
    (
        "charging_finished_by_charger_state",
        {"plugged_in": True, "is_charging": True, "charge_target_percent": None},
        {
            "plugged_in": True,
            "battery_percent": 90,
            "charger_state": 5,
            "charge_target_percent": None,
        },
        [EventKind.CHARGING_FINISHED],
        {},
    ),
    (
        "battery_low",
        {"battery_percent": 21},
        {"battery_percent": 20},
        [EventKind.BATTERY_LOW],
        {"battery": 20, "threshold": 20},
    ),
    ("battery_above_threshold_is_quiet", {"battery_percent": 25}, {"battery_percent": 21}, [], {}),
    (
        "aux_battery_low",
        {"aux_battery_v": 12.4},
        {"aux_battery_v": 11.6},
        [EventKind.AUX_BATTERY_LOW],
        {"volts": 11.6},
    ),
    ("tyre_warning_flag", {}, {"tyre_warning": True}, [EventKind.TYRE_PRESSURE_WARNING], {}),
    (
        "tyre_pressure_low",
        {},
        {"tyre_pressure_kpa": {"driver": 150.0, "passenger": 250.0}},
        [EventKind.TYRE_PRESSURE_WARNING],
        {"wheels": ["driver"]},
    ),
    ("climate_started", {}, {"climate_on": True}, [EventKind.CLIMATE_STARTED], {"by_bot": False}),
    (
        "climate_finished",
        {"climate_on": True},
        {"interior_temp_c": 21.5},
        [EventKind.CLIMATE_FINISHED],
        {"interior_c": 21.5},
    ),
    (
        "moved_while_parked_and_locked",
        {},
        {"latitude": 48.147},
        [EventKind.MOVED_WHILE_PARKED],
        {"distance_m": 1112},
    ),
    ("gps_jitter_is_not_a_move", {}, {"latitude": 48.1375}, [], {}),
    (
        "a_trip_between_polls_is_not_a_theft",
        {},
        {"latitude": 48.147, "odometer_km": 1002.0},
        [],
        {},
    ),
    (
        "moving_while_unlocked_is_not_a_theft",
        {"locked": False},
        {"locked": False, "latitude": 48.147},
        [],
        {},
    ),
    (
        "service_due",
        {"days_to_service": 15},
        {"days_to_service": 14},
        [EventKind.SERVICE_DUE],
        {"days": 14},
    ),
    (
        "merged_changes_in_one_poll",
        {"plugged_in": False},
        {"plugged_in": True, "is_charging": True},
        [EventKind.PLUGGED_IN, EventKind.CHARGING_STARTED],
        {},
    ),
]


@pytest.mark.parametrize(
    ("before", "after", "expected", "data"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_change_gives_its_event(
    before: dict[str, Any],
    after: dict[str, Any],
    expected: list[EventKind],
    data: dict[str, Any],
) -> None:
    (events,) = run(status(0, **before), status(5, **after))
    assert kinds(events) == expected
    if expected:
        assert {k: events[0].data.get(k) for k in data} == data
        assert all(e.vin == VIN for e in events)


def test_every_event_kind_is_covered_by_a_case() -> None:
    covered = {k for case in CASES for k in case[3]}
    timed = {
        EventKind.LEFT_UNLOCKED,
        EventKind.LEFT_OPEN,
        EventKind.SOFTWARE_UPDATE_AVAILABLE,
        EventKind.LOGIN_REQUIRED,
    }
    # Summaries come from the history (tests/history), not from the diff.
    history = {EventKind.CHARGE_SUMMARY, EventKind.DRIVE_SUMMARY, EventKind.WEEKLY_DIGEST}
    # Saved places come from bot.poller.places (tests/poller/test_places_once.py).
    assert set(EventKind) - covered == timed | history | PLACE_KINDS


def test_first_observation_says_nothing_even_when_everything_is_wrong() -> None:
    alarming = status(
        0,
        locked=False,
        battery_percent=5,
        aux_battery_v=11.0,
        tyre_warning=True,
        days_to_service=3,
        doors_open=frozenset({"driver"}),
        is_charging=True,
    )
    result = diff(None, alarming, PollMemory(), vin=VIN, now=T0)
    assert result.events == ()
    # ... and the conditions that were already true are not reported on the next poll either.
    (later,) = run(alarming, replace(alarming, updated_at=T0 + timedelta(minutes=1)))
    assert later == []


def test_a_re_read_of_the_same_status_says_nothing_new() -> None:
    (events,) = run(status(0, locked=False), status(0, locked=False))
    assert events == []


def test_new_content_under_the_same_car_timestamp_still_counts() -> None:
    (events,) = run(status(0), status(0, plugged_in=True))
    assert kinds(events) == [EventKind.PLUGGED_IN]


def test_an_older_status_than_the_last_is_ignored() -> None:
    first, older, newer = status(10), status(5, locked=False), status(15)
    assert run(first, older, newer) == [[], []]


def test_lock_sent_by_this_bot_says_so() -> None:
    ctx = DiffContext(last_command=SentCommand("lock", T0 + timedelta(minutes=4)))
    (events,) = run(status(0, locked=False), status(5), ctx=ctx)
    assert events[0].kind is EventKind.LOCKED
    assert events[0].data["by_bot"] is True


def test_an_old_command_is_not_credited_for_a_later_change() -> None:
    ctx = DiffContext(last_command=SentCommand("unlock", T0 - timedelta(hours=1)))
    (events,) = run(status(0), status(5, locked=False), ctx=ctx)
    assert events[0].data["by_bot"] is False


def test_battery_low_is_rearmed_only_above_threshold_plus_five() -> None:
    levels = [30, 20, 23, 19, 25, 18, 26, 20]
    steps = run(*(status(i, battery_percent=b) for i, b in enumerate(levels)))
    fired = [levels[i + 1] for i, events in enumerate(steps) if events]
    assert fired == [20, 20]  # 19 after 23 and 18 after 25 stay quiet: not re-armed yet


def test_battery_low_fires_once_per_threshold_in_use() -> None:
    ctx = DiffContext(battery_thresholds=frozenset({20, 30}))
    steps = run(
        status(0, battery_percent=35),
        status(5, battery_percent=28),
        status(10, battery_percent=19),
        ctx=ctx,
    )
    assert [[e.data["threshold"] for e in events] for events in steps] == [[30], [20]]


def test_left_unlocked_fires_once_after_n_minutes_parked() -> None:
    steps = run(
        status(0),
        status(1, locked=False),
        status(6, locked=False),
        status(11, locked=False),
        status(16, locked=False),
    )
    assert [kinds(s) for s in steps] == [
        [EventKind.UNLOCKED],
        [],
        [EventKind.LEFT_UNLOCKED],
        [],
    ]
    assert steps[2][0].data == {"minutes": 10}


def test_left_unlocked_timer_runs_on_the_clock_even_without_new_car_data() -> None:
    unlocked = status(1, locked=False)
    first = diff(None, status(0), PollMemory(), vin=VIN, now=T0)
    second = diff(status(0), unlocked, first.memory, vin=VIN, now=T0 + timedelta(minutes=1))
    third = diff(unlocked, unlocked, second.memory, vin=VIN, now=T0 + timedelta(minutes=12))
    assert kinds(list(third.events)) == [EventKind.LEFT_UNLOCKED]


def test_left_unlocked_rearms_after_locking() -> None:
    steps = run(
        status(0),
        status(1, locked=False),
        status(12, locked=False),
        status(13),
        status(14, locked=False),
        status(25, locked=False),
    )
    left = [e for s in steps for e in s if e.kind is EventKind.LEFT_UNLOCKED]
    assert len(left) == 2
    assert left[0].episode != left[1].episode


def test_left_unlocked_does_not_run_while_driving() -> None:
    driving: dict[str, Any] = {"locked": False, "engine_running": True, "speed_kmh": 50.0}
    steps = run(status(0, **driving), status(11, **driving), status(22, **driving))
    assert steps == [[], []]


def test_each_subscriber_delay_fires_separately() -> None:
    ctx = DiffContext(left_unlocked_minutes=frozenset({5, 10}))
    steps = run(
        status(0),
        status(1, locked=False),
        status(7, locked=False),
        status(12, locked=False),
        ctx=ctx,
    )
    assert [
        [e.data.get("minutes") for e in s if e.kind is EventKind.LEFT_UNLOCKED] for s in steps
    ] == [[], [5], [10]]


def test_moved_fires_once_while_the_car_keeps_moving() -> None:
    steps = run(status(0), status(5, latitude=48.147), status(10, latitude=48.160))
    assert [kinds(s) for s in steps] == [[EventKind.MOVED_WHILE_PARKED], []]


def test_towing_with_engine_off_and_speed_is_reported() -> None:
    (events,) = run(status(0), status(5, latitude=48.15, speed_kmh=40.0))
    assert kinds(events) == [EventKind.MOVED_WHILE_PARKED]


def test_tyre_warning_fires_once_until_it_clears() -> None:
    steps = run(
        status(0),
        status(1, tyre_warning=True),
        status(2, tyre_warning=True),
        status(3),
        status(4, tyre_warning=True),
    )
    assert [len(s) for s in steps] == [1, 0, 0, 1]


def test_aux_battery_hovering_between_thresholds_does_not_repeat() -> None:
    volts = [12.6, 11.7, 12.0, 11.7, 12.3, 11.7]
    steps = run(*(status(i, aux_battery_v=v) for i, v in enumerate(volts)))
    assert [len(s) for s in steps] == [1, 0, 0, 0, 1]


def test_charge_target_reached_is_said_once_per_session() -> None:
    charging: dict[str, Any] = {"plugged_in": True, "is_charging": True}
    steps = run(
        status(0, plugged_in=True),
        status(1, **charging, battery_percent=70),
        status(2, **charging, battery_percent=80),
        status(3, plugged_in=True, battery_percent=80),
    )
    assert [kinds(s) for s in steps] == [
        [EventKind.CHARGING_STARTED],
        [EventKind.CHARGE_TARGET_REACHED],
        [],
    ]


def test_software_update_is_announced_once_per_version() -> None:
    def ctx(target: str | None) -> DiffContext:
        return DiffContext(firmware=FirmwareInfo("1.5.2", target, update_available=bool(target)))

    memory = diff(None, status(0), PollMemory(), vin=VIN, now=T0, context=ctx(None)).memory
    events: list[list[EventKind]] = []
    for minute, target in ((1, "1.6.0"), (2, "1.6.0"), (3, None), (4, "1.7.0")):
        result = diff(
            status(minute - 1),
            status(minute),
            memory,
            vin=VIN,
            now=T0 + timedelta(minutes=minute),
            context=ctx(target),
        )
        memory = result.memory
        events.append(kinds(list(result.events)))
    assert events == [
        [EventKind.SOFTWARE_UPDATE_AVAILABLE],
        [],
        [],
        [EventKind.SOFTWARE_UPDATE_AVAILABLE],
    ]


def test_update_pending_at_first_sight_is_not_announced() -> None:
    fw = DiffContext(firmware=FirmwareInfo("1.5", "1.6", update_available=True))
    memory = diff(None, status(0), PollMemory(), vin=VIN, now=T0, context=fw).memory
    result = diff(status(0), status(1), memory, vin=VIN, now=T0, context=fw)
    assert result.events == ()


def test_the_same_poll_processed_twice_gives_the_same_keys() -> None:
    one = run(status(0), status(5, locked=False, trunk_open=True))
    two = run(status(0), status(5, locked=False, trunk_open=True))
    assert [e.dedupe_key for e in one[0]] == [e.dedupe_key for e in two[0]]


def test_memory_survives_a_round_trip_through_storage() -> None:
    memory = PollMemory(
        unlocked_since=T0,
        left_unlocked_sent=frozenset({10}),
        anchor=(48.1, 11.5),
        moved_sent=True,
        battery_low_sent=frozenset({20, 15}),
        aux_low_sent=True,
        tyre_sent=True,
        service_sent=True,
        update_seen="",
        charge_session="x",
        target_sent=True,
    )
    assert PollMemory.from_episodes(memory.to_episodes()) == memory
    assert PollMemory.from_episodes({"battery_low": {"sent": ["junk"]}}) == PollMemory()


def test_odd_statuses_never_raise() -> None:
    odd = VehicleStatus(
        updated_at=None,
        tyre_pressure_kpa={"x": -1.0},
        aux_battery_v=0.0,
        latitude=91.0,
        longitude=None,
        doors_open=frozenset(),
    )
    result = diff(PARKED, odd, PollMemory(), vin=VIN, now=T0)
    assert isinstance(result.events, tuple)
    empty = diff(odd, VehicleStatus(), result.memory, vin=VIN, now=T0)
    assert empty.events == ()
