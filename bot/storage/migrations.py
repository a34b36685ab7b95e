"""Run the Alembic migrations from code (`python -m bot migrate`, `make run`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """An Alembic config for `database_url` that does not touch the logging set-up."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
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
