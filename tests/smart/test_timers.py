"""Reading the car's own timers leniently: both documented shapes, odd values, no timer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.smart.timers import (
    CarChargingTimer,
    CarClimateTimer,
    parse_charging_timer,
    parse_climate_timers,
)

# Documentation examples from the hello_smart docs (REFERENCE 7.9/7.10; its fixtures
# remote_control_schedule_{dict,list}_variant.json and remote_control_charging_reservation.json).
SCHEDULE_DICT = {
    "code": 1000,
    "data": {
        "scheduleList": [
            {"scheduleId": "1", "enabled": True, "scheduledTime": "07:00",
             "temperature": "21.0", "duration": 180}
        ]
    },
}  # fmt: skip
SCHEDULE_LIST = {"code": 1000, "data": SCHEDULE_DICT["data"]["scheduleList"]}  # type: ignore[index]
RESERVATION = {
    "code": 1000,
    "data": {"reservationStatus": "active", "startTime": "22:00", "endTime": "06:00",
             "targetSoc": "80"},
}  # fmt: skip


@pytest.mark.parametrize("body", [SCHEDULE_DICT, SCHEDULE_LIST])
def test_both_documented_schedule_shapes_read_as_the_same_timer(body: dict[str, Any]) -> None:
    assert parse_climate_timers(body) == (CarClimateTimer("1", True, "07:00", 21.0),)


def test_the_documented_reservation_reads_as_an_active_charging_timer() -> None:
    assert parse_charging_timer(RESERVATION) == CarChargingTimer(True, "22:00", "06:00", 80)


def test_a_paginated_reservation_history_reads_its_first_entry() -> None:
    body = {"code": 1000, "data": {"pagination": {}, "list": [RESERVATION["data"]]}}
    assert parse_charging_timer(body) == CarChargingTimer(True, "22:00", "06:00", 80)


@pytest.mark.parametrize(
    "data",
    [None, [], {}, {"list": None}, {"list": []}, "x", 7, {"reservationStatus": "active"}],
)
def test_no_or_an_empty_reservation_reads_as_no_timer(data: object) -> None:
    assert parse_charging_timer({"code": 1000, "data": data}) is None


def test_odd_schedule_entries_are_skipped_or_read_field_by_field() -> None:
    body = {
        "code": 1000,
        "data": [
            {"scheduleId": 2, "enabled": "1", "scheduledTime": "6:30"},  # not HH:MM: skipped
            {"scheduleId": 3, "enabled": "0", "scheduledTime": "06:30", "temperature": "hot"},
            "not an object",
            {"scheduleId": 4, "enabled": True, "scheduledTime": "25:00"},
        ],
    }
    assert parse_climate_timers(body) == (CarClimateTimer("3", False, "06:30", None),)


def test_an_out_of_range_target_is_unknown_not_wrong() -> None:
    body = {"code": 1000, "data": {"reservationStatus": "x", "startTime": "22:00",
                                   "targetSoc": "180"}}  # fmt: skip
    assert parse_charging_timer(body) == CarChargingTimer(False, "22:00", None, None)
