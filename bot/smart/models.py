"""Typed values the client returns: session tokens, vehicles, normalised status, results.

These are the contract between the cloud client and the rest of the bot (storage, commands,
poller, Telegram layer). They are plain frozen dataclasses with JSON round-trips for storage.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.smart.const import Region


class CarModel(StrEnum):
    """smart model line, from `seriesCodeVs`/`matCode` prefixes HX, HC, HY."""

    SMART_1 = "#1"
    SMART_3 = "#3"
    SMART_5 = "#5"
    UNKNOWN = "?"

    @classmethod
    def from_series(cls, series_code: str | None, mat_code: str | None = None) -> CarModel:
        """Detect the model from the series code, falling back to the material code."""
        for code in (series_code or "", mat_code or ""):
            prefix = code[:2].upper()
            if prefix == "HX":
                return cls.SMART_1
            if prefix == "HC":
                return cls.SMART_3
            if prefix == "HY":
                return cls.SMART_5
        return cls.UNKNOWN


@dataclass(frozen=True, slots=True)
class Tokens:
    """Everything needed to resume a session without the password. Secrets stay out of repr.

    `access_token`/`refresh_token` are the API session pair (`authorization` header, refresh
    PUT); `oauth_access_token` is the Gigya/IAM token re-exchanged on 1402; `id_token` is the
    INTL IAM id token.
    """

    region: Region
    device_id: str
    user_id: str
    client_id: str = ""
    access_token: str = field(default="", repr=False)
    refresh_token: str = field(default="", repr=False)
    oauth_access_token: str = field(default="", repr=False)
    oauth_refresh_token: str = field(default="", repr=False)
    id_token: str = field(default="", repr=False)
    expires_at: float | None = None

    def to_json(self) -> str:
        """Serialise for encrypted storage."""
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Tokens:
        """Inverse of `to_json`; unknown keys are ignored, missing ones get defaults."""
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["region"] = Region(values["region"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Vehicle:
    """One car of the account, from the vehicle list."""

    vin: str
    model: CarModel
    series_code: str = ""
    model_code: str = ""
    mat_code: str = ""
    model_name: str = ""
    color_name: str = ""
    plate: str = ""
    shared: bool = False
    default: bool = False

    @property
    def uses_api_v2(self) -> bool:
        """Tell whether the car is a #5, served by the apiv2 host after the vehicle list."""
        return self.model is CarModel.SMART_5

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class VehicleStatus:
    """A normalised status. Every field is `None` when the cloud did not say, said `""`,
    or sent a sentinel (2047 minutes, 101 % position = not fitted, ...)."""

    updated_at: datetime | None = None
    battery_percent: int | None = None
    range_km: int | None = None
    is_charging: bool | None = None
    plugged_in: bool | None = None
    charger_state: int | None = None
    charge_power_kw: float | None = None
    minutes_to_full: int | None = None
    charge_target_percent: int | None = None
    charge_lid_open: bool | None = None
    locked: bool | None = None
    doors_open: frozenset[str] | None = None
    windows_open: frozenset[str] | None = None
    trunk_open: bool | None = None
    hood_open: bool | None = None
    sunroof_open: bool | None = None
    climate_on: bool | None = None
    interior_temp_c: float | None = None
    exterior_temp_c: float | None = None
    odometer_km: float | None = None
    tyre_pressure_kpa: dict[str, float] | None = None
    tyre_warning: bool | None = None
    aux_battery_v: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    engine_running: bool | None = None
    speed_kmh: float | None = None
    days_to_service: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_position(self) -> bool:
        """True when the car reported a usable GPS position."""
        return self.latitude is not None and self.longitude is not None

    def to_json_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (sets become sorted lists, times ISO 8601)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "raw" and not include_raw:
                continue
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, datetime):
                value = value.isoformat()
            data[f.name] = value
        return data

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> VehicleStatus:
        """Inverse of `to_json_dict`; tolerant of missing and unknown keys."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("doors_open", "windows_open"):
            if values.get(name) is not None:
                values[name] = frozenset(values[name])
        stamp = values.get("updated_at")
        if isinstance(stamp, str):
            parsed = datetime.fromisoformat(stamp)
            values["updated_at"] = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """What the cloud said to a command. `accepted` means queued for the car, not done."""

    accepted: bool
    service_id: str
    vin: str
    task_id: str | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class Firmware:
    """What the OTA service says about the car's software (REFERENCE §7.7).

    `update_available` is the service's `hasNewAssignment` when it sends one, else whether
    `target_version` differs from `current_version`. Versions are `None` when not reported.
    """

    current_version: str | None
    target_version: str | None
    update_available: bool
