r"""Text that came from outside, cleaned of what databases and Telegram refuse.

PostgreSQL refuses a NUL character in text and in JSON (`\u0000`); neither database nor
Telegram can encode a lone UTF-16 surrogate (`\ud800` in an update's JSON decodes to one),
and both arrive in updates as easily as any letter. `clean_text` drops NULs and replaces lone
surrogates with U+FFFD; `clean_value` does so through lists, tuples and dicts (keys too).
The storage layer applies it to every SQL parameter and every JSON document it writes, the
Bot API client to every text it sends.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_REFUSED_RE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without NUL characters and with every lone surrogate replaced."""
    if _REFUSED_RE.search(text) is None:
        return text
    text = text.replace("\x00", "")
    # A valid pair cannot occur in a Python str (it would be one character), so every
    # surrogate left is a lone one.
    return re.sub("[\ud800-\udfff]", REPLACEMENT, text)


def clean_value(value: Any) -> Any:
    """`value` with `clean_text` applied to every string in it (the same object if clean)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v) for v in value)
    return value
