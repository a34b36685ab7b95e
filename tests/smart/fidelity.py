"""Shared helpers for the issue-14 client tests: the fidelity fixtures (copied from the
reference into `tests/fixtures/fidelity/`, see its PROVENANCE.md) and extra cloud routes
(capability list, #5 DC info, send-to-car) on the respx cloud of `tests/smart/router.py`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx

from tests.smart.router import VIN5, SmartCloudMock, envelope

FIDELITY = Path(__file__).resolve().parents[1] / "fixtures/fidelity"
HOSTS = ("api.ecloudeu.com", "apiv2.ecloudeu.com")


def fixture(name: str) -> dict[str, Any]:
    """A fidelity fixture by file name."""
    data: dict[str, Any] = json.loads((FIDELITY / name).read_text(encoding="utf-8"))
    return data


def catalogue(name: str, user_id: str = "112233") -> dict[str, Any]:
    """One request of `requests.json` (method, path, query, body), user id filled in."""
    for entry in fixture("requests.json")["requests"]:
        if entry["name"] == name:
            text = json.dumps(entry).replace("{api_user_id}", user_id)
            found: dict[str, Any] = json.loads(text)
            return found
    raise KeyError(name)


def body_at(name: str, timestamp_ms: int, **changes: Any) -> dict[str, Any]:
    """A catalogue body stamped with the client's time, with top-level `changes`."""
    body: dict[str, Any] = copy.deepcopy(catalogue(name)["body"])
    key = "timeStamp" if "timeStamp" in body else "timestamp"
    body[key] = str(timestamp_ms)
    body.update(changes)
    return body


def params(body: dict[str, Any]) -> list[tuple[str, str]]:
    """A command body's service parameters as (key, value) pairs."""
    return [(item["key"], item["value"]) for item in body["serviceParameters"]]


class ExtraRoutes:
    """Capability, qrvs and send-to-car on both hosts of `cloud`, each signature-checked."""

    def __init__(self, cloud: SmartCloudMock) -> None:
        self.cloud = cloud
        self.capability_body: dict[str, Any] = fixture("capability_list_format.json")
        self.qrvs_body: dict[str, Any] = fixture("qrvs_dc_charge_info_smart5.json")
        self.destinations: list[tuple[httpx.Request, dict[str, Any]]] = []
        for host in HOSTS:
            cloud.on(
                "GET", host, r"/geelyTCAccess/tcservices/capability/(?P<vin>\w{17})", f"cap@{host}"
            ).mock(side_effect=self._capability)
            cloud.on(
                "GET",
                host,
                r"/geelyTCAccess/tcservices/vehicle/status/qrvs/(?P<vin>\w{17})",
                f"qrvs@{host}",
            ).mock(side_effect=self._qrvs)
            cloud.on("POST", host, "/geelyTCAccess/tcservices/ihu/send/to/car", f"nav@{host}").mock(
                side_effect=self._send_to_car
            )

    def _host_ok(self, request: httpx.Request, vin: str) -> httpx.Response | None:
        on_v2 = request.url.host == "apiv2.ecloudeu.com"
        if (vin == VIN5) != on_v2:
            return self.cloud.reply(envelope("8060", "wrong host"))
        return None

    def _capability(self, request: httpx.Request, vin: str) -> httpx.Response:
        refused = self._host_ok(request, vin) or self.cloud.check_auth(request)
        return refused or self.cloud.reply(self.capability_body)

    def _qrvs(self, request: httpx.Request, vin: str) -> httpx.Response:
        refused = self._host_ok(request, vin) or self.cloud.check_auth(request, vin)
        return refused or self.cloud.reply(self.qrvs_body)

    def _send_to_car(self, request: httpx.Request) -> httpx.Response:
        vin = request.url.params.get("vin", "")
        refused = self._host_ok(request, vin) or self.cloud.check_auth(request, vin)
        if refused is not None:
            return refused
        self.destinations.append((request, json.loads(request.content)))
        return self.cloud.reply(envelope("1000", "operation succeed", data=None))
