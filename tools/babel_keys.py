"""A Babel extractor for message keys: `t(lang, "key")`, `tn(lang, "key", "key_plural", n)`.

Babel's own Python extractor joins the strings of `t(lang, "a" if x else "b")` into one
message "ab"; this one reads the code with `ast` and yields each key of such a choice on its
own, skips f-strings (keys built at run time are marked in bot/tg/locales/dynamic_keys.py)
and never warns. babel.cfg names it (`[extractors] keys = tools.babel_keys:extract_keys`),
so `pybabel extract -F babel.cfg` with the repository on PYTHONPATH uses it too.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def _keys(node: ast.expr) -> list[str]:
    """The literal strings `node` can be: a constant, or either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _choices(args: list[ast.expr]) -> list[tuple[str | None, ...]]:
    """Every tuple of literal arguments a call can have (None for a non-literal one)."""
    tuples: list[tuple[str | None, ...]] = [()]
    for arg in args:
        options: list[str | None] = list(_keys(arg)) or [None]
        tuples = [(*done, option) for done in tuples for option in options]
    return tuples


def extract_keys(
    fileobj: IO[bytes],
    keywords: Collection[str],
    _comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """Yield (line, function, its arguments, comments) for each call of a keyword; Babel
    picks the key (and plural key) out of the arguments by the keyword's spec (`t:2`)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name is None or name not in keywords:
            continue
        for arguments in _choices(list(node.args)):
            yield node.lineno, name, arguments, []
