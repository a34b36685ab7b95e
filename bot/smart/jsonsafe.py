"""JSON from outside, decoded with a nesting limit.

`json.loads` recurses once per level: a few thousand nested brackets raise `RecursionError`,
which is no `ValueError` and escapes every handler that expects bad JSON to be one. Here the
nesting depth is measured first, without recursion, and a document deeper than `max_depth`
raises `JSONTooDeepError` (a `ValueError`). Bytes that are not UTF-8 raise
`UnicodeDecodeError`, a `ValueError` as well. Used for cloud answers and webhook bodies.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64  # real cloud answers and Telegram updates nest about ten levels
_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET_RE = re.compile(r"[\[\]{}]")


class JSONTooDeepError(ValueError):
    """The document nests arrays and objects deeper than allowed."""


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text` (brackets inside strings ignored)."""
    depth = deepest = 0
    for match in _BRACKET_RE.finditer(_STRING_RE.sub("", text)):
        if match.group(0) in "[{":
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
