"""Charging sessions are found in the history samples: AC and DC, a pause that resumes stays
one session, and the energy is measured from power or estimated from the state of charge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.poller.charging_sessions import MAX_PAUSE, EnergyMethod, find_sessions
from bot.smart.models import CarModel
from bot.storage.repo_history import CHARGING, DC, PLUGGED, Sample

T0 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
HOME = (48.137, 11.575)


def _at(minutes: float, soc: int | None, flags: int = 0, kw: float | None = None) -> Sample:
    return Sample(
        at=T0 + timedelta(minutes=minutes),
        soc=soc,
        flags=flags,
        power_kw=kw,
        lat=HOME[0],
        lon=HOME[1],
    )


def _ac_hour(start_soc: int = 40, minutes: int = 60) -> list[Sample]:
    """Parked, plugged in, an hour at 11 kW (11 kWh), stopped, unplugged."""
    on = CHARGING | PLUGGED
    rows = [_at(-5, start_soc), _at(0, start_soc, on, 11.0)]
    rows += [_at(m, start_soc + m * 11 // 62, on, 11.0) for m in range(10, minutes + 1, 10)]
    rows += [_at(minutes + 1, start_soc + 18, PLUGGED), _at(minutes + 40, start_soc + 18)]
    return rows


def test_an_ac_session_from_plug_in_to_unplug_is_one_session_with_measured_energy() -> None:
    (session,) = find_sessions(_ac_hour(), model=CarModel.SMART_1)
    assert session.finished
    assert not session.dc
    assert session.method is EnergyMethod.MEASURED
    assert session.energy_kwh == pytest.approx(11.0, abs=0.3)
    assert (session.start_soc, session.end_soc, session.added_percent) == (40, 58, 18)
    assert session.peak_kw == 11.0
    assert session.average_kw == pytest.approx(11.0, abs=0.3)
    assert session.start == T0
    assert session.duration == timedelta(minutes=61)
    assert session.place == HOME


def test_a_dc_session_is_marked_dc_and_its_peak_is_the_highest_power() -> None:
    on = CHARGING | PLUGGED | DC
    rows = [_at(0, 10, on, 90.0), _at(5, 22, on, 140.0), _at(10, 40, on, 120.0)]
    rows += [_at(15, 55, on, 60.0), _at(16, 55, PLUGGED | DC), _at(18, 55)]
    (session,) = find_sessions(rows, model=CarModel.SMART_1)
    assert session.dc
    assert session.peak_kw == 140.0
    assert (session.start_soc, session.end_soc) == (10, 55)
    # 5 min each at (90+140)/2, (140+120)/2, (120+60)/2 kW = 9.58 + 10.83 + 7.5 kWh; the
    # minute in which it stopped added no percent, so it adds no energy either.
    assert session.energy_kwh == pytest.approx(27.92, abs=0.01)
    assert session.charging_time == timedelta(minutes=15)


def test_a_pause_that_resumes_on_the_cable_stays_one_session() -> None:
    on = CHARGING | PLUGGED
    rows = [_at(0, 50, on, 7.0), _at(10, 52, on, 7.0), _at(11, 52, PLUGGED)]
    rows += [_at(25, 52, PLUGGED), _at(30, 52, on, 7.0), _at(40, 54, on, 7.0)]
    rows += [_at(41, 54, PLUGGED), _at(50, 54)]
    (session,) = find_sessions(rows, model=CarModel.SMART_1)
    assert (session.start_soc, session.end_soc) == (50, 54)
    assert session.duration == timedelta(minutes=41)
    assert session.charging_time < timedelta(minutes=25)


def test_charging_again_long_after_it_stopped_on_the_cable_is_a_second_session() -> None:
    on = CHARGING | PLUGGED
    rows = [_at(0, 50, on, 7.0), _at(10, 52, on, 7.0), _at(11, 52, PLUGGED)]
    rows += [_at(200, 52, PLUGGED), _at(210, 52, on, 7.0), _at(220, 54, on, 7.0), _at(230, 54)]
    first, second = find_sessions(rows, model=CarModel.SMART_1)
    assert first.finished
    assert second.finished
    assert (first.end_soc, second.start_soc) == (52, 52)


def test_without_power_readings_the_energy_is_the_soc_gain_times_the_usable_capacity() -> None:
    on = CHARGING | PLUGGED
    rows = [_at(0, 20, on), _at(60, 40, on), _at(120, 70, on), _at(121, 70, PLUGGED), _at(130, 70)]
    (session,) = find_sessions(rows, model=CarModel.SMART_5)
    assert session.method is EnergyMethod.SOC
    assert session.energy_kwh == pytest.approx(0.5 * 94.0)
    assert session.peak_kw is None


def test_a_session_still_on_the_cable_is_unfinished_until_it_has_not_charged_for_a_while() -> None:
    on = CHARGING | PLUGGED
    rows = [_at(0, 50, on, 7.0), _at(10, 52, on, 7.0), _at(11, 52, PLUGGED)]
    (going,) = find_sessions(rows, model=CarModel.SMART_1)
    assert not going.finished
    later = T0 + timedelta(minutes=10) + MAX_PAUSE
    (done,) = find_sessions(rows, model=CarModel.SMART_1, now=later)
    assert done.finished


def test_plugging_in_without_charging_is_no_session_and_no_samples_are_none() -> None:
    assert find_sessions([_at(0, 50, PLUGGED), _at(30, 50)], model=CarModel.SMART_1) == []
    assert find_sessions([], model=CarModel.SMART_1) == []


def test_a_charge_first_seen_under_way_counts_from_the_last_look_before_the_cable() -> None:
    on = CHARGING | PLUGGED
    # Parked at 40 %; five minutes later the poll finds it charging at 11 kW, at 41 %.
    rows = [_at(0, 40), _at(5, 41, on, 11.0), _at(65, 59, on, 11.0), _at(66, 59), _at(70, 59)]
    (session,) = find_sessions(rows, model=CarModel.SMART_1)
    assert (session.start_soc, session.end_soc) == (40, 59)
    # 1 % of 62 kWh = 0.62 kWh at 11 kW: charging began about 3.4 minutes before it was seen.
    assert session.start == T0 + timedelta(minutes=5) - timedelta(hours=0.62 / 11)
    assert session.energy_kwh == pytest.approx(11.0 + 0.62, abs=0.05)
