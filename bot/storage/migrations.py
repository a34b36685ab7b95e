"""Run the Alembic migrations from code (`python -m bot migrate`, `make run`, tests).

The migration scripts live in `alembic/` at the top of a checkout; the wheel carries the same
folder inside the package as `bot/storage/alembic/` (see pyproject.toml), so an installed bot
migrates with no checkout around it.
"""

from __future__ import annotations

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
    """Create the folder of a file-based SQLite database so the first start just works."""
    prefix = "sqlite+aiosqlite:///"
    if database_url.startswith(prefix):
        path = database_url.removeprefix(prefix).split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def upgrade_to_head(database_url: str) -> None:
    """Bring the schema up to the newest revision. Must be called outside an event loop."""
    ensure_sqlite_directory(database_url)
    command.upgrade(alembic_config(database_url), "head")
