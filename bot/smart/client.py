"""`SmartClient`: the facade the bot uses to talk to the Smart vehicle cloud.

Public API (one client = one account's session; keep it for the account's lifetime)::

    SmartClient(region, *, tokens=None, endpoints=None, http=None, clock=None, nonce=None,
                credentials=None, on_tokens=None, step_gap=1.0, sleep=None)
    client.tokens -> Tokens | None                 # read after calls, or use on_tokens
    await client.login(email, password) -> Tokens
    await client.list_vehicles() -> list[Vehicle]
    await client.get_status(vin, *, with_charge_target=False) -> VehicleStatus
    await client.get_charge_target(vin) -> int | None
    await client.get_capabilities(vin) -> Capabilities   # typed set of functions
    await client.get_firmware(vin) -> Firmware | None   # OTA versions; EU only, unsigned
    await client.get_trips(vin, since=t0, until=t1) -> tuple[JournalTrip, ...]  # §7.6
    await client.get_car_timers(vin) -> CarTimers   # the car's own climate/charging timers
    set_car_climate_timer(vin, "07:00") / set_car_charging_timer(vin, start, end, 80)  # §8.5
    await client.send_destination(vin, *, latitude, longitude, name, address="")
        -> CommandResult                           # to the car's navigation
    await client.send_command(vin, action, **args) -> CommandResult   # action in ACTIONS
    await client.send_sequence(vin, planner) -> SequenceResult   # see bot.smart.comfort
    warm_car(vin, temp_c=21.0, *, heat=None, minutes=None) / set_comfort(vin, *, heat=None,
    ventilation=None, defrost=None) / comfort_off(vin)   # each -> SequenceResult
    lock / unlock / lock_trunk / unlock_trunk /
    start_climate(vin, temp_c=21.0, minutes=None, *, heat=None) /
    stop_climate / start_defrost / stop_defrost /
    set_seat_heating(vin, seat, level, *, climate_temp_c=None) /
    set_seat_ventilation(vin, seat, level) / honk / flash_lights / find / close_windows /
    ventilate_windows / open_sunshade / close_sunshade / start_charging / stop_charging /
    set_charge_limit(vin, percent) / open_charge_lid / close_charge_lid / set_fridge(vin, on) /
    set_fragrance(vin, on) / set_tracking(vin, on) / lock_locker / unlock_locker /
    set_trip_recording(vin, on)                    # each -> CommandResult
    await client.aclose()  /  async with SmartClient(...) as client: ...

`http` is an optional shared `httpx.AsyncClient` (not closed here); `endpoints` defaults to the
real cloud, `Endpoints.local(...)` targets the simulator. `credentials` is an optional async
callable returning `(email, password)` for the full-login rung of the token ladder; without it
an unrenewable session raises `TokenExpiredError`. `on_tokens` is awaited whenever the
session tokens change, so the caller can persist them. Errors: see `bot.smart.errors`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self

import httpx

from bot.smart.ability import read_vehicle_ability
from bot.smart.actions import CommandMethods
from bot.smart.auth import Authenticator, CredentialsProvider, TokensCallback
from bot.smart.capabilities import Capabilities, CapabilitySource
from bot.smart.charging import DC_CONNECTED_CODE
from bot.smart.comfort import STEP_GAP_SECONDS, ComfortMethods, Planner
from bot.smart.commands import PreparedCommand, prepare_args, render_prepared
from bot.smart.const import (
    HOST_OTA,
    NO_DATA_CODE,
    PATH_OTA_INFO,
    PATH_SOC,
    PATH_STATUS,
    PATH_VEHICLE_LIST,
    Region,
)
from bot.smart.endpoints import Endpoints
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    NotFoundError,
    RateLimitedError,
    SmartAPIError,
    TokenExpiredError,
    VehicleNotLinkedError,
)
from bot.smart.firmware import ota_headers, read_firmware
from bot.smart.headers import new_nonce
from bot.smart.journal import JournalMethods
from bot.smart.login_eu import gigya_bootstrap_cookie
from bot.smart.models import (
    CarModel,
    CommandResult,
    Firmware,
    SequenceResult,
    StepResult,
    Tokens,
    Vehicle,
    VehicleStatus,
)
from bot.smart.redact import short_vin
from bot.smart.session import ApiSession
from bot.smart.status import parse_status
from bot.smart.timer_methods import TimerMethods
from bot.smart.transport import Transport
from bot.smart.values import node, whole
from bot.smart.vehicle_calls import (
    destination_body,
    read_capabilities,
    read_dc_charge_info,
    send_destination,
)
from bot.smart.vehicles import parse_vehicles

_LOGGER = logging.getLogger(__name__)

SOC_SCALE = 10


class SmartClient(CommandMethods, ComfortMethods, TimerMethods, JournalMethods):
    """Async client for one Smart account (EU or INTL)."""

    def __init__(
        self,
        region: Region,
        *,
        tokens: Tokens | None = None,
        endpoints: Endpoints | None = None,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] | None = None,
        nonce: Callable[[], str] | None = None,
        credentials: CredentialsProvider | None = None,
        on_tokens: TokensCallback | None = None,
        step_gap: float = STEP_GAP_SECONDS,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        region = Region(region)
        if tokens is not None and tokens.region is not region:
            msg = f"tokens are for region {tokens.region}, client is {region}"
            raise ValueError(msg)
        self.region = region
        self._clock = clock or time.time
        self._transport = Transport(
            region,
            endpoints=endpoints or Endpoints.real(),
            http=http,
            clock=self._clock,
            nonce=nonce or (lambda: new_nonce(region)),
        )
        self._auth = Authenticator(
            self._transport, tokens=tokens, credentials=credentials, on_tokens=on_tokens
        )
        self._session = ApiSession(self._transport, self._auth)
        self._step_gap = max(0.0, step_gap)
        self._sleep = sleep or asyncio.sleep
        self._vehicles: dict[str, Vehicle] = {}
        self._ota_cookie: str | None = None
        self._journal_grants: dict[str, str] = {}

    @property
    def tokens(self) -> Tokens | None:
        """The current session tokens; they change after logins and renewals."""
        return self._auth.tokens

    @property
    def endpoints(self) -> Endpoints:
        """Where requests go (the real cloud or the simulator)."""
        return self._transport.endpoints

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it."""
        await self._transport.aclose()

    async def login(self, email: str, password: str) -> Tokens:
        """Full login; returns the tokens to store (the password is not kept)."""
        return await self._auth.login(email, password)

    async def list_vehicles(self) -> list[Vehicle]:
        """The account's cars (always from the v1 host)."""
        body = await self._session.call(
            "GET", PATH_VEHICLE_LIST, params={"needSharedCar": 1}, with_user_id=True
        )
        vehicles = parse_vehicles(body)
        self._vehicles = {vehicle.vin: vehicle for vehicle in vehicles}
        return vehicles

    async def _vehicle(self, vin: str) -> Vehicle:
        if vin not in self._vehicles:
            await self.list_vehicles()
        vehicle = self._vehicles.get(vin)
        if vehicle is None:
            msg = f"vehicle {short_vin(vin)} is not on this account"
            raise VehicleNotLinkedError(msg)
        return vehicle

    async def get_status(self, vin: str, *, with_charge_target: bool = False) -> VehicleStatus:
        """The car's full status; optionally with the charge target from the SoC endpoint.

        A #5 on a DC charger (`dcDcConnectStatus` 3) is also asked for its DC charge info,
        whose measured current and voltage give the charging power.
        """
        vehicle = await self._vehicle(vin)
        body = await self._session.call(
            "GET",
            PATH_STATUS.format(vin=vin),
            vehicle=vehicle,
            params={"latest": True, "target": "basic,more"},
            with_user_id=True,
        )
        status = parse_status(body, model=vehicle.model)
        if vehicle.model is CarModel.SMART_5 and _dc_connected(status):
            dc_info = await read_dc_charge_info(self._session, vehicle)
            if dc_info is not None:
                status = parse_status(body, model=vehicle.model, dc_info=dc_info)
        if with_charge_target:
            target = await self.get_charge_target(vin)
            status = dataclasses.replace(status, charge_target_percent=target)
        return status

    async def get_charge_target(self, vin: str) -> int | None:
        """The charge limit in percent, or `None` when the car does not say."""
        vehicle = await self._vehicle(vin)
        try:
            body = await self._session.call(
                "GET", PATH_SOC.format(vin=vin), vehicle=vehicle, params={"setting": "charging"}
            )
        except NotFoundError:
            return None
        except CloudUnavailableError as err:
            if err.code == NO_DATA_CODE:
                return None
            raise
        data = body.get("data")
        raw = data.get("soc") if isinstance(data, dict) else None
        try:
            percent = int(float(raw)) // SOC_SCALE if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None
        return percent if percent is not None and 0 <= percent <= 100 else None

    async def get_capabilities(self, vin: str) -> Capabilities:
        """The functions the car's lists name (see `bot.smart.capabilities`): `.functions`
        is the typed set present; `.allows(function)` / `.allows_action(name)` are False
        only where a list says the car lacks it. INTL accounts ask the vehicle-ability
        inventory first (`bot.smart.ability`), everyone the capability list."""
        vehicle = await self._vehicle(vin)
        if self.region is Region.INTL:
            tokens = await self._auth.ensure()
            ability = await read_vehicle_ability(self._transport, tokens, vehicle, self._clock())
            if ability.source is not CapabilitySource.NONE:
                return ability
        return await read_capabilities(self._session, vehicle)

    async def send_destination(
        self, vin: str, *, latitude: float, longitude: float, name: str, address: str = ""
    ) -> CommandResult:
        """Send a place (decimal degrees, a name, optionally an address) to the car's
        navigation. Not a telematics command: the 5 s cool-down does not apply.

        Raises:
            ValueError: bad coordinates or an empty name, before anything is sent.
        """
        payload = destination_body(latitude, longitude, name, address)
        return await send_destination(self._session, await self._vehicle(vin), payload)

    async def get_firmware(self, vin: str) -> Firmware | None:
        """The car's software versions from the OTA service; `None` when it has none for it.

        EU only: the service answers 403 to INTL accounts, so none is asked for there. The
        request is not signed; it carries the Gigya token and a Gigya bootstrap cookie (fetched
        once per client). "No data" answers (1003, 401, 403, 404) give `None`; see
        `bot.smart.firmware`.

        Raises:
            CloudUnavailableError: HTTP 5xx (the OTA host answers 500 at times), a timeout or
                a non-JSON page. Firmware is best effort: try again later.
            RateLimitedError: HTTP 429 or a quota 403.
        """
        if self.region is not Region.EU:
            return None
        await self._vehicle(vin)
        tokens = await self._auth.ensure()
        response = await self._transport.fetch(
            "GET",
            HOST_OTA,
            PATH_OTA_INFO.format(vin=vin),
            headers=ota_headers(tokens, await self._ota_bootstrap()),
        )
        return read_firmware(response, self._clock())

    async def _ota_bootstrap(self) -> str:
        """A Gigya bootstrap cookie for the OTA host (the app sends one); `""` if unavailable."""
        if self._ota_cookie is None:
            try:
                self._ota_cookie = await gigya_bootstrap_cookie(self._transport)
            except SmartAPIError as err:
                _LOGGER.info("OTA call goes without a bootstrap cookie (%s)", type(err).__name__)
                return ""
        return self._ota_cookie

    async def _prepare(
        self, vehicle: Vehicle, action: str, normalised: dict[str, Any]
    ) -> PreparedCommand:
        tokens = await self._auth.ensure()
        return render_prepared(
            action,
            normalised,
            vin=vehicle.vin,
            model=vehicle.model,
            timestamp=self._transport.timestamp(),
            user_id=tokens.user_id,
        )

    async def _put(self, vehicle: Vehicle, prepared: PreparedCommand) -> CommandResult:
        # The vehicle is selected only when this session has not selected it with this token;
        # selected elsewhere since, the cloud refuses the command unexecuted (8006) and the
        # session selects it and sends the command once more.
        _LOGGER.info("sending %s to %s", prepared.spec.action, short_vin(vehicle.vin))
        body = await self._session.call(
            "PUT", prepared.path, vehicle=vehicle, payload=prepared.payload
        )
        data = body.get("data")
        task_id = data.get("taskId") if isinstance(data, dict) else None
        message = body.get("message")
        return CommandResult(
            accepted=body.get("success", True) is True,
            service_id=prepared.spec.service_id,
            vin=vehicle.vin,
            task_id=str(task_id) if task_id not in (None, "") else None,
            message=message if isinstance(message, str) else "",
        )

    async def send_command(self, vin: str, action: str, **args: Any) -> CommandResult:
        """Send `action` (an `action` of `bot.smart.command_table.COMMAND_TABLE`) to the car.

        The client sends what it is asked to: the pause the car needs between commands is
        the caller's to keep.

        Raises:
            ValueError: unknown action, bad arguments, or not available on this model;
                raised before anything is sent.
        """
        normalised = prepare_args(action, **args)
        vehicle = await self._vehicle(vin)
        prepared = await self._prepare(vehicle, action, normalised)
        return await self._put(vehicle, prepared)

    async def send_sequence(self, vin: str, planner: Planner) -> SequenceResult:
        """Send the steps `planner(model)` returns, in order, as one command.

        Every step is checked before the first is sent (`ValueError`). Steps follow each
        other after the previous answer plus `step_gap` seconds. A refused or failing step is
        recorded and the rest still go out (an "all off" should switch off what it can),
        except after a rate limit or an authentication failure, which end the sequence (the
        rest are "not sent").
        """
        vehicle = await self._vehicle(vin)
        steps = planner(vehicle.model)
        checked = [prepare_args(step.action, **step.args) for step in steps]
        for step, normalised in zip(steps, checked, strict=True):
            render_prepared(
                step.action, normalised, vin=vin, model=vehicle.model, timestamp="0", user_id=""
            )
        results: list[StepResult] = []
        stopped = False
        for index, step in enumerate(steps):
            if stopped:
                results.append(StepResult(step.label, error="not sent"))
                continue
            if index and self._step_gap:
                await self._sleep(self._step_gap)
            try:
                prepared = await self._prepare(vehicle, step.action, checked[index])
                result = await self._put(vehicle, prepared)
            except SmartAPIError as err:
                _LOGGER.info(
                    "step %s to %s failed: %s", step.label, short_vin(vin), type(err).__name__
                )
                results.append(StepResult(step.label, error=type(err).__name__))
                stopped = isinstance(
                    err, RateLimitedError | AuthenticationError | TokenExpiredError
                )
                continue
            results.append(StepResult(step.label, result=result))
        return SequenceResult(vin=vin, steps=tuple(results))


def _dc_connected(status: VehicleStatus) -> bool:
    """True when the status body says a DC charger is connected (`dcDcConnectStatus` 3)."""
    path = ("data", "vehicleStatus", "additionalVehicleStatus", "electricVehicleStatus")
    return whole(node(status.raw, *path).get("dcDcConnectStatus")) == DC_CONNECTED_CODE
