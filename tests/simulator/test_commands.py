"""Commands: every catalogued payload is accepted, wrong ones get 1400, and an accepted command
changes the car only after the configured delay."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from bot.simulator import ManualClock, Simulator
from tests.fixture_files import smart_fixture
from tests.simulator.cars import SMART1_VIN, SMART5_VIN, Car, login_car

CATALOGUE = smart_fixture("derived/telematics_and_control_requests.json")
COMMANDS = [
    entry
    for entry in CATALOGUE["requests"]
    if entry["path"].startswith(
        ("/remote-control/vehicle/telematics/", "/remote-control/vehicle/status/journalLog/")
    )
]
SMART5_ONLY = ("ZAF", "RDO", "RDC")


def _body(entry: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(entry["body"])
    if "userId" in body:
        body["userId"] = "112234"
    return body


def _lock(service: str = "RDL_2") -> dict[str, Any]:
    return {
        "creator": "tc",
        "command": "start",
        "operationScheduling": {
            "duration": 6,
            "interval": 0,
            "occurs": 1,
            "recurrentOperation": False,
        },
        "serviceId": service,
        "timestamp": "1706028240000",
        "serviceParameters": [{"key": "door", "value": "all"}],
    }


def _command(
    service: str, command: str, params: list[tuple[str, str]], **extra: Any
) -> dict[str, Any]:
    body = _lock(service)
    body["command"] = command
    body["serviceParameters"] = [{"key": k, "value": v} for k, v in params]
    body.update(extra)
    return body


@pytest.mark.parametrize("entry", COMMANDS, ids=[entry["name"] for entry in COMMANDS])
async def test_every_catalogued_command_payload_is_accepted(
    http: httpx.AsyncClient, entry: dict[str, Any]
) -> None:
    vin = SMART5_VIN if entry["body"]["serviceId"] in SMART5_ONLY else SMART1_VIN
    car = await login_car(http, vin)
    answer = await car.command(_body(entry), journal="journalLog" in entry["path"])
    assert (answer["code"], answer["success"]) == ("1000", True), answer


@pytest.mark.parametrize(
    "body",
    [
        _command("RDL_2", "start", [("door", "some")]),
        _command("RHL", "start", [("rhl", "trumpet")]),
        _command("rcs", "start", [("operation", "4"), ("soc", "420"), ("rcs.setting", "1")]),
        _command("RCE_2", "start", [("rce.conditioner", "1"), ("rce.temp", "35.0")]),
        _command("RCE_2", "start", [("rce.heat", "front-left")]),
        _command("XYZ", "start", []),
        _command("RDL_2", "launch", [("door", "all")]),
        {"serviceId": "RDL_2"},
        _command("RDO", "start", [("target", "front-charge-lid")]),  # a #1 has no motorised lid
        _command("JOU", "start", [("jou", "enable")]),  # JOU belongs on the journalLog path
    ],
    ids=["bad-door", "bad-rhl", "limit-42", "temp-35", "heat-without-level", "unknown-service",
         "bad-command", "no-envelope", "lid-on-smart1", "jou-on-telematics"],
)  # fmt: skip
async def test_a_wrong_payload_gets_the_illegal_parameter_code(
    http: httpx.AsyncClient, sim: Simulator, body: dict[str, Any]
) -> None:
    car = await login_car(http, SMART1_VIN)
    answer = await car.command(body)
    assert (answer["code"], answer["success"]) == ("1400", False)
    assert sim.pending(SMART1_VIN) == []


async def test_lock_applies_only_after_the_command_delay(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    car = await login_car(http, SMART1_VIN)
    await car.command(_command("RDU_2", "start", [("door", "all")]))
    assert sim.vehicle(SMART1_VIN).locked is True
    assert sim.pending(SMART1_VIN) == ["unlock doors"]
    clock.advance(3.1)
    safety = (await car.status())["data"]["vehicleStatus"]["additionalVehicleStatus"][
        "drivingSafetyStatus"
    ]
    assert safety["centralLockingStatus"] == "0"
    assert safety["doorLockStatusDriver"] == "0"


async def _climate(car: Car) -> dict[str, Any]:
    status = (await car.status())["data"]["vehicleStatus"]
    climate: dict[str, Any] = status["additionalVehicleStatus"]["climateStatus"]
    return climate


async def test_climate_turns_on_and_the_cabin_drifts_to_the_target(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.config.timestamp_skew = 7200  # the request timestamps come from the real clock
    car = await login_car(http, SMART1_VIN)
    start = _command("RCE_2", "start", [("rce.conditioner", "1"), ("rce.temp", "22.0")])
    start["operationScheduling"]["duration"] = 30
    await car.command(start)
    clock.advance(4)
    assert (await _climate(car))["preClimateActive"] is True
    clock.advance(600)
    warm = float((await _climate(car))["interiorTemp"])
    assert 21.0 < warm <= 22.0
    clock.advance(30 * 60)  # the requested 30 minutes are over
    assert (await _climate(car))["preClimateActive"] is False


async def test_charging_starts_and_stops_on_command_when_plugged_in(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    sim.plug_in(SMART1_VIN, charge=False)
    car = await login_car(http, SMART1_VIN)
    await car.command(_command("rcs", "start", [("operation", "1"), ("rcs.restart", "1")]))
    clock.advance(3.5)
    ev = (await car.status())["data"]["vehicleStatus"]["additionalVehicleStatus"][
        "electricVehicleStatus"
    ]
    assert (ev["chargerState"], ev["statusOfChargerConnection"]) == ("2", "3")
    await car.command(_command("rcs", "start", [("operation", "0"), ("rcs.terminate", "1")]))
    clock.advance(3.5)
    assert sim.vehicle(SMART1_VIN).charging is False


async def test_the_charge_limit_command_changes_the_soc_endpoint(
    http: httpx.AsyncClient, clock: ManualClock
) -> None:
    car = await login_car(http, SMART1_VIN)
    params = [("soc", "800"), ("operation", "4"), ("rcs.setting", "1")]
    await car.command(_command("rcs", "start", params))
    clock.advance(3.5)
    assert (await car.get("/remote-control/vehicle/status/soc/{vin}"))["data"]["soc"] == "800"


async def test_ventilate_opens_every_window_and_close_shuts_them(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    car = await login_car(http, SMART1_VIN)
    await car.command(_command("RWS_2", "start", [("target", "ventilate")]))
    clock.advance(3.5)
    assert sim.vehicle(SMART1_VIN).windows_open == {
        "driver",
        "passenger",
        "driver_rear",
        "passenger_rear",
    }
    await car.command(_command("RWS_2", "stop", [("target", "ventilate")]))
    clock.advance(3.5)
    assert (await _climate(car))["winStatusDriver"] == "2"


async def test_horn_and_flash_are_recorded_as_events(
    http: httpx.AsyncClient, sim: Simulator, clock: ManualClock
) -> None:
    car = await login_car(http, SMART1_VIN)
    await car.command(_command("RHL", "start", [("rhl.horn", "1"), ("rhl.flash", "1")]))
    clock.advance(3.5)
    assert [event for _, event in sim.vehicle(SMART1_VIN).events] == ["horn", "flash"]
