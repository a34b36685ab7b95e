"""Fault injection and the request log, through Python and through the `/_sim` control API."""

from __future__ import annotations

import httpx
import pytest

from bot.simulator import ManualClock, SimConfig, Simulator
from tests.simulator.cars import SMART1_VIN, login_car
from tests.simulator.wire import BASE


@pytest.mark.parametrize("code", ["1402", "8006", "8153", "1445"])
async def test_a_code_fault_answers_that_code_in_an_http_200_envelope(
    http: httpx.AsyncClient, sim: Simulator, code: str
) -> None:
    car = await login_car(http, SMART1_VIN)
    sim.inject_code(code, count=2)
    assert [(await car.status())["code"] for _ in range(3)] == [code, code, "1000"]
    assert sim.requests[-2].verdict == f"fault:code-{code}"


@pytest.mark.parametrize("status", [401, 403, 500])
async def test_an_http_fault_answers_that_status_with_a_json_body(
    http: httpx.AsyncClient, sim: Simulator, status: int
) -> None:
    sim.inject_http(status)
    response = await http.get(f"{BASE}/api.ecloudeu.com/remote-control/vehicle/status/X")
    assert response.status_code == status
    assert "message" in response.json()


async def test_a_429_fault_carries_retry_after(http: httpx.AsyncClient, sim: Simulator) -> None:
    sim.inject_http(429, retry_after=42)
    response = await http.get(f"{BASE}/api.ecloudeu.com/device-platform/user/vehicle/secure")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "42"


async def test_a_502_fault_answers_an_html_gateway_page(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    sim.inject_http(502)
    response = await http.get(f"{BASE}/api.ecloudeu.com/device-platform/user/vehicle/secure")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert b"502 Bad Gateway" in response.content


async def test_a_dropped_connection_reaches_the_client_as_a_transport_error(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    sim.drop_connection()
    with pytest.raises(httpx.TransportError):
        await http.get(f"{BASE}/api.ecloudeu.com/device-platform/user/vehicle/secure")


async def test_a_delay_fault_waits_before_answering_normally(clock: ManualClock) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    sim = Simulator(clock=clock, sleep=record)
    sim.inject_delay(7.5)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        car = await login_car(http, SMART1_VIN)
        assert (await car.status())["code"] == "1000"
    assert waits == [7.5]


async def test_latency_delays_every_cloud_request_but_not_control_calls(
    clock: ManualClock,
) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    sim = Simulator(clock=clock, sleep=record, config=SimConfig(latency=0.05))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        await http.get(f"{BASE}/_sim/health")
        await http.get(f"{BASE}/api.ecloudeu.com/device-platform/user/vehicle/secure")
    assert waits == [0.05]


async def test_a_fault_can_target_one_path(http: httpx.AsyncClient, sim: Simulator) -> None:
    car = await login_car(http, SMART1_VIN)
    sim.inject_code("8153", path_contains="/status/soc/")
    assert (await car.status())["code"] == "1000"
    assert (await car.get("/remote-control/vehicle/status/soc/{vin}"))["code"] == "8153"


async def test_faults_are_armed_listed_and_cleared_over_the_control_api(
    http: httpx.AsyncClient,
) -> None:
    armed = await http.post(
        f"{BASE}/_sim/faults", json={"kind": "http", "status": 429, "retry_after": 5, "count": 2}
    )
    assert armed.status_code == 201
    listed = (await http.get(f"{BASE}/_sim/faults")).json()["faults"]
    assert [(f["kind"], f["count"]) for f in listed] == [("http", 2)]
    hit = await http.get(f"{BASE}/api.ecloudeu.com/device-platform/user/vehicle/secure")
    assert hit.status_code == 429
    await http.delete(f"{BASE}/_sim/faults")
    assert (await http.get(f"{BASE}/_sim/faults")).json()["faults"] == []


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "teleport"},
        {"kind": "http", "status": 418},
        {"kind": "code"},
        {"kind": "x", "y": 1},
    ],
)
async def test_a_malformed_fault_is_refused_with_400(
    http: httpx.AsyncClient, fault: dict[str, object]
) -> None:
    assert (await http.post(f"{BASE}/_sim/faults", json=fault)).status_code == 400


async def test_the_request_log_shows_method_path_headers_body_and_verdict(
    http: httpx.AsyncClient,
) -> None:
    await login_car(http, SMART1_VIN)
    log = (await http.get(f"{BASE}/_sim/requests")).json()["requests"]
    select = next(e for e in log if e["path"] == "/device-platform/user/session/update")
    assert select["method"] == "POST"
    assert select["host"] == "api.ecloudeu.com"
    assert select["headers"]["x-app-id"] == "SmartAPPEU"
    assert SMART1_VIN in select["body"]
    assert (select["verdict"], select["code"]) == ("verified", "1000")
    await http.delete(f"{BASE}/_sim/requests")
    assert (await http.get(f"{BASE}/_sim/requests")).json()["requests"] == []
