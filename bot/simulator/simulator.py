"""`Simulator`: the fake Smart cloud in one object - state, clock, faults, request log and
the ASGI `app` - with direct Python access to scenarios and faults for tests.

    sim = Simulator(clock=ManualClock())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app),
                                 base_url="http://127.0.0.1:8787") as http: ...
    sim.plug_in(vin); sim.advance(600); sim.inject_code("1402")
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

from bot.simulator import driving, scenarios
from bot.simulator.app import build_app
from bot.simulator.clock import Clock, ManualClock, SystemClock
from bot.simulator.faults import Fault, FaultBook, LoggedRequest, RequestLog
from bot.simulator.middleware import Sleep
from bot.simulator.model import VehicleState
from bot.simulator.seed import DEMO_SEED, load_seed, make_vehicle, parse_model, parse_region
from bot.simulator.state import Account, CloudState, SimConfig
from bot.smart.const import Region
from bot.smart.models import CarModel


class Simulator:
    """The simulated cloud. Without `seed` it holds the two demo accounts (see `seed.py`)."""

    def __init__(
        self,
        *,
        seed: dict[str, Any] | Path | None = None,
        clock: Clock | None = None,
        config: SimConfig | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.config = config or SimConfig()
        self.state = CloudState(self.clock, self.config)
        self.faults = FaultBook()
        self.log = RequestLog()
        self.sleep: Sleep = sleep or asyncio.sleep
        data = load_seed(seed) if isinstance(seed, Path) else (DEMO_SEED if seed is None else seed)
        self.load(data)
        self.app: ASGIApp = build_app(self)

    # -- accounts and cars -------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        """Add the accounts (and config) of a seed mapping."""
        if isinstance(data.get("config"), dict):
            self.config.update(data["config"])
        for entry in data.get("accounts", []):
            account = self.add_account(
                entry["email"], entry["password"], parse_region(entry.get("region", "EU"))
            )
            for car in entry.get("vehicles", []):
                values = dict(car)
                model = parse_model(values.pop("model"))
                self.add_vehicle(account.email, model, **values)

    def add_account(self, email: str, password: str, region: Region = Region.EU) -> Account:
        """Create an account."""
        return self.state.add_account(email, password, region)

    def add_vehicle(
        self, email: str, model: CarModel | str, vin: str | None = None, **values: Any
    ) -> VehicleState:
        """Give the account a car of `model` with optional field values."""
        car_model = model if isinstance(model, CarModel) else parse_model(model)
        vehicle = make_vehicle(car_model, vin, **values)
        return self.state.add_vehicle(self.state.account(email), vehicle)

    def account(self, email: str) -> Account:
        """The account for `email`."""
        return self.state.account(email)

    def vehicle(self, vin: str) -> VehicleState:
        """The car `vin`, brought up to the current time (pending commands applied)."""
        return self.state.vehicle(vin)

    def select_vehicle(self, email: str, vin: str) -> None:
        """Another client (the phone app) selects `vin` for the account."""
        with self.state.lock:
            account = self.account(email)
            if vin not in account.vehicles:
                raise KeyError(vin)
            account.selected_vin = vin

    def expire_tokens(self, email: str | None = None) -> int:
        """Expire API access tokens now (one account's or all); returns how many."""
        account = self.account(email) if email else None
        return self.state.expire_sessions(account)

    # -- time ----------------------------------------------------------------------------

    def now(self) -> float:
        """The simulator's current time."""
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        """Move a `ManualClock` forward and settle every car."""
        if not isinstance(self.clock, ManualClock):
            msg = "advance() needs a ManualClock"
            raise TypeError(msg)
        self.clock.advance(seconds)
        self.state.settle_all()

    # -- scenarios -----------------------------------------------------------------------

    def _mutate(self, vin: str, change: Callable[[VehicleState], None]) -> VehicleState:
        with self.state.lock:
            vehicle = self.vehicle(vin)
            change(vehicle)
            vehicle.touch(self.now())
            return vehicle

    def plug_in(self, vin: str, *, dc: bool = False, charge: bool = True) -> VehicleState:
        """Connect a charger; charging starts unless `charge=False`."""
        return self._mutate(vin, lambda v: scenarios.plug_in(v, dc=dc, charge=charge))

    def unplug(self, vin: str) -> VehicleState:
        """Disconnect the charger."""
        return self._mutate(vin, scenarios.unplug)

    def start_charging(self, vin: str) -> VehicleState:
        """Start charging (plugged-in cars below their target only)."""
        return self._mutate(vin, scenarios.start_charging)

    def stop_charging(self, vin: str) -> VehicleState:
        """Stop charging."""
        return self._mutate(vin, scenarios.stop_charging)

    def drive(
        self, vin: str, km: float, *, latitude: float | None = None, longitude: float | None = None
    ) -> VehicleState:
        """A finished trip of `km` (battery, odometer and position change)."""
        return self._mutate(
            vin,
            lambda v: driving.drive(v, km, latitude=latitude, longitude=longitude, now=self.now()),
        )

    def start_driving(self, vin: str, speed_kmh: float = 50.0) -> VehicleState:
        """The car is on the road."""
        return self._mutate(vin, lambda v: driving.start_driving(v, speed_kmh, now=self.now()))

    def park(self, vin: str) -> VehicleState:
        """The car stops where it is."""
        return self._mutate(vin, lambda v: scenarios.park(v, now=self.now()))

    def move(self, vin: str, latitude: float, longitude: float) -> VehicleState:
        """The car is somewhere else."""
        return self._mutate(vin, lambda v: scenarios.move(v, latitude, longitude))

    def move_while_locked(self, vin: str, latitude: float, longitude: float) -> VehicleState:
        """The car moves although it is locked and parked."""
        return self._mutate(vin, lambda v: scenarios.move_while_locked(v, latitude, longitude))

    def open_door(self, vin: str, door: str = "driver") -> VehicleState:
        """Open a door, the trunk or the hood."""
        return self._mutate(vin, lambda v: scenarios.open_door(v, door))

    def close_door(self, vin: str, door: str = "driver") -> VehicleState:
        """Close a door, the trunk or the hood."""
        return self._mutate(vin, lambda v: scenarios.close_door(v, door))

    def drain_battery(self, vin: str, to_percent: float) -> VehicleState:
        """Set the state of charge."""
        return self._mutate(vin, lambda v: scenarios.drain_battery(v, to_percent))

    def lose_gps(self, vin: str) -> VehicleState:
        """The car stops reporting its position."""
        return self._mutate(vin, scenarios.lose_gps)

    def offer_update(self, vin: str, version: str) -> VehicleState:
        """The OTA service assigns software `version` to the car.

        A cloud-side change: the car uploads no new status for it, so the update time stays.
        A car without an OTA record (a #5) gets one, with the default installed version.
        """
        with self.state.lock:
            vehicle = self.vehicle(vin)
            scenarios.offer_update(vehicle, version)
            return vehicle

    def install_update(self, vin: str) -> VehicleState:
        """The car installs the offered version (and uploads a status after the restart)."""
        return self._mutate(vin, scenarios.install_update)

    def switch_capability(self, vin: str, function_id: str, *, enabled: bool) -> VehicleState:
        """The capability list reports `function_id` switched off (or back on) for `vin`."""
        with self.state.lock:
            vehicle = self.vehicle(vin)
            if enabled:
                vehicle.capabilities_off.discard(function_id)
            else:
                vehicle.capabilities_off.add(function_id)
            return vehicle

    # -- faults and the request log -------------------------------------------------------

    def inject(self, fault: Fault) -> Fault:
        """Arm a fault for the next matching cloud requests."""
        return self.faults.arm(fault)

    def inject_code(self, code: str, count: int = 1, *, path_contains: str | None = None) -> Fault:
        """The next `count` requests answer business `code` (1402, 8006, 8153, 1445, ...)."""
        return self.inject(Fault("code", count, code=code, path_contains=path_contains))

    def inject_http(
        self,
        status: int,
        count: int = 1,
        *,
        retry_after: int | None = None,
        path_contains: str | None = None,
    ) -> Fault:
        """The next `count` requests answer HTTP `status` (401, 403, 429, 500, 502)."""
        return self.inject(
            Fault(
                "http", count, status=status, retry_after=retry_after, path_contains=path_contains
            )
        )

    def inject_delay(
        self, seconds: float, count: int = 1, *, path_contains: str | None = None
    ) -> Fault:
        """The next `count` requests wait `seconds` before being handled."""
        return self.inject(Fault("delay", count, seconds=seconds, path_contains=path_contains))

    def drop_connection(self, count: int = 1, *, path_contains: str | None = None) -> Fault:
        """The next `count` requests lose their connection mid-response."""
        return self.inject(Fault("drop", count, path_contains=path_contains))

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self.faults.clear()

    def set_latency(self, seconds: float) -> None:
        """Delay every cloud request by `seconds` (benchmarks)."""
        self.config.latency = max(0.0, seconds)

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every cloud request received so far, oldest first."""
        return self.log.entries()

    def clear_requests(self) -> None:
        """Forget the request log."""
        self.log.clear()

    def settle(self) -> None:
        """Apply every command whose delay has passed, on every car."""
        self.state.settle_all()

    def pending(self, vin: str) -> list[str]:
        """Descriptions of accepted commands not yet applied to `vin`."""
        with self.state.lock:
            vehicle = self.vehicle(vin)
            return [change.description for change in vehicle.pending]
