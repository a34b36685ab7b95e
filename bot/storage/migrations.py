"""Run the Alembic migrations from code (`python -m bot migrate`, `make run`, tests).

The migration scripts live in `alembic/` at the top of a checkout; the wheel carries the same
folder inside the package as `bot/storage/alembic/` (see pyproject.toml), so an installed bot
migrates with no checkout around it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from alembic import command
from alembic.config import Config

_HERE = Path(__file__).resolve().parent
# Installed from a wheel: bot/storage/alembic/. Run from a checkout: <top>/alembic/.
CANDIDATES = (_HERE / "alembic", _HERE.parents[1] / "alembic")


def script_location() -> Path:
    """The folder holding `env.py` and `versions/`, from a wheel or from a checkout."""
    for folder in CANDIDATES:
        if (folder / "env.py").is_file() and (folder / "versions").is_dir():
            return folder
    raise FileNotFoundError(
        "the Alembic migrations are missing (looked in "
        + ", ".join(str(folder) for folder in CANDIDATES)
        + "); reinstall the package"
    )


def alembic_config(database_url: str) -> Config:
    """An Alembic config for `database_url` that does not touch the logging set-up."""
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def ensure_sqlite_directory(database_url: str) -> None:
    """Prepare a file-based SQLite database so the first start just works, privately.

    The folder is created when missing (0700), the database file too (0600), and an existing
    file and its `-wal`/`-shm` companions are narrowed to 0600: they hold the users' cars,
    positions and encrypted credentials. SQLite gives the WAL and SHM files it creates later
    the database file's own mode.
    """
    prefix = "sqlite+aiosqlite:///"
    if not database_url.startswith(prefix):
        return
    name = database_url.removeprefix(prefix).split("?", 1)[0]
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


def upgrade_to_head(database_url: str) -> None:
    """Bring the schema up to the newest revision. Must be called outside an event loop."""
    ensure_sqlite_directory(database_url)
    command.upgrade(alembic_config(database_url), "head")
