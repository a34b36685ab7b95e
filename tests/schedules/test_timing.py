"""Local wall-clock schedules: weekdays, one-offs, "ready by", and both DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedules.timing import (
    WORKDAYS,
    Recurrence,
    local_instant,
    next_at,
    next_run,
    warm_up_minutes,
)

BERLIN = ZoneInfo("Europe/Berlin")


def _runs(recurrence: Recurrence, start: datetime, end: datetime) -> list[datetime]:
    runs, at = [], start
    while (nxt := next_run(recurrence, BERLIN, at)) is not None and nxt < end:
        runs.append(nxt)
        at = nxt
    return runs


def test_a_weekday_0730_schedule_fires_monday_to_friday_at_0730_berlin_time() -> None:
    monday = datetime(2026, 6, 1, tzinfo=BERLIN)  # a Monday in summer time
    runs = _runs(Recurrence(7 * 60 + 30, WORKDAYS), monday, monday + timedelta(days=7))
    local = [run.astimezone(BERLIN) for run in runs]
    assert [(d.strftime("%a"), d.hour, d.minute) for d in local] == [
        (day, 7, 30) for day in ("Mon", "Tue", "Wed", "Thu", "Fri")
    ]
    assert runs[0] == datetime(2026, 6, 1, 5, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first_day", "expected_utc_hours"),
    [
        # spring forward on Sunday 29 March 2026: 07:30 CET is 06:30 UTC, 07:30 CEST is 05:30
        (date(2026, 3, 28), [6, 5, 5]),
        # fall back on Sunday 25 October 2026: 07:30 CEST is 05:30 UTC, 07:30 CET is 06:30
        (date(2026, 10, 24), [5, 6, 6]),
    ],
)
def test_a_daily_0730_schedule_stays_at_0730_local_on_both_sides_of_a_dst_change(
    first_day: date, expected_utc_hours: list[int]
) -> None:
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=BERLIN)
    runs = _runs(Recurrence(7 * 60 + 30, frozenset(range(7))), start, start + timedelta(days=3))
    assert [run.hour for run in runs] == expected_utc_hours
    assert {(run.astimezone(BERLIN).hour, run.astimezone(BERLIN).minute) for run in runs} == {
        (7, 30)
    }


def test_a_time_inside_the_spring_gap_fires_once_the_same_distance_after_the_jump() -> None:
    start = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    runs = _runs(Recurrence(2 * 60 + 30, frozenset(range(7))), start, start + timedelta(days=2))
    # 02:30 does not exist on 29 March: it runs at 03:30 CEST (01:30 UTC), then 02:30 CEST.
    assert runs == [
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),
    ]
    assert runs[0].astimezone(BERLIN).strftime("%H:%M") == "03:30"


def test_a_time_in_the_repeated_autumn_hour_fires_once_at_the_first_of_the_two() -> None:
    start = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
    runs = _runs(Recurrence(2 * 60 + 30, frozenset(range(7))), start, start + timedelta(days=2))
    assert runs == [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first 02:30
        datetime(2026, 10, 26, 1, 30, tzinfo=UTC),  # 02:30 CET the next night
    ]


def test_a_one_off_runs_once_and_then_has_no_next_run() -> None:
    once = Recurrence(7 * 60, once_on=date(2026, 12, 2))
    first = next_run(once, BERLIN, datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
    assert first == datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    assert next_run(once, BERLIN, first) is None


def test_next_at_means_today_while_the_time_is_ahead_and_tomorrow_after_it() -> None:
    morning = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
    assert next_at(7 * 60 + 30, BERLIN, morning).once_on == date(2026, 12, 1)
    assert next_at(6 * 60 + 30, BERLIN, morning).once_on == date(2026, 12, 2)


def test_ready_by_shortly_after_midnight_starts_on_the_previous_evening() -> None:
    monday_0010 = Recurrence(10, frozenset({0}))
    start = monday_0010.shifted(-15)
    assert (start.minute_of_day, start.weekdays) == (23 * 60 + 55, frozenset({6}))
    once = Recurrence(10, once_on=date(2026, 12, 7)).shifted(-15)
    assert once.once_on == date(2026, 12, 6)
    assert local_instant(date(2026, 12, 6), once.wall_time, BERLIN) == datetime(
        2026, 12, 6, 22, 55, tzinfo=UTC
    )


def test_a_cold_morning_starts_the_cabin_earlier_than_a_mild_one() -> None:
    assert warm_up_minutes(21.0, 15.0) == 10
    assert warm_up_minutes(21.0, -9.0) == 20
    assert warm_up_minutes(21.0, -40.0) == 30
    assert warm_up_minutes(21.0, None) == 15


@pytest.mark.parametrize("bad", [-1, 24 * 60])
def test_a_time_outside_the_day_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="minute_of_day"):
        Recurrence(bad, frozenset({0}))
