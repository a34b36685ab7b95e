"""The simulated cars: one spec per model line and the mutable state of each vehicle.

The state holds physical facts (state of charge in percent, position in degrees, which doors
are open); `render_status` turns them into the cloud's string-encoded shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from bot.simulator.trips import Trip, TripStart
from bot.smart.const import Region
from bot.smart.models import CarModel

# Wheel/door/window suffixes as the status payload spells them, with our snake_case names.
POSITIONS: Final = {
    "driver": "Driver",
    "passenger": "Passenger",
    "driver_rear": "DriverRear",
    "passenger_rear": "PassengerRear",
}
# Heated or ventilated places as the RCE_2 command names them.
HEAT_PLACES: Final = ("front-left", "front-right", "rear-left", "rear-right", "steering_wheel")
VENT_PLACES: Final = ("front-left", "front-right", "rear-left", "rear-right")
VENTILATE_PERCENT: Final = 20
# HV pack voltage: a 400 V class pack, rising with the state of charge (our own curve).
PACK_VOLTS_EMPTY: Final = 365.0
PACK_VOLTS_PER_PERCENT: Final = 0.95
# The software version of the OTA capture (REFERENCE §7.7).
DEFAULT_FIRMWARE: Final = "smart OS 1.5.2 EU"


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Fixed facts of a model line (vehicle list codes, battery, charging power)."""

    model: CarModel
    series_code: str
    model_code: str
    mat_code_prefix: str
    capacity_kwh: float
    full_range_km: int
    ac_kw: float
    dc_kw: float
    consumption_kwh_per_100km: float
    # #5 reports `dcChargeIAct` in deci-amps (REFERENCE §7.2), the others in amps.
    dc_current_scale: float

    @property
    def uses_api_v2(self) -> bool:
        """A #5 is served on apiv2 only (8060 on the v1 host)."""
        return self.model is CarModel.SMART_5


SPECS: Final[dict[CarModel, ModelSpec]] = {
    CarModel.SMART_1: ModelSpec(
        CarModel.SMART_1,
        "HX11",
        "HX11_EUL_Premium+_RWD_000",
        "HX1ED2",
        66.0,
        420,
        22.0,
        150.0,
        16.5,
        1.0,
    ),
    CarModel.SMART_3: ModelSpec(
        CarModel.SMART_3,
        "HC11",
        "HC11_EUL_Premium_RWD_000",
        "HC1ED2",
        66.0,
        455,
        22.0,
        150.0,
        15.8,
        1.0,
    ),
    CarModel.SMART_5: ModelSpec(
        CarModel.SMART_5,
        "HY11",
        "HY11_EUL_Premium_RWD_000",
        "HY1ED2",
        100.0,
        540,
        22.0,
        400.0,
        18.5,
        10.0,
    ),
}
# INTL (Israel) cars carry `_IL` codes (REFERENCE §7.1).
INTL_SERIES_SUFFIX: Final = "_IL"


@dataclass(slots=True)
class PendingChange:
    """An accepted command waiting for the car: applied when the clock passes `due`."""

    due: float
    service_id: str
    description: str
    apply: Callable[[VehicleState, float], None]


@dataclass(slots=True)
class VehicleState:
    """Everything the simulator knows about one car. Mutate it only under the state lock."""

    vin: str
    spec: ModelSpec
    region: Region = Region.EU
    color_name: str = "G68 SPECTRUM BLUE"
    color_code: str = "087"
    plate: str = ""
    soc: float = 80.0
    charge_target: int = 90
    plugged_in: bool = False
    dc_plug: bool = False
    charging: bool = False
    charge_lid_open: bool = False
    locked: bool = True
    trunk_locked: bool = True
    doors_open: set[str] = field(default_factory=set)
    trunk_open: bool = False
    hood_open: bool = False
    window_percent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(POSITIONS, 0))
    sunshade_open: bool = False
    climate_on: bool = False
    climate_target_c: float = 21.0
    climate_until: float | None = None
    defrost: bool = False
    seat_heat: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HEAT_PLACES, 0))
    seat_vent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VENT_PLACES, 0))
    interior_temp_c: float = 17.5
    exterior_temp_c: float = 11.5
    odometer_km: float = 1904.0
    latitude: float | None = 52.520008
    longitude: float | None = 13.404954
    altitude_m: int = 34
    driving: bool = False
    speed_kmh: float = 0.0
    tyre_kpa: dict[str, float] = field(
        default_factory=lambda: {
            "driver": 258.124,
            "passenger": 249.886,
            "driver_rear": 255.378,
            "passenger_rear": 258.124,
        }
    )
    tyre_warning: bool = False
    aux_battery_v: float = 14.225
    aux_battery_percent: float = 94.3
    washer_fluid_low: bool = False
    brake_fluid_low: bool = False
    coolant_low: bool = False
    cabin_pm25: float = 1.0
    # Trim line (Pure, Pro, Pulse, Premium, BRABUS): which functions the capability list has.
    trim: str = "Premium"
    # Capability ids switched off by a test (the list then says valueEnable false).
    capabilities_off: set[str] = field(default_factory=set)
    # RCE_2 commands the car took (cloud acceptance time): a second one right after is
    # ignored (SmartHashtag #129).
    last_rce_at: float | None = None
    # Destinations sent to the car's navigation, oldest first.
    destinations: list[dict[str, object]] = field(default_factory=list)
    days_to_service: int = 349
    distance_to_service_km: int = 28096
    journal_enabled: bool = False
    # The trip journal (with `journal_enabled`): trips recorded, oldest first, and the one
    # under way.
    trips: list[Trip] = field(default_factory=list)
    trip_started: TripStart | None = None
    fridge_on: bool = False
    fragrance_on: bool = False
    tracking_on: bool = False
    locker_locked: bool = True
    alarm: bool = False
    # OTA record: installed version (None: the OTA service has no record, as for a #5) and
    # the version offered to the car (None: nothing offered beyond what is installed).
    firmware_version: str | None = DEFAULT_FIRMWARE
    firmware_target: str | None = None
    updated_at: float = 0.0
    # The cabin temperature of the last upload: the cabin keeps drifting between uploads,
    # the cloud shows what the car last sent.
    uploaded_interior_temp_c: float | None = None
    park_time: float = 0.0
    settled_at: float = 0.0
    pending: list[PendingChange] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)

    @property
    def model(self) -> CarModel:
        """The model line."""
        return self.spec.model

    @property
    def series_code(self) -> str:
        """`seriesCodeVs` as the vehicle list reports it."""
        suffix = INTL_SERIES_SUFFIX if self.region is Region.INTL else ""
        return self.spec.series_code + suffix

    @property
    def mat_code(self) -> str:
        """`matCode`: model prefix plus the VIN's serial digits."""
        return self.spec.mat_code_prefix + self.vin[-12:]

    @property
    def battery_percent(self) -> int:
        """State of charge as reported (`chargeLevel`), whole percent."""
        return max(0, min(100, math.floor(self.soc)))

    @property
    def range_km(self) -> int:
        """Remaining range at the current charge."""
        return round(self.spec.full_range_km * self.soc / 100)

    @property
    def charge_power_kw(self) -> float:
        """Power flowing into the battery now; 0 when not charging."""
        if not self.charging:
            return 0.0
        return self.spec.dc_kw if self.dc_plug else self.spec.ac_kw

    @property
    def minutes_to_full(self) -> int | None:
        """Minutes until the charge target is reached; None when not charging."""
        power = self.charge_power_kw
        if power <= 0:
            return None
        missing_kwh = max(0.0, self.charge_target - self.soc) / 100 * self.spec.capacity_kwh
        return math.ceil(round(missing_kwh / power * 60, 6))

    @property
    def pack_volts(self) -> float:
        """The HV pack voltage now (DC charging current = power / this)."""
        return PACK_VOLTS_EMPTY + PACK_VOLTS_PER_PERCENT * self.soc

    @property
    def update_offered(self) -> bool:
        """True when the OTA service offers a version other than the installed one."""
        return self.firmware_target is not None and self.firmware_target != self.firmware_version

    @property
    def windows_open(self) -> frozenset[str]:
        """Names of windows that are not fully closed."""
        return frozenset(name for name, pct in self.window_percent.items() if pct > 0)

    def record(self, now: float, event: str) -> None:
        """Remember something the car did that leaves no state (horn, flash)."""
        self.events.append((now, event))
        del self.events[:-100]

    @property
    def reported_interior_temp_c(self) -> float:
        """The cabin temperature the cloud shows (that of the last upload)."""
        uploaded = self.uploaded_interior_temp_c
        return self.interior_temp_c if uploaded is None else uploaded

    def touch(self, now: float) -> None:
        """Mark a fresh upload from the car: the status is stamped `now` and shows the
        current state. Every change of what the status shows goes through here."""
        self.updated_at = now
        self.uploaded_interior_temp_c = self.interior_temp_c
