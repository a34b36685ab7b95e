"""Value encodings of the vehicle payloads (REFERENCE §2.2): everything is a string."""

from __future__ import annotations

MAS_PER_DEGREE = 3_600_000


def num(value: float, decimals: int) -> str:
    """A float as the cloud writes it, with a fixed number of decimals (`"19.300"`)."""
    return f"{value:.{decimals}f}"


def integer(value: float) -> str:
    """A whole number as a string (`"269"`)."""
    return str(round(value))


def flag(value: bool) -> str:
    """A boolean as `"true"`/`"false"`."""
    return "true" if value else "false"


def bit(value: bool) -> str:
    """A boolean as `"1"`/`"0"`."""
    return "1" if value else "0"


def millis(seconds: float) -> str:
    """Epoch seconds as an epoch-milliseconds string."""
    return str(int(seconds * 1000))


def mas(degrees: float | None) -> str:
    """Decimal degrees as integer milli-arc-seconds; `""` when unknown (no GPS upload)."""
    if degrees is None:
        return ""
    return str(round(degrees * MAS_PER_DEGREE))
