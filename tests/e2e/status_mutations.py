"""Mutated cloud status payloads: keys dropped, types changed, empty strings, huge numbers.

`StatusRewriter` wraps the simulator's ASGI app: every full status read still goes through the
simulator (signature check, request log), but its answer is replaced by a mutation of the
simulator's own body or of a captured fixture.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATUS_PATH = re.compile(r"/remote-control/vehicle/status/[A-HJ-NPR-Z0-9]{17}$")
MUTATIONS: tuple[str, ...] = (
    "drop",
    "null",
    "empty",
    "huge",
    "negative",
    "float",
    "text",
    "number",
    "list",
    "object",
    "bool",
    "digits",
)
Path_ = tuple[str | int, ...]


def _paths(node: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    items: list[tuple[str | int, Any]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def _replacement(kind: str, value: Any) -> Any:
    replacements: dict[str, Any] = {
        "null": None,
        "empty": "",
        "huge": 10**30,
        "negative": -(10**30),
        "float": 1e308,
        "text": "abc",
        "number": 7,
        "list": [value],
        "object": {"value": value},
        "bool": True,
        "digits": "99999999999999999999",
    }
    return replacements[kind]


def mutate(body: dict[str, Any], changes: list[tuple[int, str]]) -> dict[str, Any]:
    """A copy of `body` with each (index, kind) change applied to the index-th value (in
    depth-first order, wrapping around) at the time of the change."""
    result = copy.deepcopy(body)
    for index, kind in changes:
        paths = list(_paths(result))
        if not paths:
            break
        path = paths[index % len(paths)]
        parent: Any = result
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if kind == "drop":
            del parent[key]
        else:
            parent[key] = _replacement(kind, parent[key])
    return result


class StatusRewriter:
    """ASGI wrapper: status answers of the wrapped simulator are replaced by `mutation(seed
    body)`. `seed` 0 mutates the simulator's own answer, n > 0 the n-th captured fixture."""

    def __init__(self, app: ASGIApp, *, seeds: list[dict[str, Any]]) -> None:
        self.app = app
        self.seeds = seeds
        self.seed = 0
        self.mutation: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through; rewrite successful full status reads."""
        if (
            scope["type"] != "http"
            or self.mutation is None
            or not STATUS_PATH.search(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        start = next(m for m in messages if m["type"] == "http.response.start")
        raw = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        if start["status"] != 200:
            for message in messages:
                await send(message)
            return
        own = json.loads(raw)
        choice = self.seed % (len(self.seeds) + 1)
        base = own if choice == 0 else self.seeds[choice - 1]
        body = json.dumps(self.mutation(base)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
