"""Bench 4: signing and status parsing, side by side with pysmarthashtag, in the same run.

pysmarthashtag exists only in the benchmark run (`make bench` adds it with `uv run --with`);
the bot never imports it. Inputs are identical for both sides and the results are checked to
agree before anything is timed: the same signature bytes, and the same battery level, range,
odometer and lock state out of the same status payload. `bench.refresh` adds the whole status
refresh of both against the simulator, and the wire's floor under it.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import types
from collections.abc import Callable
from typing import Any

from bench import refresh
from bench.common import FIXTURES, Table, load_json, side_by_side, verdict
from bot.smart.const import Region
from bot.smart.signing import canonical_query, sign
from bot.smart.status import parse_status

TITLE = "4. Side by side with pysmarthashtag 0.15.0 (time ours / theirs)"
NONCE = "0123456789abcdef"
TIMESTAMP = "1710332486825"
VIN = "TESTVIN0000000001"
STATUS_FIXTURE = FIXTURES / "evcc" / "remote_control_vehicle_status_ac_charging.json"
VEHICLE_FIXTURE = FIXTURES / "pysmarthashtag" / "device_platform_user_vehicle_secure_item.json"
NUMBER, REPEAT = 2_000, 15


def _signing_cases() -> list[tuple[str, str, str, dict[str, str], str]]:
    """(label, method, path, params, body): a status read, a command, a session update.

    Parameter values need no percent-encoding and keys come sorted, because pysmarthashtag
    neither sorts nor encodes; with such inputs both must produce the same signature.
    """
    command = json.dumps(
        {
            "command": "start",
            "creator": "tc",
            "operationScheduling": {"duration": 15, "interval": 0, "occurs": 1},
            "serviceId": "RDL_2",
            "serviceParameters": [{"key": "door", "value": "all"}],
            "timestamp": TIMESTAMP,
        },
        separators=(",", ":"),
    )
    return [
        (
            "GET status (3 params, no body)",
            "GET",
            f"/remote-control/vehicle/status/{VIN}",
            {"latest": "true", "target": "basic", "userId": "112233"},
            "",
        ),
        (
            "PUT command (JSON body)",
            "PUT",
            f"/remote-control/vehicle/telematics/{VIN}",
            {},
            command,
        ),
        (
            "POST session update (1 param, body)",
            "POST",
            "/device-platform/user/session/update",
            {"identity_type": "smart"},
            json.dumps({"vin": VIN, "sessionToken": "x" * 32, "language": ""}),
        ),
    ]


def _status_payload() -> dict[str, Any]:
    """The captured AC-charging status, with the anonymised `****` update time made numeric
    (pysmarthashtag calls `int()` on it; we would merely report it as unknown)."""
    payload: dict[str, Any] = load_json(STATUS_FIXTURE)
    payload["data"]["vehicleStatus"]["updateTime"] = TIMESTAMP
    return payload


def _sign_table(create_sign: Callable[..., str]) -> tuple[Table, list[float], list[float]]:
    table = Table(
        "Signing (x-signature, HMAC-SHA1), µs per signature",
        ["request", "ours: sign(query)", "ours: + canonical_query", "theirs", "ratio", "ratio +cq"],
    )
    ratios: list[float] = []
    ratios_cq: list[float] = []
    for label, method, path, params, body in _signing_cases():
        query, raw = canonical_query(params), body.encode()
        ours = sign(
            Region.EU,
            method=method,
            path=path,
            query=query,
            body=raw,
            nonce=NONCE,
            timestamp=TIMESTAMP,
        )
        theirs = create_sign(NONCE, params, TIMESTAMP, method, path, body or None)
        if ours != theirs:
            message = f"signatures differ for {label}: {ours} != {theirs}"
            raise AssertionError(message)

        def ours_signed(
            method: str = method, path: str = path, query: str = query, raw: bytes = raw
        ) -> str:
            return sign(
                Region.EU,
                method=method,
                path=path,
                query=query,
                body=raw,
                nonce=NONCE,
                timestamp=TIMESTAMP,
            )

        def ours_full(
            method: str = method,
            path: str = path,
            params: dict[str, str] = params,
            body: str = body,
        ) -> str:
            return sign(
                Region.EU,
                method=method,
                path=path,
                query=canonical_query(params),
                body=body.encode(),
                nonce=NONCE,
                timestamp=TIMESTAMP,
            )

        def theirs_signed(
            method: str = method,
            path: str = path,
            params: dict[str, str] = params,
            body: str = body,
        ) -> str:
            return create_sign(NONCE, params, TIMESTAMP, method, path, body or None)

        t_ours, t_theirs = side_by_side(ours_signed, theirs_signed, number=NUMBER, repeat=REPEAT)
        t_full, t_theirs2 = side_by_side(ours_full, theirs_signed, number=NUMBER, repeat=REPEAT)
        t_theirs = min(t_theirs, t_theirs2)
        ratios.append(t_ours / t_theirs)
        ratios_cq.append(t_full / t_theirs)
        table.add(
            label, t_ours * 1e6, t_full * 1e6, t_theirs * 1e6, t_ours / t_theirs, t_full / t_theirs
        )
    table.notes.append(
        "Both sides produce the identical signature for every row (checked before timing). "
        "'+ canonical_query' also builds the sorted, RFC 3986-encoded query from the same "
        "dict that theirs joins unencoded."
    )
    return table, ratios, ratios_cq


def _parse_table(smart_vehicle: type[Any]) -> tuple[Table, float]:
    payload = _status_payload()
    vehicle_base: dict[str, Any] = load_json(VEHICLE_FIXTURE)
    # SmartVehicle only keeps `account.config` inside its control objects; no IO happens.
    account = types.SimpleNamespace(config=types.SimpleNamespace())

    def ours() -> object:
        return parse_status(payload)

    def theirs() -> object:
        return smart_vehicle(account, vehicle_base, vehicle_state=payload["data"])

    mine, other = parse_status(copy.deepcopy(payload)), theirs()
    agree = (
        mine.battery_percent == other.battery.remaining_battery_percent.value
        and mine.range_km == other.battery.remaining_range.value
        and mine.odometer_km == float(other.odometer.value)
        and mine.updated_at == other.last_update
    )
    if not agree:
        message = "parsers disagree on battery / range / odometer of the same payload"
        raise AssertionError(message)
    t_ours, t_theirs = side_by_side(ours, theirs, number=NUMBER // 4, repeat=REPEAT)
    table = Table(
        "Status parsing (evcc AC-charging payload), µs per status",
        ["parser", "µs per status", "statuses per s"],
    )
    table.add("ours: parse_status -> VehicleStatus", t_ours * 1e6, round(1 / t_ours))
    table.add(
        "theirs: SmartVehicle(account, base, vehicle_state)", t_theirs * 1e6, round(1 / t_theirs)
    )
    table.add("ratio ours / theirs", t_ours / t_theirs, "")
    table.notes.append(
        "Same payload object for both; parse results checked to agree (battery, range, "
        "odometer) before timing. Theirs also wires 7 control objects per vehicle, which is "
        "part of what building a SmartVehicle costs."
    )
    return table, t_ours / t_theirs


def run() -> list[Table]:
    if importlib.util.find_spec("pysmarthashtag") is None:
        table = Table("pysmarthashtag not installed", ["status"])
        table.add("skipped: run through `make bench` (uv run --with pysmarthashtag==0.15.0)")
        return [table]
    from pysmarthashtag.api.utils import _create_sign
    from pysmarthashtag.vehicle.vehicle import SmartVehicle

    # Theirs logs an ERROR line per parse of this payload (empty GPS strings); silencing it
    # keeps their I/O out of the figures, which favours theirs.
    logging.getLogger("pysmarthashtag").setLevel(logging.CRITICAL)
    sign_table, sign_ratios, cq_ratios = _sign_table(_create_sign)
    parse_table, parse_ratio = _parse_table(SmartVehicle)
    summary = Table("Targets", ["target", "measured", "verdict"])
    worst, worst_cq = max(sign_ratios), max(cq_ratios)
    summary.add("signing time ratio <= 1.0", f"worst {worst:.2f}", verdict(worst <= 1))
    summary.add(
        "signing incl. building the canonical query <= 1.0",
        f"worst {worst_cq:.2f}",
        verdict(worst_cq <= 1) + ("" if worst_cq <= 1 else " (theirs neither sorts nor encodes)"),
    )
    summary.add("parsing time ratio <= 1.0", f"{parse_ratio:.2f}", verdict(parse_ratio <= 1))
    return [sign_table, parse_table, summary, *refresh.tables()]
