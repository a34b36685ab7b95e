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
    # Charging in detail (REFERENCE §7.2, §7.5). `charging_state` names the `chargerState`
    # code, `charger_connection` the `statusOfChargerConnection` code (see bot.smart.charging).
    charging_state: str | None = None
    charger_connection: str | None = None
    dc_charging: bool | None = None
    charge_voltage_v: float | None = None
    charge_current_a: float | None = None
    # True when the power rests on an estimated pack voltage (#1/#3 DC: the cloud sends
    # only the DC current), False when both values were measured.
    charge_power_estimated: bool | None = None
    range_at_full_km: int | None = None
    # More status (issue 14): service, 12 V battery, locks, heat, windows, fluids, air.
    service_due_km: int | None = None
    aux_battery_percent: float | None = None
    aux_battery_health: int | None = None
    door_locks: dict[str, bool] | None = None
    trunk_locked: bool | None = None
    seat_heat: dict[str, int] | None = None
    seat_ventilation: dict[str, int] | None = None
    steering_wheel_heat: bool | None = None
    defrost_on: bool | None = None
    window_percent: dict[str, int] | None = None
    park_brake_on: bool | None = None
    washer_fluid_low: bool | None = None
    brake_fluid_low: bool | None = None
    coolant_low: bool | None = None
    cabin_pm25: float | None = None
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


@dataclass(frozen=True, slots=True)
class StepResult:
    """One request of a command sequence: what the cloud said, or why it was not sent.

    `error` is the error class name when the request raised, `"not sent"` when an earlier
    failure ended the sequence, `""` when the cloud answered (see `result.accepted`).
    """

    label: str
    result: CommandResult | None = None
    error: str = ""

    @property
    def accepted(self) -> bool:
        """True when the cloud accepted this request."""
        return self.result is not None and self.result.accepted


@dataclass(frozen=True, slots=True)
class SequenceResult:
    """A command sent as several requests in order (smart #5 comfort through ZAF, one
    request per function; warm-up on a #5 = climate + one request per seat)."""

    vin: str
    steps: tuple[StepResult, ...]

    @property
    def accepted(self) -> bool:
        """True when every request was accepted."""
        return bool(self.steps) and all(step.accepted for step in self.steps)

    @property
    def failed(self) -> tuple[str, ...]:
        """Labels of the requests that were refused, raised or not sent."""
        return tuple(step.label for step in self.steps if not step.accepted)
