from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.smart import ACTIONS, COMMAND_TABLE, Provenance, SmartClient
from bot.smart.const import Region
from tests.smart.router import VIN1, VIN5, Clock, SmartCloudMock, envelope, load, make_tokens

MakeClient = Callable[..., SmartClient]

CATALOGUE = {
    entry["name"]: entry
    for entry in load("derived/telematics_and_control_requests.json")["requests"]
}


def _from_catalogue(name: str) -> dict[str, Any]:
    text = json.dumps(CATALOGUE[name]["body"]).replace("{api_user_id}", "112233")
    body: dict[str, Any] = json.loads(text)
    return body


def _climate_start() -> dict[str, Any]:
    body = _from_catalogue("climate_start_21C_with_driver_seat_heat")
    body["serviceParameters"] = body["serviceParameters"][:2]  # without the seat-heat pair
    return body


def _variant(
    name: str, command: str, parameters: list[dict[str, str]], **changes: Any
) -> dict[str, Any]:
    body = copy.deepcopy(_from_catalogue(name))
    body["command"] = command
    body["serviceParameters"] = parameters
    body.update(changes)
    return body


def _rce_seat(level: str, command: str) -> dict[str, Any]:
    return _variant(
        "seat_heating_only_start",
        command,
        [{"key": "rce.heat", "value": "front-left"}, {"key": "rce.level", "value": level}],
    )


def _off(name: str, key: str, value: str) -> dict[str, Any]:
    return _variant(name, "stop", [{"key": key, "value": value}])


# (action, vin, arguments, expected body, expected path template)
TELEMATICS = "/remote-control/vehicle/telematics/{vin}"
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = [
    ("lock", VIN1, {}, _from_catalogue("door_lock_all"), TELEMATICS),
    ("unlock", VIN1, {}, _from_catalogue("door_unlock_all"), TELEMATICS),
    ("trunk_lock", VIN1, {}, _from_catalogue("trunk_lock"), TELEMATICS),
    ("trunk_unlock", VIN1, {}, _from_catalogue("trunk_unlock"), TELEMATICS),
    ("horn", VIN1, {}, _from_catalogue("horn"), TELEMATICS),
    ("flash", VIN1, {}, _from_catalogue("flash_lights"), TELEMATICS),
    ("find", VIN1, {}, _from_catalogue("find_my_car_hello_smart_variant"), TELEMATICS),
    ("windows_ventilate", VIN1, {}, _from_catalogue("windows_ventilate_open"), TELEMATICS),
    ("windows_close", VIN1, {}, _from_catalogue("windows_close"), TELEMATICS),
    ("sunshade_open", VIN1, {}, _from_catalogue("sunshade_open"), TELEMATICS),
    ("sunshade_close", VIN1, {}, _from_catalogue("sunshade_close"), TELEMATICS),
    ("charge_lid_open", VIN5, {}, _from_catalogue("charge_lid_open_smart5"), TELEMATICS),
    ("charge_lid_close", VIN5, {}, _from_catalogue("charge_lid_close_smart5"), TELEMATICS),
    ("charging_start", VIN1, {}, _from_catalogue("charging_start"), TELEMATICS),
    ("charging_stop", VIN1, {}, _from_catalogue("charging_stop"), TELEMATICS),
    ("charge_limit", VIN1, {"percent": 80}, _from_catalogue("charging_limit_80"), TELEMATICS),
    ("climate_start", VIN1, {"temp_c": 21}, _climate_start(), TELEMATICS),
    ("climate_stop", VIN1, {}, _from_catalogue("climate_stop"), TELEMATICS),
    ("defrost_on", VIN1, {}, _from_catalogue("defrost_start"), TELEMATICS),
    (
        "defrost_off",
        VIN1,
        {},
        _variant(
            "defrost_start",
            "stop",
            _from_catalogue("defrost_start")["serviceParameters"],
            operationScheduling={
                "duration": 0,
                "interval": 0,
                "occurs": 1,
                "recurrentOperation": False,
            },
        ),
        TELEMATICS,
    ),
    ("seat_heating", VIN1, {"seat": "driver", "level": 3}, _rce_seat("3", "start"), TELEMATICS),
    ("seat_heating", VIN1, {"seat": "driver", "level": 0}, _rce_seat("0", "stop"), TELEMATICS),
    (
        "seat_heating",
        VIN5,
        {"seat": "driver", "level": 3},
        _from_catalogue("zaf_seat_heat_driver_level3_smart5"),
        TELEMATICS,
    ),
    (
        "seat_heating",
        VIN5,
        {"seat": "driver", "level": 0},
        _from_catalogue("zaf_switch_off_one_function_smart5"),
        TELEMATICS,
    ),
    (
        "seat_ventilation",
        VIN1,
        {"seat": "driver", "level": 2},
        _from_catalogue("seat_vent_hello_smart_variant"),
        TELEMATICS,
    ),
    ("fridge_on", VIN1, {}, _from_catalogue("fridge_on_hello_smart_variant"), TELEMATICS),
    ("fridge_off", VIN1, {}, _from_catalogue("fridge_off_hello_smart_variant"), TELEMATICS),
    ("fragrance_on", VIN1, {}, _from_catalogue("fragrance_on_hello_smart_variant"), TELEMATICS),
    (
        "fragrance_off",
        VIN1,
        {},
        _off("fragrance_on_hello_smart_variant", "rfd.status", "0"),
        TELEMATICS,
    ),
    ("tracking_on", VIN1, {}, _from_catalogue("vtm_on_hello_smart_variant"), TELEMATICS),
    ("tracking_off", VIN1, {}, _off("vtm_on_hello_smart_variant", "vtm.enabled", "0"), TELEMATICS),
    ("locker_lock", VIN1, {}, _from_catalogue("locker_lock_hello_smart_variant"), TELEMATICS),
    ("locker_unlock", VIN1, {}, _from_catalogue("locker_unlock_hello_smart_variant"), TELEMATICS),
    (
        "trip_recording_on",
        VIN1,
        {},
        _from_catalogue("journal_recording_enable"),
        "/remote-control/vehicle/status/journalLog/{vin}",
    ),
    (
        "trip_recording_off",
        VIN1,
        {},
        _off("journal_recording_enable", "jou", "disable"),
        "/remote-control/vehicle/status/journalLog/{vin}",
    ),
]


def test_every_action_has_an_outgoing_request_case() -> None:
    assert {case[0] for case in CASES} == set(ACTIONS)


def test_every_table_row_records_its_provenance() -> None:
    for spec in COMMAND_TABLE:
        assert isinstance(spec.provenance, Provenance)
        assert spec.source
    documented_only = {s.action for s in COMMAND_TABLE if s.provenance is Provenance.DOCUMENTED}
    assert {"find", "fridge_on", "locker_lock", "tracking_on"} <= documented_only
    assert "lock" not in documented_only


@pytest.mark.parametrize(
    ("action", "vin", "args", "expected", "path"),
    CASES,
    ids=[f"{c[0]}-{c[1][-1]}-{c[2].get('level', '')}" for c in CASES],
)
async def test_command_sends_the_exact_request(
    cloud: SmartCloudMock,
    client: SmartClient,
    action: str,
    vin: str,
    args: dict[str, Any],
    expected: dict[str, Any],
    path: str,
) -> None:
    result = await client.send_command(vin, action, **args)
    assert result.accepted is True
    assert result.vin == vin
    assert result.service_id == expected["serviceId"]
    method, sent_path, body = cloud.commands[-1]
    assert (method, sent_path) == ("PUT", path.format(vin=vin))
    assert body == expected
    request = cloud.calls.last.request
    host = "apiv2.ecloudeu.com" if vin == VIN5 else "api.ecloudeu.com"
    assert request.url.host == host
    for header in ("x-signature", "x-timestamp", "x-api-signature-nonce", "authorization"):
        assert request.headers[header]
    assert request.headers["x-vehicle-identifier"] == vin
    assert b" " not in request.content.replace(b'"a b"', b"")


def _at(body: dict[str, Any], now: float) -> dict[str, Any]:
    stamped = dict(body)
    key = "timeStamp" if "timeStamp" in body else "timestamp"
    stamped[key] = str(int(now * 1000))
    return stamped


async def test_verb_methods_go_through_the_same_table(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.set_charge_limit(VIN1, 80)
    assert cloud.commands[-1][2] == _from_catalogue("charging_limit_80")
    clock.now += 5
    await client.start_climate(VIN1, 21)
    assert cloud.commands[-1][2] == _at(_climate_start(), clock.now)
    clock.now += 5
    await client.set_seat_heating(VIN5, "driver", 3)
    assert cloud.commands[-1][2] == _at(
        _from_catalogue("zaf_seat_heat_driver_level3_smart5"), clock.now
    )


async def test_a_second_command_on_the_same_session_does_not_select_the_vehicle_again(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.lock(VIN1)
    clock.now += 5
    await client.unlock(VIN1)
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 1
    assert [body["serviceId"] for _m, _p, body in cloud.commands] == ["RDL_2", "RDU_2"]


async def test_a_command_on_a_new_session_token_selects_the_vehicle_again(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.lock(VIN1)
    clock.now += 5
    cloud.expire_token()
    await client.unlock(VIN1)
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 2
    select = cloud.routes["select@api.ecloudeu.com"].calls.last.request
    assert json.loads(select.content)["sessionToken"] == "api-token-2"
    assert [body["serviceId"] for _m, _p, body in cloud.commands] == ["RDL_2", "RDU_2"]


async def test_a_command_after_another_app_selected_a_car_is_re_selected_and_done_once(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.lock(VIN1)
    clock.now += 5
    cloud.select_elsewhere()
    result = await client.unlock(VIN1)
    assert result.accepted
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 2
    assert cloud.routes["telematics@api.ecloudeu.com"].call_count == 3  # one refused (8006)
    assert [body["serviceId"] for _m, _p, body in cloud.commands] == ["RDL_2", "RDU_2"]


async def test_a_command_to_another_car_of_the_account_selects_that_car(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.lock(VIN1)
    clock.now += 5
    await client.lock(VIN5)
    await client.lock(VIN1)
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 2
    assert cloud.routes["select@apiv2.ecloudeu.com"].call_count == 1


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("climate_start", {"temp_c": 15.5}),
        ("climate_start", {"temp_c": 30.5}),
        ("climate_start", {"temp_c": 21.3}),
        ("climate_start", {"temp_c": "21"}),
        ("climate_start", {"temp_c": 21, "minutes": 0}),
        ("charge_limit", {"percent": 45}),
        ("charge_limit", {"percent": 105}),
        ("charge_limit", {"percent": 82}),
        ("charge_limit", {}),
        ("seat_heating", {"seat": "driver", "level": 4}),
        ("seat_heating", {"seat": "rear", "level": 1}),
        ("seat_ventilation", {"seat": "wheel", "level": 1}),
        ("lock", {"door": "all"}),
        ("self_destruct", {}),
    ],
)
async def test_bad_arguments_raise_value_error_before_anything_is_sent(
    cloud: SmartCloudMock, client: SmartClient, action: str, args: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message varies by argument)
        await client.send_command(VIN1, action, **args)
    assert not cloud.calls


async def test_charge_lid_is_refused_on_a_smart_1(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    with pytest.raises(ValueError, match="not available"):
        await client.open_charge_lid(VIN1)
    assert cloud.commands == []


async def test_command_not_accepted_by_the_cloud_is_reported(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    for host in ("api.ecloudeu.com",):
        original: Any = cloud.routes[f"telematics@{host}"].side_effect

        def refuse(request: httpx.Request, vin: str, original: Any = original) -> httpx.Response:
            answer = original(request, vin)
            body = json.loads(answer.content)
            body["success"] = False
            return httpx.Response(200, json=body)

        cloud.routes[f"telematics@{host}"].side_effect = refuse
    result = await client.honk(VIN1)
    assert result.accepted is False


async def test_intl_commands_are_signed_with_the_intl_secret(make_client: MakeClient) -> None:
    with SmartCloudMock(Region.INTL) as cloud:
        client = make_client(Region.INTL, tokens=make_tokens(Region.INTL))
        result = await client.flash_lights(VIN1)
        assert result.accepted
        assert cloud.commands[-1][2] == _from_catalogue("flash_lights")
        assert cloud.calls.last.request.headers["x-app-id"] == "SMARTAPP-ISRAEL"


def test_envelope_helper_marks_only_1000_as_success() -> None:
    assert envelope("1000")["success"] is True
    assert envelope("1402")["success"] is False
