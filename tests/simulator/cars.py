"""Shortcuts for tests that work with a logged-in demo account and its cars."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from bot.simulator import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD
from bot.smart.const import HOST_API_V1, HOST_API_V2, Region
from tests.simulator.wire import Session, call, eu_login, intl_login, select

SMART1_VIN = "HESXR1C46PS000101"
SMART5_VIN = "HESYR1C45RS000205"
SMART3_VIN = "HESCA2C42RS000303"
VIN_HOSTS = {SMART1_VIN: HOST_API_V1, SMART5_VIN: HOST_API_V2, SMART3_VIN: HOST_API_V1}


@dataclass
class Car:
    """A logged-in account and one of its cars, selected."""

    http: httpx.AsyncClient
    session: Session
    vin: str
    host: str = ""

    def __post_init__(self) -> None:
        self.host = self.host or VIN_HOSTS[self.vin]

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        """Signed GET of `path` (with `{vin}`) on the car's host."""
        response = await call(
            self.http,
            self.session.region,
            "GET",
            path.format(vin=self.vin),
            host=self.host,
            params=params,
            token=self.session.access_token,
        )
        body: dict[str, Any] = response.json()
        return body

    async def status(self) -> dict[str, Any]:
        """The full status body."""
        return await self.get(
            "/remote-control/vehicle/status/{vin}",
            latest=True,
            target="basic,more",
            userId=self.session.user_id,
        )

    async def command(self, body: dict[str, Any], *, journal: bool = False) -> dict[str, Any]:
        """PUT a command body."""
        path = (
            "/remote-control/vehicle/status/journalLog/{vin}"
            if journal
            else ("/remote-control/vehicle/telematics/{vin}")
        )
        response = await call(
            self.http,
            self.session.region,
            "PUT",
            path.format(vin=self.vin),
            host=self.host,
            body=body,
            token=self.session.access_token,
        )
        result: dict[str, Any] = response.json()
        return result


async def login_car(http: httpx.AsyncClient, vin: str) -> Car:
    """Log in to the demo account owning `vin` and select it."""
    if vin == SMART3_VIN:
        session = await intl_login(http, DEMO_INTL_EMAIL, DEMO_PASSWORD)
    else:
        session = await eu_login(http, DEMO_EU_EMAIL, DEMO_PASSWORD)
    assert await select(http, session, vin, VIN_HOSTS[vin]) == "1000"
    return Car(http, session, vin)


def region_of(vin: str) -> Region:
    """The demo region of `vin`."""
    return Region.INTL if vin == SMART3_VIN else Region.EU
