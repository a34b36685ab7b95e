"""The command envelope (REFERENCE §8.2): `parse_command` checks a `PUT .../telematics/{vin}`
body and returns its service id, command and parameters; anything malformed answers 1400
"Illegal parameter". The per-service rules live in `services`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.simulator import codes
from bot.simulator.codes import CloudError
from bot.simulator.model import VehicleState

Apply = Callable[[VehicleState, float], None]
Params = list[tuple[str, str]]
_SCHEDULING_KEYS = frozenset({"duration", "interval", "occurs", "recurrentOperation"})


@dataclass(frozen=True, slots=True)
class CommandPlan:
    """What an accepted command will do to the car."""

    service_id: str
    description: str
    apply: Apply


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """A structurally valid command body."""

    service_id: str
    command: str
    params: Params
    duration: int
    body: dict[str, Any]


def illegal(reason: str) -> CloudError:
    """The cloud's answer to a payload it does not accept."""
    return CloudError(codes.ILLEGAL_PARAMETER, f"Illegal parameter: {reason}")


def parse_command(raw: bytes) -> CommandRequest:
    """Check the common envelope; raises `CloudError` 1400 with the reason."""
    try:
        body = json.loads(raw)
    except ValueError:
        raise illegal("body is not JSON") from None
    if not isinstance(body, dict):
        raise illegal("body is not an object")
    service_id, command = body.get("serviceId"), body.get("command")
    if not isinstance(service_id, str) or not service_id:
        raise illegal("serviceId missing")
    if command not in ("start", "stop"):
        raise illegal("command must be start or stop")
    if body.get("creator") != "tc":
        raise illegal("creator must be tc")
    if not isinstance(body.get("timestamp", body.get("timeStamp")), (str, int)):
        raise illegal("timestamp missing")
    scheduling = body.get("operationScheduling")
    if not isinstance(scheduling, dict) or not scheduling.keys() >= _SCHEDULING_KEYS:
        raise illegal("operationScheduling incomplete")
    duration = scheduling["duration"]
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
        raise illegal("duration must be a non-negative integer")
    return CommandRequest(
        service_id, command, _params(body.get("serviceParameters")), duration, body
    )


def _params(value: object) -> Params:
    if not isinstance(value, list):
        raise illegal("serviceParameters must be a list")
    params: Params = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"key", "value"}:
            raise illegal("each service parameter needs exactly key and value")
        key, val = item["key"], item["value"]
        if not isinstance(key, str) or not isinstance(val, str):
            raise illegal("service parameter keys and values are strings")
        params.append((key, val))
    return params
