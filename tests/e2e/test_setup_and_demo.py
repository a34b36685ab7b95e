"""Set-up as the README promises it: without ADMIN_USER_IDS the bot answers each user with
their Telegram id and how to become admin, and does nothing else; `run --demo` needs only a
bot token, and the first user to write becomes the demo's admin."""

from __future__ import annotations

import pytest

from bot.simulator import DEMO_PASSWORD
from tests.conftest import TEST_TOKEN
from tests.e2e.harness import World

pytestmark = pytest.mark.slow
NEWCOMER = 4101
SECOND = 4102


async def test_without_admins_each_user_learns_their_id_and_nothing_else_runs(
    world: World,
) -> None:
    bot = await world.start_bot(ADMIN_USER_IDS="")
    english, german = world.user(NEWCOMER), world.user(SECOND, "de")
    reply = await english.ask("/status", "Your Telegram id is")
    assert f"ADMIN_USER_IDS={NEWCOMER}" in reply.text
    assert "does nothing else" in reply.text
    reply = await german.ask("/start", "Deine Telegram-ID ist")
    assert f"ADMIN_USER_IDS={SECOND}" in reply.text
    await english.send("/login")  # at once again: no second reply
    query = await world.tg.barrier(NEWCOMER)
    await world.tg.wait_for(lambda: world.tg.answered(query), timeout=15, what="the barrier")
    assert len(english.bot_messages()) == 1, "one reply per few seconds, not one per message"
    log = bot.log_text()
    assert f"put ADMIN_USER_IDS={NEWCOMER} in .env and restart" in log
    assert "set-up mode" in log
    assert world.sim.requests == [], "the Smart cloud is never contacted"
    assert world.tg.calls_to("setMyCommands") == [], "no menu: nothing but the id is offered"
    assert await world.sql("SELECT id FROM users") == [], "nothing stored"


async def test_the_demo_needs_only_a_token_and_makes_the_first_writer_its_admin(
    world: World,
) -> None:
    terminal = world.tmp / "demo-terminal.txt"
    bot = await world.start_bot(  # only a token: every other setting of the world unset
        args=("run", "--demo"),
        stdout_path=terminal,
        FERNET_KEYS="",
        DATABASE_URL="",
        SMART_CLOUD_URL="",
        ADMIN_USER_IDS="",
    )
    first, second = world.user(NEWCOMER, "de"), world.user(SECOND)
    since = first.mark()
    welcome = await first.ask("/start", "Demo-Modus")
    assert "Admin dieser Demo" in welcome.text
    await first.wait_message("/help zeigt alle Befehle", since=since)
    users = await first.ask("/users", "Freigeschaltete Nutzer")
    assert f"<code>{NEWCOMER}</code> User{NEWCOMER} – Admin" in users.text
    refused = await second.ask("/start", "This bot is private")
    assert str(SECOND) in refused.text
    log = bot.log_text()
    assert f"demo mode: user {NEWCOMER} wrote first and is the demo's admin" in log
    assert TEST_TOKEN not in log
    shown = terminal.read_text()
    assert "Demo mode: simulated Smart cloud at http://127.0.0.1:" in shown
    assert f"password: {DEMO_PASSWORD}" in shown, "the terminal shows how to log in"
    assert await world.sql("SELECT id FROM users") == [], "the demo has a database of its own"
