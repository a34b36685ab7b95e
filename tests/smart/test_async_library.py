"""httpcore learns its event loop at every request without searching sys.path each time."""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

from httpcore._synchronization import current_async_library

import bot  # noqa: F401  (what every process of the bot imports first)


class _Spy:
    """A finder first in `sys.meta_path` that only notes what was searched for."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(
        self, name: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        self.searched.append(name)
        return None


def test_a_request_asks_for_its_event_loop_without_a_search_for_a_missing_module() -> None:
    spy = _Spy()
    sys.meta_path.insert(0, spy)
    try:
        libraries = {current_async_library() for _ in range(3)}
    finally:
        sys.meta_path.remove(spy)
    assert libraries == {"asyncio"}
    assert spy.searched == []
