"""Personal data at rest and in logs: the SQLite database and its WAL/SHM files are readable
by the bot's user only, and at DEBUG no log line carries SQL parameters (the stored status
holds the car's exact position)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.e2e.harness import ADMIN, VIN_1, World, login

pytestmark = pytest.mark.slow


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_sqlite_database_and_its_wal_are_private_to_the_bot(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "fresh" / "bot.db"
    world.database_url = f"sqlite+aiosqlite:///{path}"
    bot = await world.start_bot(DATABASE_URL=world.database_url)
    await login(world.user(ADMIN))
    await world.first_poll_stored(VIN_1)
    files = [path, path.with_name("bot.db-wal"), path.with_name("bot.db-shm")]
    assert all(f.exists() for f in files), [f.name for f in files if not f.exists()]
    assert {f.name: oct(_mode(f)) for f in files} == {f.name: "0o600" for f in files}
    assert _mode(path.parent) & 0o077 == 0, "the folder the bot created is private too"
    log = bot.log_text()
    assert "parameters" not in log.lower() or "hidden" in log.lower()
    assert "executing functools.partial" not in log, "the SQLite driver logs no statements"
