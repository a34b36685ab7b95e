from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.smart import parse_status
from bot.smart.errors import TokenExpiredError, VehicleNotSelectedError
from tests.smart.router import OWN_FIXTURES, load

AC_CHARGING = load("evcc/remote_control_vehicle_status_ac_charging.json")
DOC_VARIANT = load("hello_smart_docs/remote_control_vehicle_status_doc_variant.json")
OWN_STATUS_FILES = sorted((OWN_FIXTURES / "status").glob("*.json"))


def test_ac_charging_capture_reads_every_named_field() -> None:
    status = parse_status(AC_CHARGING)
    assert status.battery_percent == 89
    assert status.range_km == 269
    assert status.plugged_in is True
    assert status.is_charging is True
    assert status.charger_state == 2
    assert status.minutes_to_full == 155
    assert status.odometer_km == 1904.0
    assert status.locked is True
    assert status.latitude is None
    assert status.longitude is None
    assert status.has_position is False
    # 407.7 V x 6 A on three phases.
    assert status.charge_power_kw == pytest.approx(4.24, abs=0.01)
    assert status.charge_lid_open is True
    assert status.doors_open == frozenset()
    assert status.windows_open == frozenset()
    assert status.trunk_open is False
    assert status.hood_open is False
    assert status.sunroof_open is None  # sunroofPos 101 = not fitted
    assert status.climate_on is False
    assert status.interior_temp_c == 19.3
    assert status.exterior_temp_c == 11.5
    assert status.tyre_pressure_kpa == {
        "driver": 258.124,
        "passenger": 249.886,
        "driver_rear": 255.378,
        "passenger_rear": 258.124,
    }
    assert status.tyre_warning is False
    assert status.aux_battery_v == 14.225
    assert status.engine_running is False
    assert status.speed_kmh is None  # speedValidity "false"
    assert status.days_to_service == 349
    assert status.updated_at is None  # anonymised "****"
    assert status.charge_target_percent is None  # only from the SoC endpoint
    assert status.raw is AC_CHARGING


def test_derived_parked_fixture_reads_position_doors_windows_and_sentinels() -> None:
    body = json.loads((OWN_FIXTURES / "status/hashtag1_parked_unlocked_gps.json").read_text())
    status = parse_status(body)
    assert status.updated_at == datetime(2024, 1, 23, 16, 44, tzinfo=UTC)
    assert status.latitude == pytest.approx(48.137)
    assert status.longitude == pytest.approx(11.575)
    assert status.locked is False
    assert status.doors_open == frozenset({"driver"})
    assert status.windows_open == frozenset({"passenger_rear"})
    assert status.is_charging is False
    assert status.plugged_in is False
    assert status.minutes_to_full is None  # 2047 = not available
    assert status.charge_power_kw == 0.0
    assert status.charge_lid_open is False
    assert status.sunroof_open is False
    assert status.climate_on is True
    assert status.tyre_warning is True
    assert status.speed_kmh == 0.0
    assert status.battery_percent == 63


def test_documentation_variant_with_invented_keys_parses_what_is_real() -> None:
    status = parse_status(DOC_VARIANT)
    assert status.battery_percent == 85
    assert status.range_km == 245
    assert status.is_charging is False
    assert status.plugged_in is False
    assert status.updated_at == datetime(2024, 1, 23, 16, 44, tzinfo=UTC)
    # gpsInformation in decimal degrees does not exist in real payloads: not read.
    assert status.latitude is None
    assert status.locked is None
    assert status.doors_open is None


@pytest.mark.parametrize("path", OWN_STATUS_FILES, ids=lambda p: p.name)
def test_every_own_status_fixture_parses(path: Path) -> None:
    status = parse_status(json.loads(path.read_text()))
    assert status.battery_percent is not None
    assert status.to_json_dict()["battery_percent"] == status.battery_percent


@pytest.mark.parametrize(
    ("fixture", "error"),
    [
        ("pysmarthashtag/error_1402_token_expired.json", TokenExpiredError),
        ("pysmarthashtag/error_8006_human_vehicle_relationship.json", VehicleNotSelectedError),
    ],
)
def test_error_envelope_raises_the_mapped_error(fixture: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_status(load(fixture))


@pytest.mark.parametrize(
    "body",
    [{}, {"code": "1000"}, {"data": []}, {"data": {"vehicleStatus": "x"}}, [], "x", None],
    ids=str,
)
def test_unexpected_shapes_give_an_empty_status(body: Any) -> None:
    status = parse_status(body)
    assert status.battery_percent is None
    assert status.doors_open is None


def _leaf_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, dict):
        paths = [prefix] if prefix else []
        for key, value in node.items():
            paths.extend(_leaf_paths(value, (*prefix, key)))
        return paths
    return [prefix]


# The envelope's own keys are not fields: a changed `code` is an error envelope.
_PATHS = [path for path in _leaf_paths(AC_CHARGING) if path[0] == "data"]
_JUNK = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "abc", "2047", "101", "-1", "nan", "inf", "1e400", "true"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.just([]),
    st.just({}),
)


@settings(max_examples=150, deadline=None)
@given(mutations=st.lists(st.tuples(st.sampled_from(_PATHS), _JUNK, st.booleans()), max_size=8))
def test_mutated_payloads_never_raise(mutations: list[tuple[tuple[str, ...], Any, bool]]) -> None:
    body = copy.deepcopy(AC_CHARGING)
    for path, junk, delete in mutations:
        node: Any = body
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            if delete:
                del node[path[-1]]
            else:
                node[path[-1]] = junk
    status = parse_status(body)
    if status.battery_percent is not None:
        assert 0 <= status.battery_percent <= 100
    if status.latitude is not None:
        assert -90 <= status.latitude <= 90
