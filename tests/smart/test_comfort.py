"""Warm car in one RCE_2 command, seat heat riding in climate, and the smart #5's comfort
functions through ZAF as a paced sequence: the exact signed requests the client sends."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.smart import SmartClient
from bot.smart.commands import is_experimental
from bot.smart.models import CarModel
from tests.smart.fidelity import body_at, catalogue, params
from tests.smart.router import VIN1, VIN5, Clock, SmartCloudMock

MakeClient = Callable[..., SmartClient]


class Sleeps:
    """Records the client's pauses and moves its clock on by them."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.clock.now += seconds


@pytest.fixture
def sleeps(clock: Clock) -> Sleeps:
    return Sleeps(clock)


@pytest.fixture
def paced(make_client: MakeClient, sleeps: Sleeps) -> SmartClient:
    return make_client(sleep=sleeps)


def _ms(clock: Clock) -> int:
    return int(clock.now * 1000)


def _signed_and_bound(cloud: SmartCloudMock, vin: str) -> None:
    for call in cloud.calls:
        request = call.request
        if request.method == "PUT":
            for header in ("x-signature", "x-timestamp", "x-api-signature-nonce", "authorization"):
                assert request.headers[header]
            assert request.headers["x-vehicle-identifier"] == vin
            host = "apiv2.ecloudeu.com" if vin == VIN5 else "api.ecloudeu.com"
            assert request.url.host == host


async def test_warm_car_on_a_smart_1_is_one_rce_command_with_the_seat(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    result = await client.warm_car(VIN1, 21, heat={"driver": 3})
    assert result.accepted
    assert [step.label for step in result.steps] == ["climate"]
    assert [body for _, _, body in cloud.commands] == [
        body_at("climate_start_21C_with_driver_seat_heat", _ms(clock))
    ]
    _signed_and_bound(cloud, VIN1)


async def test_one_level_for_all_seats_is_sent_as_the_app_sends_it(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    await client.start_climate(VIN1, 21.5, heat={"driver": 1, "passenger": 1, "wheel": 1})
    sent = cloud.commands[-1][2]
    assert sent["serviceId"] == "RCE_2"
    assert params(sent) == params(catalogue("climate_start_captured_hello_hashtag_ios_app")["body"])


async def test_different_levels_go_as_pairs_and_level_zero_is_left_out(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    await client.start_climate(VIN1, 22, heat={"driver": 3, "passenger": 0, "wheel": 1})
    assert params(cloud.commands[-1][2]) == [
        ("rce.conditioner", "1"),
        ("rce.temp", "22.0"),
        ("rce.heat", "front-left"),
        ("rce.level", "3"),
        ("rce.heat", "steering_wheel"),
        ("rce.level", "1"),
    ]


async def test_seat_heat_while_climate_runs_rides_in_a_climate_command(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.set_seat_heating(VIN1, "driver", 3, climate_temp_c=21)
    assert cloud.commands[-1][2] == body_at("climate_start_21C_with_driver_seat_heat", _ms(clock))


async def test_seat_heat_without_climate_is_the_heating_only_command(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.set_seat_heating(VIN1, "driver", 2)
    expected = body_at("seat_heating_only_start", _ms(clock))
    expected["serviceParameters"] = expected["serviceParameters"][:2]
    assert cloud.commands[-1][2] == expected


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("start_climate", {"temp_c": 21, "heat": {"driver": 2}}),  # #5 seats go through ZAF
        ("start_climate", {"temp_c": 21, "heat": {"rear": 2}}),
        ("start_climate", {"temp_c": 21, "heat": {"driver": 4}}),
        ("set_seat_heating", {"seat": "rear_left", "level": 1}),  # no rear seats over RCE_2
    ],
)
async def test_impossible_heat_requests_raise_before_anything_is_sent(
    cloud: SmartCloudMock, client: SmartClient, call: str, args: dict[str, Any]
) -> None:
    vin = VIN5 if args.get("heat") == {"driver": 2} else VIN1
    with pytest.raises(ValueError):  # noqa: PT011 (the message varies)
        await getattr(client, call)(vin, **args)
    assert cloud.commands == []


async def test_smart_5_comfort_is_one_zaf_request_per_function_in_order(
    cloud: SmartCloudMock, paced: SmartClient, clock: Clock, sleeps: Sleeps
) -> None:
    start = _ms(clock)
    result = await paced.set_comfort(
        VIN5, heat={"driver": 3, "wheel": 2}, defrost=True, ventilation={"passenger": 1}
    )
    assert result.accepted
    assert [s.label for s in result.steps] == [
        "heat:driver",
        "heat:wheel",
        "defrost",
        "ventilation:passenger",
    ]
    bodies = [body for _, _, body in cloud.commands]
    assert bodies[0] == body_at("zaf_seat_heat_driver_level3_smart5", start)
    assert [params(body)[1:] for body in bodies[1:]] == [
        [("SW", "true"), ("SW.level", "2")],
        [("DF", "true")],
        [("SV.19", "true"), ("SV.19.level", "1")],
    ]
    assert all(body["serviceId"] == "ZAF" and body["command"] == "start" for body in bodies)
    # Paced one second apart, the vehicle selected once for the whole sequence.
    assert sleeps.calls == [1.0, 1.0, 1.0]
    assert cloud.routes["select@apiv2.ecloudeu.com"].call_count == 1
    _signed_and_bound(cloud, VIN5)


async def test_smart_5_defrost_goes_through_zaf(
    cloud: SmartCloudMock, client: SmartClient, clock: Clock
) -> None:
    await client.start_defrost(VIN5)
    on = body_at("zaf_switch_off_one_function_smart5", _ms(clock))
    on["serviceParameters"] = [{"key": "operation", "value": "4"}, {"key": "DF", "value": "true"}]
    assert cloud.commands[-1][2] == on
    clock.now += 5
    await client.stop_defrost(VIN5)
    assert params(cloud.commands[-1][2]) == [("operation", "4"), ("DF", "false")]
    clock.now += 5
    await client.start_defrost(VIN1)
    assert cloud.commands[-1][2] == body_at("defrost_start", _ms(clock))


async def test_all_off_switches_each_smart_5_comfort_function_off(
    cloud: SmartCloudMock, paced: SmartClient, clock: Clock
) -> None:
    result = await paced.comfort_off(VIN5)
    assert result.accepted
    keys = ("SH.11", "SH.19", "SH.21", "SH.29", "SW", "DF", "SV.11", "SV.19")
    assert [params(body) for _, _, body in cloud.commands] == [
        [("operation", "4"), (key, "false")] for key in keys
    ]
    first = cloud.commands[0][2]
    assert first == body_at("zaf_switch_off_one_function_smart5", int(first["timeStamp"]))


async def test_warm_car_on_a_smart_5_is_climate_then_zaf_seats(
    cloud: SmartCloudMock, paced: SmartClient
) -> None:
    result = await paced.warm_car(VIN5, 20, heat={"driver": 2, "rear_right": 1, "passenger": 0})
    assert [s.label for s in result.steps] == ["climate", "heat:driver", "heat:rear_right"]
    services = [(body["serviceId"], params(body)[:2]) for _, _, body in cloud.commands]
    assert services == [
        ("RCE_2", [("rce.conditioner", "1"), ("rce.temp", "20.0")]),
        ("ZAF", [("operation", "4"), ("SH.11", "true")]),
        ("ZAF", [("operation", "4"), ("SH.29", "true")]),
    ]
    assert params(cloud.commands[-1][2]) == [
        ("operation", "4"),
        ("SH.29", "true"),
        ("SH.29.level", "1"),
        ("SH.29.duration", "15"),
    ]


async def test_comfort_functions_are_refused_on_a_smart_1(
    cloud: SmartCloudMock, client: SmartClient
) -> None:
    with pytest.raises(ValueError, match="smart #5"):
        await client.comfort_off(VIN1)
    with pytest.raises(ValueError):  # noqa: PT011
        await client.set_comfort(VIN5)  # nothing named
    with pytest.raises(ValueError):  # noqa: PT011
        await client.set_comfort(VIN5, heat={"driver": 9})
    assert cloud.commands == []


async def test_a_refused_step_is_reported_and_the_rest_still_go_out(
    cloud: SmartCloudMock, paced: SmartClient
) -> None:
    original: Any = cloud.routes["telematics@apiv2.ecloudeu.com"].side_effect

    def refuse_wheel(request: httpx.Request, vin: str) -> httpx.Response:
        if b'"SW"' in request.content:
            return httpx.Response(200, json={"code": "1400", "message": "Illegal parameter"})
        answer: httpx.Response = original(request, vin)
        return answer

    cloud.routes["telematics@apiv2.ecloudeu.com"].side_effect = refuse_wheel
    result = await paced.comfort_off(VIN5)
    assert not result.accepted
    assert result.failed == ("heat:wheel",)
    assert len(result.steps) == 8
    assert len(cloud.commands) == 7
    errors = {s.label: s.error for s in result.steps if s.error}
    assert errors == {"heat:wheel": "CommandRejectedError"}


async def test_a_rate_limit_mid_sequence_stops_the_rest(
    cloud: SmartCloudMock, paced: SmartClient
) -> None:
    original: Any = cloud.routes["telematics@apiv2.ecloudeu.com"].side_effect

    def limit_second(request: httpx.Request, vin: str) -> httpx.Response:
        if b'"SH.19"' in request.content:
            return httpx.Response(429, headers={"retry-after": "30"}, json={"message": "quota"})
        answer: httpx.Response = original(request, vin)
        return answer

    cloud.routes["telematics@apiv2.ecloudeu.com"].side_effect = limit_second
    result = await paced.comfort_off(VIN5)
    assert [s.error for s in result.steps[:3]] == ["", "RateLimitedError", "not sent"]
    assert len(cloud.commands) == 1


async def test_no_gap_sends_back_to_back_like_pysmarthashtag(
    cloud: SmartCloudMock, make_client: MakeClient, sleeps: Sleeps
) -> None:
    client = make_client(step_gap=0, sleep=sleeps)
    result = await client.set_comfort(VIN5, heat={"driver": 1, "passenger": 1})
    assert result.accepted
    assert sleeps.calls == []
    assert len(cloud.commands) == 2


def test_zaf_and_the_combined_climate_are_not_experimental() -> None:
    assert not is_experimental("seat_heating", CarModel.SMART_5)
    assert not is_experimental("defrost_on", CarModel.SMART_5)
    assert not is_experimental("climate_start", CarModel.SMART_1)
    assert is_experimental("seat_ventilation", CarModel.SMART_1)
    assert not is_experimental("seat_ventilation", CarModel.SMART_5)
    assert is_experimental("find", CarModel.SMART_1)


def test_catalogue_bodies_are_what_the_fixture_says() -> None:
    # Guard against a silently edited fixture: the captured app body keeps its quirks.
    app = catalogue("climate_start_captured_hello_hashtag_ios_app")["body"]
    assert app["serviceId"] == "rce_2"
    assert json.dumps(app).count("rce.heat") == 3
