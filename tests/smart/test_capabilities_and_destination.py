"""The capability list as a typed set of functions, the command table's evidence levels for
upper layers, the #5 DC info read, and a destination sent to the car's navigation."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
import respx

from bot.smart import COMMAND_TABLE, Provenance, Region, SmartClient
from bot.smart.capabilities import (
    Capabilities,
    CapabilitySource,
    Function,
    Presence,
    available_actions,
    parse_capabilities,
)
from bot.smart.models import CarModel
from bot.smart.signing import vc_sign
from tests.smart.fidelity import ExtraRoutes, catalogue, fixture
from tests.smart.router import VIN1, VIN5, Clock, SmartCloudMock, make_tokens

MakeClient = Callable[..., SmartClient]


@pytest.fixture
def extra(cloud: SmartCloudMock) -> ExtraRoutes:
    return ExtraRoutes(cloud)


def test_the_capability_list_format_reads_into_functions() -> None:
    caps = parse_capabilities(fixture("capability_list_format.json"))
    assert caps.source is CapabilitySource.CAPABILITY_LIST
    assert caps.functions == {Function.DOOR_LOCK, Function.CHARGING}
    assert caps.presence(Function.SEAT_HEATING) is Presence.UNKNOWN
    assert caps.allows(Function.SEAT_HEATING)


def test_the_legacy_service_list_and_the_ability_inventory_read_too() -> None:
    legacy = parse_capabilities(fixture("capability_legacy_format.json"))
    assert legacy.source is CapabilitySource.SERVICE_LIST
    assert legacy.functions == {Function.CLIMATE}
    ability = parse_capabilities(fixture("vehicle_ability_intl.json"))
    assert ability.source is CapabilitySource.VEHICLE_ABILITY
    assert ability.functions == {Function.WINDOWS, Function.DOOR_LOCK}
    # An inventory: what it does not name, the car lacks.
    assert ability.presence(Function.SEAT_HEATING) is Presence.ABSENT
    assert not ability.allows_action("seat_heating")
    assert ability.allows_action("trip_recording_on")


def test_a_function_switched_off_in_the_list_is_absent() -> None:
    body = {
        "code": "1000",
        "data": {
            "list": [
                {"functionId": "remote_control_lock_2", "valueEnable": True},
                {"functionId": "remote_contro_seat_ventilating", "valueEnable": False},
                {"functionId": "recharge_lid_status_2", "valueEnable": "false"},
                {"functionId": "something_new", "valueEnable": True},
                "junk",
                {"functionId": 7, "valueEnable": True},
            ]
        },
    }
    caps = parse_capabilities(body)
    assert caps.functions == {Function.DOOR_LOCK}
    assert caps.disabled == {Function.SEAT_VENTILATION, Function.CHARGE_LID}
    assert "something_new" in caps.ids
    actions = available_actions(CarModel.SMART_5, caps)
    assert "seat_ventilation" not in actions
    assert "charge_lid_open" not in actions
    assert "lock" in actions


@pytest.mark.parametrize("body", [None, [], "x", {}, {"data": {"list": "x"}}, {"result": 3}])
def test_unreadable_capability_answers_hide_nothing(body: object) -> None:
    caps = parse_capabilities(body)
    assert caps == Capabilities()
    assert available_actions(CarModel.SMART_1, caps) == available_actions(CarModel.SMART_1)


def test_actions_follow_the_model_before_any_list() -> None:
    assert "charge_lid_open" not in available_actions(CarModel.SMART_1)
    assert "charge_lid_open" in available_actions(CarModel.SMART_5)


def test_every_command_carries_an_evidence_level_upper_layers_can_read() -> None:
    experimental = {spec.action for spec in COMMAND_TABLE if spec.experimental}
    assert experimental == {
        "find",
        "seat_ventilation",  # the #1/#3 RSV row
        "fridge_on",
        "fridge_off",
        "fragrance_on",
        "fragrance_off",
        "tracking_on",
        "tracking_off",
        "locker_lock",
        "locker_unlock",
    }
    assert all(isinstance(spec.provenance, Provenance) for spec in COMMAND_TABLE)
    assert Provenance.DOCUMENTED.experimental
    assert not Provenance.LIVE_CLIENT.experimental


async def test_the_client_reads_the_capability_list_of_a_car(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    caps = await client.get_capabilities(VIN5)
    assert caps.functions == {Function.DOOR_LOCK, Function.CHARGING}
    request = cloud.calls.last.request
    assert request.url.host == "apiv2.ecloudeu.com"
    assert request.url.path == f"/geelyTCAccess/tcservices/capability/{VIN5}"
    assert request.headers["x-signature"]


async def test_no_data_from_the_capability_list_hides_nothing(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    extra.capability_body = {"code": "8153", "message": "Connection interruption"}
    assert await client.get_capabilities(VIN1) == Capabilities()


async def test_a_smart_5_on_a_dc_charger_is_asked_for_its_dc_info(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    cloud.status_body = fixture("status_dc_charging_smart5.json")
    status = await client.get_status(VIN5)
    assert cloud.routes["qrvs@apiv2.ecloudeu.com"].call_count == 1
    assert (status.charge_current_a, status.charge_voltage_v) == (150.0, 400.0)
    assert status.charge_power_kw == 60.0
    assert status.charge_power_estimated is False


async def test_without_dc_info_the_smart_5_power_is_estimated_from_its_current(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    cloud.status_body = fixture("status_dc_charging_smart5.json")
    extra.qrvs_body = {"code": "8153", "message": "no data"}
    status = await client.get_status(VIN5)
    assert status.charge_current_a == 150.0
    assert status.charge_power_estimated is True


async def test_ac_charging_and_the_smart_1_need_no_dc_info(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    await client.get_status(VIN5)  # the AC capture
    cloud.status_body = fixture("status_dc_charging_smart1.json")
    await client.get_status(VIN1)
    assert cloud.routes["qrvs@apiv2.ecloudeu.com"].call_count == 0
    assert cloud.routes["qrvs@api.ecloudeu.com"].call_count == 0


async def test_a_destination_reaches_the_navigation_as_the_app_sends_it(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    result = await client.send_destination(
        VIN1, latitude=48.137, longitude=11.575, name="Home", address=""
    )
    assert result.accepted
    assert result.service_id == "send_to_car"
    request, body = extra.destinations[-1]
    expected = catalogue("send_destination_to_car")
    assert body == expected["body"]
    assert request.content == json.dumps(expected["body"], separators=(",", ":")).encode()
    assert dict(request.url.params) == {"vin": VIN1}
    assert request.headers["x-vehicle-identifier"] == VIN1
    assert request.url.host == "api.ecloudeu.com"
    assert cloud.routes["select@api.ecloudeu.com"].call_count == 1


async def test_a_smart_5_destination_goes_to_the_v2_host_with_name_and_address(
    cloud: SmartCloudMock, extra: ExtraRoutes, client: SmartClient
) -> None:
    await client.send_destination(
        VIN5,
        latitude=52.5163,
        longitude=13.3777,
        name=" Brandenburger Tor ",
        address="Pariser Platz, Berlin",
    )
    request, body = extra.destinations[-1]
    assert request.url.host == "apiv2.ecloudeu.com"
    assert body == {
        "lat": 52.5163,
        "lon": 13.3777,
        "name": "Brandenburger Tor",
        "address": "Pariser Platz, Berlin",
    }


@pytest.mark.parametrize(
    ("latitude", "longitude", "name"),
    [
        (91.0, 0.0, "x"),
        (0.0, 181.0, "x"),
        (float("nan"), 0.0, "x"),
        (True, 0.0, "x"),
        (1.0, 1.0, " "),
    ],
)
async def test_bad_destinations_raise_before_anything_is_sent(
    cloud: SmartCloudMock,
    extra: ExtraRoutes,
    client: SmartClient,
    latitude: float,
    longitude: float,
    name: str,
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (message varies)
        await client.send_destination(VIN1, latitude=latitude, longitude=longitude, name=name)
    assert extra.destinations == []


def _ability_route(cloud: SmartCloudMock, answer: httpx.Response) -> respx.Route:
    return cloud.on(
        "GET", "sg-app-api.smart.com", r"/vc/vehicle/v1/ability/[^/]+/\w{17}", "ability"
    ).mock(return_value=answer)


async def test_an_intl_account_reads_the_signed_ability_inventory(
    make_client: MakeClient, clock: Clock
) -> None:
    with SmartCloudMock(Region.INTL) as cloud:
        ExtraRoutes(cloud)
        route = _ability_route(
            cloud, httpx.Response(200, json=fixture("vehicle_ability_intl.json"))
        )
        client = make_client(Region.INTL, tokens=make_tokens(Region.INTL))
        caps = await client.get_capabilities(VIN1)
        assert caps.source is CapabilitySource.VEHICLE_ABILITY
        assert caps.functions == {Function.WINDOWS, Function.DOOR_LOCK}
        request = route.calls.last.request
        headers = request.headers
        # modelCode "HX11_EUL_Premium+_RWD_000" of the vehicle list, as one path segment.
        assert request.url.raw_path.decode() == (
            f"/vc/vehicle/v1/ability/HX11_EUL_Premium%2B_RWD_000/{VIN1}"
        )
        expected = vc_sign(
            method="GET",
            accept=headers["accept"],
            content_md5="",
            content_type=headers["content-type"],
            date=headers["date"],
            nonce=headers["x-ca-nonce"],
            timestamp=headers["x-ca-timestamp"],
            path_and_query=request.url.raw_path.decode(),
        )
        assert headers["x-ca-signature"] == expected
        assert headers["x-ca-timestamp"] == str(int(clock.now * 1000))
        assert (headers["authorization"], headers["xs-auth-token"]) == ("api-token-1", "iam-id")
        assert headers["x-smart-id"] == "112233"
        assert headers["x-ca-signature-headers"] == (
            "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp"
        )


async def test_a_refused_ability_call_falls_back_to_the_capability_list(
    make_client: MakeClient,
) -> None:
    with SmartCloudMock(Region.INTL) as cloud:
        ExtraRoutes(cloud)
        _ability_route(
            cloud,
            httpx.Response(400, headers={"x-ca-error-message": "Invalid Signature"}, json={}),
        )
        client = make_client(Region.INTL, tokens=make_tokens(Region.INTL))
        caps = await client.get_capabilities(VIN1)
        assert caps.source is CapabilitySource.CAPABILITY_LIST
