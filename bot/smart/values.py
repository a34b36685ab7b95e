"""Lenient readers for the cloud's string-encoded values: each returns `None` for anything it
cannot read (missing, `""`, not a number, not finite), so a parser built on them never raises.
"""

from __future__ import annotations

import math
from typing import Any


def node(data: Any, *path: str) -> dict[str, Any]:
    """The dict at `path`, or `{}` when any step is missing or not a dict."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def number(value: Any) -> float | None:
    """A finite float from a number or a numeric string."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        result = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def whole(value: Any) -> int | None:
    """`number` rounded to an int."""
    result = number(value)
    return None if result is None else round(result)


def flag(value: Any) -> bool | None:
    """JSON booleans and the string forms "true"/"false"/"1"/"0"."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else ""
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    return None


def in_range(value: int | None, low: int, high: int) -> int | None:
    """`value` when it lies in `low..high`, else `None`."""
    return value if value is not None and low <= value <= high else None


def non_negative(value: float | None) -> float | None:
    """`value` unless it is negative."""
    return value if value is not None and value >= 0 else None
