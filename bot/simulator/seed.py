"""Seed data: accounts, passwords and cars from a JSON file, or the built-in demo accounts.

Seed format::

    {
      "config": {"command_delay": 3, "token_lifetime": 3600},
      "accounts": [
        {"email": "a@example.com", "password": "pw", "region": "EU",
         "vehicles": [{"model": "#1", "vin": "HESXR1C46PS000101", "soc": 76,
                       "plugged_in": false, "latitude": 52.52, "longitude": 13.40}]}
      ]
    }

`region` is `EU` or `INTL`; `model` is `#1`, `#3` or `#5` (or a series code such as `HX11`);
`vin` is optional. Any other vehicle key must name a `VehicleState` field (`soc`,
`charge_target`, `locked`, `interior_temp_c`, `plate`, `trim` ("Pure", "Pro", "Pulse",
"Premium", "BRABUS": what the capability lists show), `capabilities_off`, `washer_fluid_low`,
`cabin_pm25`, ...); unknown keys are refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path
from typing import Any, Final

from bot.simulator.model import SPECS, VehicleState
from bot.smart.const import Region
from bot.smart.models import CarModel

DEMO_PASSWORD: Final = "demo-password"  # noqa: S105 (published demo account)
DEMO_EU_EMAIL: Final = "demo@example.com"
DEMO_INTL_EMAIL: Final = "demo-intl@example.com"

DEMO_SEED: Final[dict[str, Any]] = {
    "accounts": [
        {
            "email": DEMO_EU_EMAIL,
            "password": DEMO_PASSWORD,
            "region": "EU",
            "vehicles": [
                {"model": "#1", "vin": "HESXR1C46PS000101", "soc": 76, "plate": "B-SM 101"},
                {
                    "model": "#5",
                    "vin": "HESYR1C45RS000205",
                    "soc": 54,
                    "plate": "B-SM 505",
                    "color_name": "A68 LUMINOUS BLACK",
                    "latitude": 52.507,
                    "longitude": 13.3905,
                },
            ],
        },
        {
            "email": DEMO_INTL_EMAIL,
            "password": DEMO_PASSWORD,
            "region": "INTL",
            "vehicles": [
                {
                    "model": "#3",
                    "vin": "HESCA2C42RS000303",
                    "soc": 63,
                    "plate": "123-45-678",
                    "latitude": 32.0853,
                    "longitude": 34.7818,
                    "exterior_temp_c": 27.0,
                    "interior_temp_c": 31.5,
                },
            ],
        },
    ]
}

_FIXED_FIELDS = frozenset(
    {
        "vin",
        "spec",
        "region",
        "pending",
        "events",
        "settled_at",
        "uploaded_interior_temp_c",
        "last_rce_at",
        "destinations",
    }
)
_SETTABLE = {f.name for f in fields(VehicleState)} - _FIXED_FIELDS


class SeedError(ValueError):
    """The seed data is malformed; the message says where."""


def parse_model(value: object) -> CarModel:
    """`#1`/`#3`/`#5`, `1`/`3`/`5`, or a series code (`HX11`, `HC11_IL`, `HY11`)."""
    text = str(value).strip()
    for model in SPECS:
        if text in (model.value, model.value.lstrip("#")):
            return model
    model = CarModel.from_series(text)
    if model is CarModel.UNKNOWN:
        msg = f"unknown model {text!r} (use #1, #3 or #5)"
        raise SeedError(msg)
    return model


def make_vehicle(model: CarModel, vin: str | None = None, **values: Any) -> VehicleState:
    """A car of `model` with the given field values (a made-up VIN when none is given)."""
    unknown = set(values) - _SETTABLE
    if unknown:
        msg = f"unknown vehicle fields: {', '.join(sorted(unknown))}"
        raise SeedError(msg)
    vehicle = VehicleState(vin=vin or fake_vin(model, str(values)), spec=SPECS[model])
    if model is CarModel.SMART_5:
        vehicle.firmware_version = None  # the OTA service answers 1003 for a #5 (REFERENCE §7.7)
    for name, value in values.items():
        is_set = name in {"doors_open", "capabilities_off"}
        setattr(vehicle, name, set(value) if is_set else value)
    return vehicle


def fake_vin(model: CarModel, salt: str = "") -> str:
    """A VIN-shaped id (17 characters, no I/O/Q) for a model."""
    prefix = {
        CarModel.SMART_1: "HESXR1C4",
        CarModel.SMART_3: "HESCA2C4",
        CarModel.SMART_5: "HESYR1C4",
    }
    digest = int(hashlib.sha256(f"{model}{salt}".encode()).hexdigest(), 16)
    return f"{prefix.get(model, 'HESZZ1C4')}0RS{digest % 1_000_000:06d}"


def load_seed(path: Path) -> dict[str, Any]:
    """Read and minimally check a seed file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        msg = f"cannot read seed file {path}: {err}"
        raise SeedError(msg) from None
    if not isinstance(data, dict) or not isinstance(data.get("accounts", []), list):
        msg = "a seed is an object with an `accounts` list"
        raise SeedError(msg)
    return data


def parse_region(value: object) -> Region:
    """`EU` or `INTL`."""
    try:
        return Region(str(value).upper())
    except ValueError:
        msg = f"unknown region {value!r} (use EU or INTL)"
        raise SeedError(msg) from None
