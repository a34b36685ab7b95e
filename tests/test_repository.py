"""The checkout holds everything its tests, benchmarks and docs use: no file names a path beside
or above the repository (a fresh clone in an empty folder has nothing there)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("bot", "tests", "bench", "docs", "alembic")
TOP_FILES = ("Makefile", "README.md", "BENCHMARKS.md", "pyproject.toml", "Dockerfile")
SUFFIXES = {".py", ".md", ".json", ".toml", ".ini", ".sh", ".yml", ".yaml", ".mako", ".txt", ""}
# Spelled in pieces so that this file does not match itself.
OUTSIDE = ("../" + "shared", "shared/" + "smart-cloud", "shared/" + "telegram", "/" + "work/")


def _files() -> list[Path]:
    found = [ROOT / name for name in TOP_FILES if (ROOT / name).exists()]
    for folder in SCANNED:
        found += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts
        ]
    return found


@pytest.mark.parametrize("needle", OUTSIDE)
def test_no_file_names_a_path_outside_the_repository(needle: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if needle in line
    ]
    assert offenders == []


def test_every_fixture_the_tests_read_is_listed_with_its_provenance() -> None:
    folder = ROOT / "tests" / "fixtures" / "smart"
    readme = (folder / "README.md").read_text()
    copied = [
        path.relative_to(folder).as_posix()
        for path in sorted(folder.glob("*/*.json"))
        if path.parent.name != "status"
    ]
    assert copied
    assert [name for name in copied if f"`{name}`" not in readme] == []


def test_the_image_installs_the_same_pinned_uv_as_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    (pinned,) = [
        line.split(":=")[1].strip()
        for line in makefile.splitlines()
        if line.startswith("UV_VERSION :=")
    ]
    assert f"ARG UV_VERSION={pinned}\n" in dockerfile
    assert '"uv==${UV_VERSION}"' in dockerfile
