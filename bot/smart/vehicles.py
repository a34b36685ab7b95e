"""`parse_vehicles`: the vehicle list (`GET /device-platform/user/vehicle/secure`) -> `Vehicle`s.

Model detection uses `seriesCodeVs` (HX #1, HC #3, HY #5), then `matCode` (REFERENCE §7.1).
Entries without a VIN are skipped; odd values never raise.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.smart.models import CarModel, Vehicle
from bot.smart.redact import short_vin

_LOGGER = logging.getLogger(__name__)


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def parse_vehicle(item: dict[str, Any]) -> Vehicle | None:
    """One `data.list[]` entry, or `None` without a VIN."""
    vin = _text(item, "vin")
    if not vin:
        return None
    series, mat = _text(item, "seriesCodeVs"), _text(item, "matCode")
    model = CarModel.from_series(series, mat)
    if model is CarModel.UNKNOWN:
        _LOGGER.warning("vehicle %s has an unknown series code %r", short_vin(vin), series)
    return Vehicle(
        vin=vin,
        model=model,
        series_code=series,
        model_code=_text(item, "modelCode"),
        mat_code=mat,
        model_name=_text(item, "modelName"),
        color_name=_text(item, "colorName"),
        plate=_text(item, "plateNo"),
        shared=_text(item, "shareStatus").upper() == "Y",
        default=item.get("defaultVehicle") is True,
    )


def parse_vehicles(body: dict[str, Any]) -> list[Vehicle]:
    """Every vehicle of a vehicle-list response body."""
    data = body.get("data") if isinstance(body, dict) else None
    items = data.get("list") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    vehicles = [parse_vehicle(item) for item in items if isinstance(item, dict)]
    return [vehicle for vehicle in vehicles if vehicle is not None]
