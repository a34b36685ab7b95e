"""Numbers typed by users, read from ASCII digits only.

`str.isdigit()` is true for "²", "٣" or "①", and `int()`/`float()` accept some of those and
refuse others; a check with one and a conversion with the other turned a superscript into a
crash. Here a number is what a plain keyboard types: `0-9`, an optional sign, and for
decimals one `.` or `,`. Anything else is not a number, and the caller answers with its usage
text.
"""

from __future__ import annotations

import re

MAX_INT_DIGITS = 18  # below 2**63: every value fits every integer column
_INT_RE = re.compile(rf"[0-9]{{1,{MAX_INT_DIGITS}}}", re.ASCII)
_DECIMAL_RE = re.compile(r"[+-]?[0-9]{1,6}(?:[.,][0-9]{1,6})?", re.ASCII)


def ascii_int(text: str) -> int | None:
    """A non-negative whole number written in ASCII digits (surrounding spaces allowed)."""
    value = text.strip()
    return int(value) if _INT_RE.fullmatch(value) else None


def ascii_number(text: str) -> float | None:
    """A decimal number such as "22", "-1", "22.5" or "22,5" (below a million), else None."""
    value = text.strip()
    if not _DECIMAL_RE.fullmatch(value):
        return None
    return float(value.replace(",", "."))
