"""Telegram's rules for `parse_mode=HTML` text, as the fake Bot API enforces them.

Telegram accepts a small set of tags, needs every `<`, `>` and `&` outside a tag written as an
entity, and refuses unbalanced tags with "can't parse entities".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_BAD_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class HtmlError(ValueError):
    """The text would be refused by Telegram."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}"')
        for name, _value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise HtmlError(f'Unsupported attribute "{name}" of tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlError(f'Unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise HtmlError("Unescaped '<' or '>' in text")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise HtmlError(f'Unsupported entity "&{name};"')
        self.visible.append("x")

    def handle_charref(self, name: str) -> None:
        self.visible.append("x")

    def unknown_decl(self, data: str) -> None:
        raise HtmlError(f"Unsupported declaration {data!r}")

    def handle_comment(self, data: str) -> None:
        raise HtmlError("Comments are not supported")


def check_html(text: str) -> int:
    """Raise `HtmlError` if Telegram would refuse `text`; return its visible length."""
    if _BAD_AMP.search(text):
        raise HtmlError("Unescaped '&' in text")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.rawdata:
        raise HtmlError("Unclosed tag at the end of the text")
    if checker.stack:
        raise HtmlError(f'Unclosed start tag "{checker.stack[-1]}"')
    return len("".join(checker.visible))
