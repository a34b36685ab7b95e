"""The simulated cloud's new behaviour at the wire: RCE_2 pacing and overriding, ZAF seat
exclusivity, capability lists per model and trim, send-to-car, DC charging shapes and the
status fields the bot now reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.simulator import ManualClock, Simulator
from bot.smart.ability import vc_headers
from bot.smart.const import Region
from bot.smart.models import Tokens
from tests.simulator.cars import SMART1_VIN, SMART5_VIN, Car, login_car
from tests.simulator.wire import call


def _rce(command: str, *params: tuple[str, str]) -> dict[str, Any]:
    return {
        "creator": "tc",
        "command": command,
        "operationScheduling": {
            "duration": 180,
            "interval": 0,
            "occurs": 1,
            "recurrentOperation": False,
        },
        "serviceId": "RCE_2",
        "timestamp": "1706028240000",
        "serviceParameters": [{"key": k, "value": v} for k, v in params],
    }


def _zaf(*params: tuple[str, str]) -> dict[str, Any]:
    return {
        "serviceId": "ZAF",
        "command": "start",
        "creator": "tc",
        "latest": False,
        "timeStamp": "1706028240000",
        "userId": "112234",
        "operationScheduling": {
            "scheduledTime": None,
            "interval": 0,
            "occurs": 0,
            "recurrentOperation": 1,
            "duration": 60,
        },
        "serviceParameters": [{"key": k, "value": v} for k, v in [("operation", "4"), *params]],
    }


CLIMATE_WITH_SEAT = _rce(
    "start",
    ("rce.conditioner", "1"),
    ("rce.temp", "22.0"),
    ("rce.heat", "front-left"),
    ("rce.level", "3"),
)
SEAT_ONLY = _rce("start", ("rce.heat", "front-right"), ("rce.level", "2"))


def _climate(status: dict[str, Any]) -> dict[str, Any]:
    climate: dict[str, Any] = status["data"]["vehicleStatus"]["additionalVehicleStatus"][
        "climateStatus"
    ]
    return climate


async def test_climate_with_seat_heat_in_one_command_heats_the_seat(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    assert (await car.command(CLIMATE_WITH_SEAT))["code"] == "1000"
    sim.advance(3)
    climate = _climate(await car.status())
    assert climate["preClimateActive"] is True
    assert climate["drvHeatSts"] == "3"
    assert climate["passHeatingSts"] == "0"


async def test_a_second_rce_command_right_after_is_ignored_by_the_car(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    await car.command(CLIMATE_WITH_SEAT)
    sim.advance(2)
    answer = await car.command(SEAT_ONLY)
    assert answer["success"] is True  # the cloud accepts it ...
    sim.advance(5)
    climate = _climate(await car.status())
    assert climate["passHeatingSts"] == "0"  # ... the car does not act on it
    assert any("ignored" in event for _, event in sim.vehicle(SMART1_VIN).events)


async def test_seat_heat_on_its_own_replaces_a_running_climate(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    await car.command(CLIMATE_WITH_SEAT)
    sim.advance(10)
    await car.command(SEAT_ONLY)
    sim.advance(3)
    climate = _climate(await car.status())
    assert climate["preClimateActive"] is False
    assert climate["passHeatingSts"] == "2"


async def test_smart_5_zaf_heat_and_ventilation_of_a_seat_exclude_each_other(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART5_VIN)
    await car.command(_zaf(("SH.11", "true"), ("SH.11.level", "2"), ("SH.11.duration", "15")))
    await car.command(_zaf(("SV.11", "true"), ("SV.11.level", "1")))
    await car.command(_zaf(("DF", "true")))
    await car.command(_zaf(("SW", "true"), ("SW.level", "3")))
    sim.advance(3)
    climate = _climate(await car.status())
    assert (climate["drvHeatSts"], climate["drvVentSts"]) == ("0", "1")
    assert climate["defrost"] == "true"
    assert climate["steerWhlHeatingSts"] == "1"


async def test_capability_lists_follow_model_trim_and_switches(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    async def listed(car: Car) -> dict[str, bool]:
        body = await car.get("/geelyTCAccess/tcservices/capability/{vin}")
        return {item["functionId"]: item["valueEnable"] for item in body["data"]["list"]}

    smart5 = await listed(await login_car(http, SMART5_VIN))
    assert smart5["remote_contro_seat_ventilating"] is True
    assert smart5["recharge_lid_status_2"] is True
    sim.vehicle(SMART5_VIN).trim = "Pro"
    sim.switch_capability(SMART5_VIN, "remote_control_window_2", enabled=False)
    smart5 = await listed(await login_car(http, SMART5_VIN))
    assert smart5["remote_contro_seat_ventilating"] is False
    assert smart5["remote_control_window_2"] is False
    assert smart5["remote_control_lock_2"] is True


async def _send_to_car(car: Car, body: object, vin: str | None = None) -> dict[str, Any]:
    response = await call(
        car.http,
        car.session.region,
        "POST",
        "/geelyTCAccess/tcservices/ihu/send/to/car",
        host=car.host,
        params={"vin": vin or car.vin},
        body=body,
        token=car.session.access_token,
    )
    answer: dict[str, Any] = response.json()
    return answer


async def test_a_destination_reaches_the_car_after_the_delay(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART5_VIN)
    body = {"lat": 48.137, "lon": 11.575, "name": "Home", "address": ""}
    assert (await _send_to_car(car, body))["code"] == "1000"
    assert sim.vehicle(SMART5_VIN).destinations == []
    sim.advance(3)
    arrived = sim.vehicle(SMART5_VIN).destinations
    assert [(d["lat"], d["lon"], d["name"]) for d in arrived] == [(48.137, 11.575, "Home")]


@pytest.mark.parametrize(
    "body",
    [
        {"lat": 91, "lon": 0, "name": "x", "address": ""},
        {"lat": "48", "lon": 11, "name": "x", "address": ""},
        {"lat": 48, "lon": 11, "name": " ", "address": ""},
        {"lat": 48, "lon": 11, "name": "x"},
        {"lat": True, "lon": 11, "name": "x", "address": ""},
    ],
)
async def test_a_malformed_destination_is_an_illegal_parameter(
    http: httpx.AsyncClient, sim: Simulator, body: dict[str, Any]
) -> None:
    car = await login_car(http, SMART1_VIN)
    assert (await _send_to_car(car, body))["code"] == "1400"


async def test_dc_charging_shapes_match_the_captures(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.drain_battery(SMART1_VIN, 30)
    sim.plug_in(SMART1_VIN, dc=True)
    car = await login_car(http, SMART1_VIN)
    ev = (await car.status())["data"]["vehicleStatus"]["additionalVehicleStatus"][
        "electricVehicleStatus"
    ]
    assert (ev["chargerState"], ev["statusOfChargerConnection"], ev["dcDcConnectStatus"]) == (
        "15",
        "1",
        "3",
    )
    assert (ev["chargeUAct"], ev["chargeIAct"]) == ("0.0", "0.000")
    volts = sim.vehicle(SMART1_VIN).pack_volts
    assert -float(ev["dcChargeIAct"]) * volts / 1000 == pytest.approx(150, rel=0.01)


async def test_the_ability_gateway_refuses_a_bad_signature(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    path = f"/vc/vehicle/v1/ability/{sim.vehicle(SMART1_VIN).spec.model_code}/{SMART1_VIN}"
    tokens = Tokens(Region.INTL, device_id="0" * 32, user_id="1", access_token="x", id_token="y")
    headers = vc_headers(tokens, path=path, nonce="n-1", now=clock.now())
    good = await http.get(f"/sg-app-api.smart.com{path}", headers=headers)
    assert good.status_code == 200
    assert good.json()["code"] == "401"  # signed right, but no such session
    headers["x-ca-signature"] = "AAAA"
    bad = await http.get(f"/sg-app-api.smart.com{path}", headers=headers)
    assert bad.status_code == 400
    assert bad.headers["x-ca-error-message"] == "Invalid Signature"


async def test_the_control_api_switches_a_capability_off(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    response = await http.post(
        f"/_sim/vehicles/{SMART1_VIN}/switch_capability",
        json={"function_id": "remote_contro_seat_heating", "enabled": False},
    )
    assert response.status_code == 200
    assert response.json()["capabilities_off"] == ["remote_contro_seat_heating"]
    car = await login_car(http, SMART1_VIN)
    body = await car.get("/geelyTCAccess/tcservices/capability/{vin}")
    listed = {item["functionId"]: item["valueEnable"] for item in body["data"]["list"]}
    assert listed["remote_contro_seat_heating"] is False
