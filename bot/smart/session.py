"""The request pipeline every API call goes through, and the only retry loop of the client.

Per call: make sure a session exists; select the vehicle (`/user/session/update`) when this
session has not selected it with the current access token (commands included: a new token,
a new selection); send with the `X-Vehicle-*` binding headers on
the vehicle's host (apiv2 for a smart #5). On an expired token the `Authenticator` renews once
and the call is repeated once; on 8006/4038 the vehicle is re-selected once and the call
repeated once. 429s and timeouts are raised to the caller at once (`RateLimitedError` carries
the wait): the bot's poller backs off instead of a hidden sleep here.

The cloud keeps one selected vehicle per session, so calls of one session run one at a time:
otherwise the poller selecting one car between a command's selection of another and its
request makes the cloud refuse the command (8006) and the client send it twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from bot.smart.auth import Authenticator
from bot.smart.const import HOST_API_V1, HOST_API_V2, PATH_SELECT_VEHICLE
from bot.smart.errors import TokenExpiredError, VehicleNotSelectedError
from bot.smart.headers import vehicle_headers
from bot.smart.models import Tokens, Vehicle
from bot.smart.redact import short_vin
from bot.smart.transport import Transport

_LOGGER = logging.getLogger(__name__)


def host_for(vehicle: Vehicle | None) -> str:
    """The API host serving `vehicle`: apiv2 for a smart #5, else the v1 host."""
    return HOST_API_V2 if vehicle is not None and vehicle.uses_api_v2 else HOST_API_V1


class ApiSession:
    """Signed, authorised API calls with token renewal and vehicle selection."""

    def __init__(self, transport: Transport, auth: Authenticator) -> None:
        self._transport = transport
        self._auth = auth
        self._selected: tuple[str, str] | None = None  # (vin, access token it was made with)
        self._one_at_a_time = asyncio.Lock()

    async def call(
        self,
        method: str,
        path: str,
        *,
        vehicle: Vehicle | None = None,
        params: Mapping[str, object] | None = None,
        payload: object = None,
        with_user_id: bool = False,
        force_select: bool = False,
    ) -> dict[str, Any]:
        """Send one API call and return its success envelope (mapped errors otherwise)."""
        async with self._one_at_a_time:
            return await self._call(
                method,
                path,
                vehicle=vehicle,
                params=params,
                payload=payload,
                with_user_id=with_user_id,
                force_select=force_select,
            )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        vehicle: Vehicle | None,
        params: Mapping[str, object] | None,
        payload: object,
        with_user_id: bool,
        force_select: bool,
    ) -> dict[str, Any]:
        host = host_for(vehicle)
        renewed = reselected = False
        while True:
            tokens = await self._auth.ensure()
            try:
                if vehicle is not None and (force_select or not self._is_selected(vehicle, tokens)):
                    await self.select(vehicle, tokens)
                    force_select = False
                query = dict(params or {})
                if with_user_id:
                    query["userId"] = tokens.user_id
                return await self._transport.call(
                    method,
                    host,
                    path,
                    device_id=tokens.device_id,
                    params=query,
                    payload=payload,
                    access_token=tokens.access_token,
                    client_id=tokens.client_id,
                    extra_headers=(
                        vehicle_headers(vehicle.vin, vehicle.mat_code) if vehicle else None
                    ),
                )
            except TokenExpiredError as err:
                if renewed:
                    raise
                renewed = True
                _LOGGER.info("token expired (%s); renewing", err.code or err.http_status)
                await self._auth.renew(tokens, err)
            except VehicleNotSelectedError as err:
                if reselected or vehicle is None:
                    raise
                reselected = force_select = True
                _LOGGER.info(
                    "vehicle %s not selected (%s); re-selecting", short_vin(vehicle.vin), err.code
                )

    def _is_selected(self, vehicle: Vehicle, tokens: Tokens) -> bool:
        return self._selected == (vehicle.vin, tokens.access_token)

    async def select(self, vehicle: Vehicle, tokens: Tokens) -> None:
        """Make `vehicle` the account's active vehicle for this session token."""
        self._selected = None
        await self._transport.call(
            "POST",
            host_for(vehicle),
            PATH_SELECT_VEHICLE,
            device_id=tokens.device_id,
            payload={"vin": vehicle.vin, "sessionToken": tokens.access_token, "language": ""},
            access_token=tokens.access_token,
            client_id=tokens.client_id,
        )
        self._selected = (vehicle.vin, tokens.access_token)
        _LOGGER.debug("selected vehicle %s", short_vin(vehicle.vin))
