"""Serving over real loopback HTTP (uvicorn thread), seed files, the CLI and demo mode."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest

from bot.__main__ import build_parser
from bot.config import Settings
from bot.demo import start_demo
from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD, Simulator
from bot.simulator.seed import SeedError
from bot.simulator.server import serve_in_thread
from bot.smart import Endpoints, Region, SmartClient
from tests.simulator.cars import SMART1_VIN


async def test_a_threaded_server_serves_the_client_and_drops_connections_for_real() -> None:
    with serve_in_thread(Simulator()) as running:
        assert running.base_url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient() as http:
            health = await http.get(f"{running.base_url}/_sim/health")
            assert health.json()["ok"] is True
            client = SmartClient(Region.EU, endpoints=Endpoints.local(running.base_url), http=http)
            await client.login(DEMO_EU_EMAIL, DEMO_PASSWORD)
            assert len(await client.list_vehicles()) == 2
            running.sim.drop_connection()
            with pytest.raises(httpx.TransportError):
                await http.get(f"{running.base_url}/api.ecloudeu.com/remote-control/x")


def test_a_seed_file_defines_accounts_cars_and_config(tmp_path: Path) -> None:
    seed = {
        "config": {"command_delay": 1},
        "accounts": [
            {
                "email": "fleet@example.com",
                "password": "secret-pw",
                "region": "INTL",
                "vehicles": [{"model": "#3", "soc": 12.5, "plugged_in": True}, {"model": "HY11"}],
            }
        ],
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    sim = Simulator(seed=path)
    account = sim.account("Fleet@Example.com")
    cars = list(account.vehicles.values())
    assert [c.model.value for c in cars] == ["#3", "#5"]
    assert (cars[0].battery_percent, cars[0].plugged_in, cars[0].series_code) == (
        12,
        True,
        "HC11_IL",
    )
    assert sim.config.command_delay == 1
    assert DEMO_EU_EMAIL.lower() not in sim.state.accounts


@pytest.mark.parametrize(
    "seed",
    [
        {"accounts": [{"email": "a@b.c", "password": "p", "vehicles": [{"model": "#9"}]}]},
        {
            "accounts": [
                {"email": "a@b.c", "password": "p", "vehicles": [{"model": "#1", "wings": 2}]}
            ]
        },
        {"accounts": [{"email": "a@b.c", "password": "p", "region": "MARS"}]},
    ],
    ids=["unknown-model", "unknown-field", "unknown-region"],
)
def test_a_bad_seed_is_refused_with_a_reason(seed: dict[str, object]) -> None:
    with pytest.raises(SeedError):
        Simulator(seed=seed)


def test_without_a_seed_the_two_demo_accounts_exist() -> None:
    sim = Simulator()
    eu, intl = sim.account(DEMO_EU_EMAIL), sim.account(DEMO_INTL_EMAIL)
    assert (eu.password, intl.password) == (DEMO_PASSWORD, DEMO_PASSWORD)
    assert [c.model.value for c in eu.vehicles.values()] == ["#1", "#5"]
    assert [c.model.value for c in intl.vehicles.values()] == ["#3"]


def test_the_cli_knows_the_simulator_and_demo_options() -> None:
    parser = build_parser()
    args = parser.parse_args(["simulator", "--port", "9999", "--seed", "x.json"])
    assert (args.command, args.port, args.seed) == ("simulator", 9999, Path("x.json"))
    assert parser.parse_args(["run", "--demo"]).demo is True
    assert parser.parse_args(["run"]).demo is False


def test_demo_mode_points_the_settings_at_a_running_simulator(settings: Settings) -> None:
    out = io.StringIO()
    demo_settings, running = start_demo(settings, out)
    try:
        assert demo_settings.smart_cloud_url == running.base_url
        assert settings.smart_cloud_url is None
        assert DEMO_EU_EMAIL in out.getvalue()
        assert DEMO_PASSWORD in out.getvalue()
        assert httpx.get(f"{running.base_url}/_sim/vehicles/{SMART1_VIN}").status_code == 200
    finally:
        running.stop()
