"""Text from Telegram with characters the databases refuse (a NUL byte, a lone UTF-16
surrogate) in an /allow name, a user's Telegram name and a car query: on SQLite and on
PostgreSQL the bot stores it cleaned, answers, and logs no database error."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.db_fixtures import create_postgres_database, drop_postgres_database, postgres_admin_url
from tests.e2e.harness import ADMIN, World, login

pytestmark = pytest.mark.slow
FRIEND = 2002
NEWCOMER = 6006


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite, else a fresh PostgreSQL database, dropped afterwards."""
    if request.param == "sqlite":
        yield None
        return
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("PostgreSQL tests need TEST_POSTGRES_URL")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


@pytest.fixture
async def any_world(tmp_path: Path, database_url: str | None) -> AsyncIterator[World]:
    """A world on SQLite or on PostgreSQL."""
    async with World.open(tmp_path, database_url=database_url) as world:
        yield world


async def test_nul_bytes_and_lone_surrogates_are_cleaned_before_storing(any_world: World) -> None:
    world = any_world
    bot = await world.start_bot()
    owner = world.user(ADMIN)
    await login(owner)
    reply = await owner.ask(f"/allow {FRIEND} Be\x00n \ud800Smith", "may now use the bot")
    assert "Ben" in reply.text
    listing = await owner.ask("/users", str(FRIEND))
    assert "Ben" in listing.text
    names = await world.sql("SELECT display_name FROM users WHERE id = :id", id=FRIEND)
    assert names
    assert "\x00" not in names[0][0]
    await owner.ask("/lock Blu\x00e\udc00", "")
    # A Telegram name with a NUL (a hand-made update): the stranger is refused and recorded.
    message = world.tg.message_json(NEWCOMER, "/start")
    message["from"] = {**message["from"], "first_name": "Eve\x00", "last_name": "\ud83d"}
    await world.tg.push_update({"message": message})
    await world.handled()
    assert world.user(NEWCOMER).bot_messages(), "the stranger got the one refusal"
    log = bot.log_text()
    assert "went wrong" not in " ".join(m.text for m in owner.bot_messages())
    for needle in ("Traceback", "DataError", "CharacterNotInRepertoire", "UnicodeEncodeError"):
        assert needle not in log, needle
