"""The package layering holds: imports point down only, there are no import circles, and no
code module grows past 400 lines.

Imports are read with `ast` from the source, so imports under `TYPE_CHECKING` and inside
functions count too: two modules that need each other cannot be read apart either way.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bot"
MAX_LINES = 400
# Message catalogues are data (one text per line), not code.
DATA_MODULES = frozenset({"bot.tg.locales.dynamic_keys"})

# What each package may not import (of ours). Lowest first: smart, storage, commands,
# poller and schedules (side by side), then the Telegram layer and the application around it.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.smart": ("bot.",),  # nothing of ours but itself (checked below)
    "bot.simulator": (
        "bot.storage",
        "bot.commands",
        "bot.poller",
        "bot.schedules",
        "bot.tg",
        "bot.services",
    ),
    "bot.storage": (
        "bot.commands",
        "bot.poller",
        "bot.schedules",
        "bot.tg",
        "bot.services",
        "bot.app",
    ),
    "bot.commands": ("bot.poller", "bot.schedules", "bot.tg", "bot.services", "bot.app"),
    "bot.poller": ("bot.schedules", "bot.tg", "bot.services", "bot.app", "bot.smart.client"),
    # Schedules stand beside the poller: they fire commands through the runner.
    "bot.schedules": ("bot.poller", "bot.tg", "bot.services", "bot.app", "bot.smart.client"),
    "bot.services": ("bot.tg", "bot.app"),
    "bot.health": ("bot.tg", "bot.app"),
    # The chat reaches the cloud through the use cases only.
    "bot.tg": ("bot.app", "bot.smart.client", "bot.storage.repo_commands"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports_in(module: str, source: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module of ours that `source` (the text of `module`) imports, wherever the
    import statement stands."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, is_package)
            # `from bot.x import y` imports the module bot.x.y when there is one.
            names = [
                f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            found = name
            while found and found not in MODULES:
                found = found.rpartition(".")[0]
            if found and found != module and found.startswith("bot"):
                yield found


def _imports(module: str) -> Iterator[str]:
    path = MODULES[module]
    return _imports_in(module, path.read_text(), is_package=path.name == "__init__.py")


GRAPH = {module: sorted(set(_imports(module))) for module in MODULES}


def _package_of(module: str) -> str | None:
    for package in sorted(FORBIDDEN, key=len, reverse=True):
        if module == package or module.startswith(package + "."):
            return package
    return None


def test_lower_packages_never_import_higher_ones() -> None:
    wrong = []
    for module, imported in GRAPH.items():
        package = _package_of(module)
        if package is None:
            continue
        for name in imported:
            if package == "bot.smart":
                bad = not name.startswith("bot.smart")
            else:
                bad = any(name == f or name.startswith(f) for f in FORBIDDEN[package])
            if bad:
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    return found


def test_there_is_no_import_circle() -> None:
    assert _cycles() == []


def test_the_layer_check_sees_type_checking_and_relative_imports_and_circles() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bot.tg.context import BotContext\n"
        "def later():\n"
        "    from . import client\n"
    )
    assert set(_imports_in("bot.smart.errors", source)) == {
        "bot.tg.context",
        "bot.smart.client",
    }
    saved = dict(GRAPH)
    try:
        GRAPH["bot.smart.errors"] = [*GRAPH["bot.smart.errors"], "bot.smart.client"]
        assert any("bot.smart.client" in cycle for cycle in _cycles())
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


@pytest.mark.parametrize("module", sorted(set(MODULES) - DATA_MODULES))
def test_no_code_module_is_over_400_lines(module: str) -> None:
    lines = MODULES[module].read_text().count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines"
