"""The simulated Smart cloud as a process of its own, for benchmarks that must not count its
CPU or memory against the bot: `python -m bench.simproc --cars N --latency S --out FILE`.

It builds N accounts with one car each, opens an API session for every account directly in
the simulator's state (logging in 10,000 accounts through the login flow would take longer
than the benchmark itself), writes the sessions and VINs to FILE as JSON, and serves the
cloud on a free loopback port until it is terminated. FILE also names the port.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import child_env

MODELS = ("#1", "#3", "#1", "#5")  # a fleet mix; the #5 has no OTA data
VIN_PREFIX = {"#1": "HESXR1C4", "#3": "HESCA2C4", "#5": "HESYR1C4"}
PASSWORD = "bench-password"  # noqa: S105 (a made-up account of the simulator)


def account_email(index: int) -> str:
    return f"car{index:05d}@bench.example"


def _vin(model: str, index: int) -> str:
    """A unique VIN-shaped id (17 characters) per benchmark car."""
    return f"{VIN_PREFIX[model]}0RS{index:06d}"


def _serve(cars: int, latency: float, out: Path) -> None:
    from bot.simulator import Simulator
    from bot.simulator.server import bind_loopback
    from bot.smart.const import Region

    seed: dict[str, Any] = {
        "accounts": [
            {
                "email": account_email(index),
                "password": PASSWORD,
                "region": "EU",
                "vehicles": [{"model": model, "vin": _vin(model, index), "soc": 50 + index % 50}],
            }
            for index in range(cars)
            for model in [MODELS[index % len(MODELS)]]
        ]
    }
    sim = Simulator(seed=seed)
    sim.set_latency(latency)
    accounts = []
    for index in range(cars):
        account = sim.account(account_email(index))
        session = sim.state.open_session(account, Region.EU)
        (vin,) = account.vehicles
        accounts.append(
            {
                "email": account.email,
                "user_id": account.user_id,
                "client_id": session.client_id,
                "access_token": session.access_token,
                "refresh_token": session.refresh_token,
                "expires_at": session.expires_at,
                "vin": vin,
                "model": MODELS[index % len(MODELS)],
            }
        )
    sock = bind_loopback(0)
    port = sock.getsockname()[1]
    sock.close()
    partial = out.with_suffix(".part")
    partial.write_text(json.dumps({"port": port, "accounts": accounts}))
    partial.replace(out)  # the parent never reads a half-written file
    import uvicorn

    uvicorn.run(
        sim.app, host="127.0.0.1", port=port, log_level="error", access_log=False, lifespan="off"
    )


@dataclass
class SimProcess:
    """A running simulator process; `stop()` ends it."""

    proc: subprocess.Popen[bytes]
    base_url: str
    accounts: list[dict[str, Any]]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start(cars: int, latency: float, workdir: Path) -> SimProcess:
    """Start the simulator process and wait until it answers."""
    import httpx

    out = workdir / f"sim-{cars}.json"
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "bench.simproc",
            "--cars",
            str(cars),
            "--latency",
            str(latency),
            "--out",
            str(out),
        ],
        env=child_env(),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            message = f"simulator process exited with {proc.returncode}"
            raise RuntimeError(message)
        if out.exists() and out.stat().st_size:
            data = json.loads(out.read_text())
            base_url = f"http://127.0.0.1:{data['port']}"
            try:
                httpx.get(base_url + "/", timeout=1)
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            return SimProcess(proc, base_url, data["accounts"])
        time.sleep(0.1)
    proc.kill()
    message = "simulator process did not start"
    raise RuntimeError(message)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cars", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _serve(args.cars, args.latency, args.out)


if __name__ == "__main__":
    main()
