"""Vehicle endpoints: list, selection rules, the captured status shape, soc/state/capability."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.simulator import DEMO_EU_EMAIL, DEMO_PASSWORD, Simulator
from bot.smart.const import HOST_API_V1
from tests.fixture_files import smart_fixture
from tests.simulator.cars import SMART1_VIN, SMART3_VIN, SMART5_VIN, Car, login_car
from tests.simulator.wire import eu_login, select

CAPTURE = smart_fixture("evcc/remote_control_vehicle_status_ac_charging.json")


def _shape(value: Any) -> Any:
    """Keys and value types, recursively (strings stay strings, null stays null)."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return type(value).__name__


@pytest.mark.parametrize("vin", [SMART1_VIN, SMART3_VIN, SMART5_VIN])
async def test_the_status_has_exactly_the_captured_shape(http: httpx.AsyncClient, vin: str) -> None:
    car = await login_car(http, vin)
    body = await car.status()
    assert _shape(body) == _shape(CAPTURE)


async def test_a_fresh_car_reports_string_values_mas_positions_and_sentinels(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    status = (await car.status())["data"]["vehicleStatus"]
    state = sim.vehicle(SMART1_VIN)
    position = status["basicVehicleStatus"]["position"]
    assert position["latitude"] == str(round(state.latitude * 3_600_000))  # type: ignore[operator]
    ev = status["additionalVehicleStatus"]["electricVehicleStatus"]
    assert ev["timeToFullyCharged"] == "2047"
    assert ev["chargeLevel"] == "76"
    assert status["additionalVehicleStatus"]["climateStatus"]["sunroofPos"] == "101"
    assert status["additionalVehicleStatus"]["maintenanceStatus"]["odometer"] == "1904.000"


async def test_a_car_without_gps_upload_reports_empty_position_strings(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    sim.lose_gps(SMART1_VIN)
    car = await login_car(http, SMART1_VIN)
    position = (await car.status())["data"]["vehicleStatus"]["basicVehicleStatus"]["position"]
    assert position["latitude"] == position["longitude"] == ""


async def test_another_selected_vehicle_answers_8006(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    car = await login_car(http, SMART1_VIN)
    sim.select_vehicle(DEMO_EU_EMAIL, SMART5_VIN)  # the phone app switched cars
    body = await car.status()
    assert (body["code"], body["success"]) == ("8006", False)
    assert body["message"] == "Human and vehicle relationship does not exist"


@pytest.mark.parametrize(
    "path",
    [
        "/remote-control/vehicle/status/{vin}",
        "/remote-control/vehicle/status/soc/{vin}",
        "/remote-control/vehicle/status/state/{vin}",
    ],
)
async def test_a_smart_5_on_the_v1_host_answers_8060(http: httpx.AsyncClient, path: str) -> None:
    car = await login_car(http, SMART5_VIN)
    on_v1 = Car(http, car.session, SMART5_VIN, HOST_API_V1)
    assert (await on_v1.get(path))["code"] == "8060"
    assert (await car.get(path))["code"] == "1000"


async def test_a_vin_of_another_account_answers_8040(http: httpx.AsyncClient) -> None:
    session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    assert await select(http, session, SMART3_VIN) == "8040"
    assert await select(http, session, "HESXR1C40PS999999") == "8060"


async def test_the_vehicle_list_names_models_and_the_selected_car(http: httpx.AsyncClient) -> None:
    car = await login_car(http, SMART5_VIN)
    body = await car.get(
        "/device-platform/user/vehicle/secure", needSharedCar=1, userId=car.session.user_id
    )
    listing = {item["vin"]: item for item in body["data"]["list"]}
    assert listing[SMART1_VIN]["seriesCodeVs"] == "HX11"
    assert listing[SMART5_VIN]["seriesCodeVs"] == "HY11"
    assert listing[SMART5_VIN]["current"] is True
    assert isinstance(listing[SMART1_VIN]["vehicleType"], int)


async def test_the_intl_car_is_listed_with_an_il_series_code(http: httpx.AsyncClient) -> None:
    car = await login_car(http, SMART3_VIN)
    body = await car.get(
        "/device-platform/user/vehicle/secure", needSharedCar=1, userId=car.session.user_id
    )
    assert body["data"]["list"][0]["seriesCodeVs"] == "HC11_IL"


async def test_soc_state_and_capability_endpoints_answer_their_shapes(
    http: httpx.AsyncClient,
) -> None:
    car = await login_car(http, SMART1_VIN)
    soc = await car.get("/remote-control/vehicle/status/soc/{vin}", setting="charging")
    assert soc["data"]["soc"] == "900"
    state = await car.get("/remote-control/vehicle/status/state/{vin}")
    assert state["data"]["vin"] == SMART1_VIN
    capability = await car.get("/geelyTCAccess/tcservices/capability/{vin}")
    enabled = {item["functionId"]: item["valueEnable"] for item in capability["data"]["list"]}
    assert enabled["remote_control_lock_2"] is True
    assert enabled["remote_contro_seat_heating"] is True
    # A smart #1 has no ventilated seats and no motorised charge lid in the simulated list.
    assert enabled["remote_contro_seat_ventilating"] is False
    assert enabled["recharge_lid_status_2"] is False


async def test_the_smart_5_dc_info_follows_the_decoding_rule(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    sim.plug_in(SMART5_VIN, dc=True)
    car = await login_car(http, SMART5_VIN)
    data = (await car.get("/geelyTCAccess/tcservices/vehicle/status/qrvs/{vin}"))["data"]
    amps = abs(int(data["chargeI"]) - 16380) / 10
    volts = int(data["chargeU"]) / 4
    assert volts == pytest.approx(sim.vehicle(SMART5_VIN).pack_volts, abs=0.25)
    assert amps * volts / 1000 == pytest.approx(400.0, rel=0.01)
