"""Telegram's size limits, applied to every text the bot sends (see `bot.tg.botapi`).

Telegram refuses a message over 4,096 characters, a caption over 1,024 and a button answer
over 200: the user would get nothing at all. Texts are measured in UTF-16 code units (how
Telegram counts, an emoji can be two) over the raw text including HTML tags, which is never
less than what Telegram counts after parsing. An over-long text is cut at a character
boundary, never inside a tag or an entity, its open tags closed, and "…" marks the cut.
`clip` shortens one value (user input echoed back) before it goes into a template.
"""

from __future__ import annotations

import re

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ANSWER = 200
MAX_ECHO = 256
ELLIPSIS = "…"
_TOKEN_RE = re.compile(r"<[^<>]*>|&#?[A-Za-z0-9]{1,10};|.", re.DOTALL)
_TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")


def tg_len(text: str) -> int:
    """The length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """`text`, or its first characters and "…" when it is longer than `limit`."""
    if tg_len(text) <= limit:
        return text
    out: list[str] = []
    used = tg_len(ELLIPSIS)
    for char in text:
        used += tg_len(char)
        if used > limit:
            break
        out.append(char)
    return "".join(out) + ELLIPSIS


def fit_html(text: str, limit: int = MAX_TEXT) -> str:
    """Valid Telegram HTML of at most `limit` units: `text` itself, or cut with its tags closed."""
    if tg_len(text) <= limit:
        return text
    out: list[str] = []
    open_tags: list[str] = []
    used = 0
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        closing, name = _tag(token)
        if name is not None and not closing:
            stack = [*open_tags, name]
        elif name is not None and open_tags and open_tags[-1] == name:
            stack = open_tags[:-1]
        else:
            stack = open_tags
        tail = tg_len(ELLIPSIS) + sum(len(n) + 3 for n in stack)
        if used + tg_len(token) + tail > limit:
            break
        out.append(token)
        used += tg_len(token)
        open_tags = stack
    return "".join(out) + ELLIPSIS + "".join(f"</{n}>" for n in reversed(open_tags))


def _tag(token: str) -> tuple[bool, str | None]:
    if not token.startswith("<"):
        return False, None
    match = _TAG_NAME_RE.match(token)
    if match is None:
        return False, None
    return token.startswith("</"), match.group(1).lower()


def fit(text: str, limit: int, *, html: bool) -> str:
    """`fit_html` for HTML texts, `clip` for plain ones."""
    return fit_html(text, limit) if html else clip(text, limit)
