"""The units a user reads values in, and every conversion to them: metric (km, km/h, °C,
bar) or imperial (mi, mph, °F, psi), chosen in /settings and stored on the user.

The car and the cloud speak metric; everything the bot stores stays metric. Values are
converted here, at the last step before they reach a text, and written with the number
formatting of `bot.tg.formatting` (Babel): "12,4 mi" and "68 °F" in German alike. The unit
symbols are the same in English and German. Typed input stays as the user types it: /climate
takes °C from a metric user and °F from an imperial one (`bot.tg.climate_input` turns "72"
into the car's 22 °C with `celsius` before the command is parsed); the climate preset and
the schedules keep their °C buttons.
"""

from __future__ import annotations

from enum import StrEnum

from bot.storage.records import UserRecord
from bot.tg.formatting import decimal
from bot.tg.i18n import Lang, t

KM_PER_MILE = 1.609344
KPA_PER_PSI = 6.894757


class Units(StrEnum):
    """The unit systems a user can choose."""

    METRIC = "metric"
    IMPERIAL = "imperial"


def parse_units(value: str | None) -> Units:
    """The stored choice; anything else (None, an old or odd value) is metric."""
    return Units.IMPERIAL if value == Units.IMPERIAL.value else Units.METRIC


def units_of(user: UserRecord | None) -> Units:
    """The units of a stored user (metric for an unknown one)."""
    return parse_units(user.units if user else None)


def distance_unit(units: Units) -> str:
    """The distance symbol: "km" / "mi"."""
    return "mi" if units is Units.IMPERIAL else "km"


def per_km(units: Units) -> float:
    """The user's distance unit per km (also mph per km/h): 1 or 0.62."""
    return 1 / KM_PER_MILE if units is Units.IMPERIAL else 1.0


def distance_value(units: Units, km: float) -> float:
    """`km` in the user's distance unit."""
    return km * per_km(units)


def distance(lang: Lang, units: Units, km: float, *, places: int = 1, fixed: bool = False) -> str:
    """A distance with its unit: "20 km", "12,4 mi" (at most `places` decimals; with
    `fixed`, exactly that many: "0,3 km")."""
    value = decimal(lang, distance_value(units, km), places=places, fixed=fixed)
    return f"{value} {distance_unit(units)}"


FEET_PER_METRE = 3.28084


def short_distance(lang: Lang, units: Units, metres: float) -> str:
    """A short distance (a place's radius), whole: "200 m" / "656 ft"."""
    if units is Units.IMPERIAL:
        return f"{decimal(lang, metres * FEET_PER_METRE, places=0)} ft"
    return f"{decimal(lang, metres, places=0)} m"


def speed(lang: Lang, units: Units, kmh: float) -> str:
    """A speed with its unit, whole: "50 km/h" / "31 mph"."""
    if units is Units.IMPERIAL:
        return f"{decimal(lang, kmh / KM_PER_MILE, places=0)} mph"
    return f"{decimal(lang, kmh, places=0)} km/h"


def speed_unit(units: Units) -> str:
    """The speed symbol: "km/h" / "mph" (chart axes)."""
    return "mph" if units is Units.IMPERIAL else "km/h"


def fahrenheit(celsius: float) -> float:
    """°C as °F."""
    return celsius * 9 / 5 + 32


def celsius(fahrenheit_value: float) -> float:
    """°F as °C."""
    return (fahrenheit_value - 32) * 5 / 9


def temperature_unit(units: Units) -> str:
    """The temperature symbol: "°C" / "°F"."""
    return "°F" if units is Units.IMPERIAL else "°C"


def temperature(lang: Lang, units: Units, value_c: float, *, places: int = 1) -> str:
    """A temperature with its unit: "20,2 °C" / "68 °F" (at most `places` decimals)."""
    value = fahrenheit(value_c) if units is Units.IMPERIAL else value_c
    return t(
        lang, "status.temp", value=decimal(lang, value, places=places), unit=temperature_unit(units)
    )


def pressure_unit(units: Units) -> str:
    """The tyre pressure symbol: "bar" / "psi"."""
    return "psi" if units is Units.IMPERIAL else "bar"


def pressure_number(lang: Lang, units: Units, kpa: float) -> str:
    """A tyre pressure without its unit: bar with one decimal ("2,5"), psi whole ("36")."""
    if units is Units.IMPERIAL:
        return decimal(lang, kpa / KPA_PER_PSI, places=0)
    return decimal(lang, kpa / 100, places=1, fixed=True)


def energy_per_distance(lang: Lang, units: Units, kwh_per_100km: float) -> str:
    """Consumption with its unit: "16,2 kWh/100 km" / "26,1 kWh/100 mi"."""
    value = kwh_per_100km * KM_PER_MILE if units is Units.IMPERIAL else kwh_per_100km
    return f"{decimal(lang, value)} kWh/100 {distance_unit(units)}"
