"""Place names without the internet: the nearest town from the place data that the
`reverse_geocoder` package ships (GeoNames, towns above 1,000 people), never a web service.

`PlaceNamer.name(lat, lon)` answers "Munich" (or "Munich, DE" abroad); the data is loaded
on first use (a fraction of a second, a few megabytes), in the calling thread: callers
off the event loop (`asyncio.to_thread`). The user's own saved places, once they exist,
go in front of this behind the same call.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol


class Places(Protocol):
    """Names a position."""

    def name(self, latitude: float, longitude: float) -> str | None:
        """A short name for the place, None when there is none."""


class PlaceNamer:
    """The offline reverse geocoder (loaded once per process, on first use)."""

    def __init__(self, home_country: str | None = None) -> None:
        self._home = home_country
        self._lock = threading.Lock()
        self._geocoder: Any = None

    def _loaded(self) -> Any:
        with self._lock:
            if self._geocoder is None:
                import reverse_geocoder  # type: ignore[import-untyped]  # noqa: PLC0415

                self._geocoder = reverse_geocoder.RGeocoder(mode=1, verbose=False)
            return self._geocoder

    def name(self, latitude: float, longitude: float) -> str | None:
        """The nearest town ("Munich"), with its country code when not the home country."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        (found,) = self._loaded().query([(latitude, longitude)])
        town, country = str(found.get("name") or ""), str(found.get("cc") or "")
        if not town:
            return None
        return town if not country or country == self._home else f"{town}, {country}"
