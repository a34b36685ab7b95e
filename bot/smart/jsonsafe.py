"""JSON from outside, decoded with a nesting limit.

`json.loads` recurses once per level: a few thousand nested brackets raise `RecursionError`,
which is no `ValueError` and escapes every handler that expects bad JSON to be one. Here the
nesting depth is measured first, without recursion, and a document deeper than `max_depth`
raises `JSONTooDeepError` (a `ValueError`). Bytes that are not UTF-8 raise
`UnicodeDecodeError`, a `ValueError` as well. Used for cloud answers and webhook bodies.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64  # real cloud answers and Telegram updates nest about ten levels
# Every byte but the quote and the four brackets; UTF-8 continuation bytes are all >= 0x80,
# so deleting bytes never merges or splits one of these five.
_NOT_STRUCTURE = bytes(code for code in range(256) if code not in b'"[]{}')
_OPENING = frozenset(b"[{")


class JSONTooDeepError(ValueError):
    """The document nests arrays and objects deeper than allowed."""


def nesting_depth(text: str) -> int:
    r"""The deepest nesting of arrays and objects in `text` (brackets inside strings ignored).

    Escaped backslashes and escaped quotes are dropped first (in that order, so `\\"`
    ends a string), then every character but `"[]{}`; the even pieces between quotes are
    outside strings. Exact for valid JSON; for invalid JSON `json.loads` fails at the first
    place where the two readings part, before it nests deeper than counted here.
    """
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    structure = text.encode("utf-8", "surrogatepass").translate(None, _NOT_STRUCTURE)
    depth = deepest = 0
    for code in b"".join(structure.split(b'"')[::2]):  # the pieces outside strings
        if code in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads_limited(data: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads`, refusing documents nested deeper than `max_depth` (`JSONTooDeepError`)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    depth = nesting_depth(text)
    if depth > max_depth:
        msg = f"JSON nested {depth} levels deep (at most {max_depth} accepted)"
        raise JSONTooDeepError(msg)
    return json.loads(text)
