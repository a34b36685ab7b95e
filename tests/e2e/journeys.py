"""The first session with the bot, journey by journey (issue 8, journeys 1 to 6).

Each journey drives the real bot process through the fake Telegram and asserts what the user
sees and what the simulated cloud received. The tests in `test_journeys.py` run them one at
a time; `tests.e2e.transcript` runs them in a row to write the README's transcript.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.commands.reads import REUSE_SECONDS
from bot.simulator.seed import DEMO_EU_EMAIL, DEMO_INTL_EMAIL, DEMO_PASSWORD
from bot.storage.tables import AuditRow
from bot.tg.keyboards import decode
from tests.e2e.cloud import cloud_secrets, command_requests, set_car, signed_and_verified
from tests.e2e.harness import VIN_1, User, World, button, login

NEWCOMER = 5005


async def audit_rows(world: World, **where: Any) -> list[AuditRow]:
    """Audit rows matching the column values in `where`, oldest first."""
    clauses = " AND ".join(f"{name} = :{name}" for name in where) or "1 = 1"
    rows = await world.sql(
        f"SELECT id, user_id, action, source, result, params FROM audit_log WHERE {clauses} "  # noqa: S608 (column names are ours)
        "ORDER BY id",
        **where,
    )
    return [
        AuditRow(
            id=r[0],
            user_id=r[1],
            action=r[2],
            source=r[3],
            result=r[4],
            params=json.loads(r[5]) if isinstance(r[5], str) else r[5],
        )
        for r in rows
    ]


def _finished(message_id: int) -> Any:
    """A predicate: the progress message `message_id` shows its outcome."""
    return lambda m: m.message_id == message_id and ("✅" in m.text or "❌" in m.text)


async def stranger_is_refused_then_allowed(world: World, stranger: User, admin: User) -> None:
    """Journey 1: a stranger gets one reply with their id, nothing else; an admin allows them."""
    reply = await stranger.ask("Hello, can I use this bot?", "Telegram id")
    assert f"<code>{stranger.user_id}</code>" in reply.text
    assert "Ask the owner to add you" in reply.text
    await stranger.send("/status")
    await stranger.send("/login")
    await world.handled()
    assert [m.text for m in stranger.bot_messages()] == [reply.text], "one reply, nothing else"
    refused = await audit_rows(world, user_id=stranger.user_id, action="refused")
    assert len(refused) == 1
    assert refused[0].result == "rejected"

    done = await admin.ask(f"/allow {stranger.user_id} Erika", "may now use the bot")
    assert f"<code>{stranger.user_id}</code>" in done.text
    await stranger.wait_message("You may now use this bot")
    welcome = await stranger.ask("/start", "Hello")
    assert "/login" in welcome.text
    allowed = await audit_rows(world, user_id=admin.user_id, action="allow_user")
    assert allowed[-1].params == {"target_user_id": stranger.user_id}


async def database_dump(world: World) -> bytes:
    """Every byte the bot's database holds: the SQLite files, or every row on PostgreSQL."""
    if world.database_url.startswith("sqlite"):
        files = sorted(world.tmp.glob("bot.db*"))
        return b"".join(path.read_bytes() for path in files)
    tables = await world.sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    dump = []
    for (table,) in tables:
        dump.append(repr(await world.sql(f'SELECT * FROM "{table}"')))  # noqa: S608 (catalog names)
    return "\n".join(dump).encode()


async def login_stores_no_secret(world: World, user: User) -> None:
    """Journey 2: /login (EU): the password message is deleted, nothing secret is stored in
    clear, /cars lists both cars of the account."""
    since = user.mark()
    await login(user)
    typed = [
        m
        for m in world.tg.messages.values()
        if m.chat_id == user.user_id and not m.from_bot and m.message_id > since
    ]
    password_messages = [m for m in typed if m.text == DEMO_PASSWORD]
    assert len(password_messages) == 1
    assert password_messages[0].deleted, "the password message must be deleted"
    dump = await database_dump(world)
    for secret in {DEMO_PASSWORD, DEMO_EU_EMAIL, *cloud_secrets(world.sim)}:
        assert secret.encode() not in dump, f"clear text in the database: {secret[:4]}…"
    cars = await user.ask("/cars", "Your cars")
    assert "smart #1" in cars.text
    assert "B-SM 101" in cars.text
    assert "smart #5" in cars.text
    assert "B-SM 505" in cars.text
    default = [line for line in cars.text.splitlines() if line.startswith("⭐")]
    assert len(default) == 1
    assert "smart #1" in default[0], "the car picked during /login is the default"


async def intl_login_lists_its_car(world: World, user: User) -> None:
    """Journey 2, separately: an International account; /cars lists its #3."""
    outcome = await login(user, region="INTL", email=DEMO_INTL_EMAIL)
    assert "found 1 car:" in outcome.text
    cars = await user.ask("/cars", "Your cars")
    assert "smart #3" in cars.text
    assert "123-45-678" in cars.text
    dump = await database_dump(world)
    assert DEMO_INTL_EMAIL.encode() not in dump


async def status_card_refreshes_in_place(world: World, user: User) -> None:
    """Journey 3: /status renders the card; Refresh edits that same message."""
    card = await user.ask("/status", "smart #1")
    for part in ("🔋 76 %", "🔒 Locked", "🛞", "🕒 Data from"):
        assert part in card.text, part
    ops = {c.op.value for c in map(decode, _data(card)) if c is not None}
    assert {"lk", "ul", "c1", "g1", "lo", "rf"} <= ops
    set_car(world.sim, VIN_1, soc=70.4)
    await asyncio.sleep(REUSE_SECONDS + 0.5)  # the card's read is reused for a few seconds
    since = user.mark()
    refreshed = await user.tap(card, "rf", "🔋 70 %")
    assert refreshed.message_id == card.message_id
    assert user.bot_messages(since) == [], "Refresh edits, it sends nothing new"


def _data(message: Any) -> list[str]:
    markup = message.reply_markup or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def lock_is_signed_and_confirmed(world: World, user: User) -> None:
    """Journey 4: /lock sends one signed RDL_2 and ends as confirmed by the car."""
    set_car(world.sim, VIN_1, locked=False)
    before = len(command_requests(world.sim, "RDL_2"))
    progress = await user.ask("/lock", "Locking")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)
    assert "✅ Done, confirmed by the car." in outcome.text
    sent = command_requests(world.sim, "RDL_2")[before:]
    assert len(sent) == 1
    assert signed_and_verified(sent[0])
    assert world.sim.vehicle(VIN_1).locked


async def unlock_confirms_once(world: World, user: User) -> None:
    """Journey 5: /unlock asks first; the confirmation works once and expires."""
    before = len(command_requests(world.sim, "RDU_2"))
    question = await user.ask("/unlock", "Unlock the doors")
    assert "Locked" in question.text or "locked" in question.text
    assert "expires in 60 s" in question.text
    confirm = button(question, "cf")
    outcome = await user.tap(question, "cf", "✅")
    assert outcome.message_id == question.message_id
    outcome = await user.wait_message(_finished(question.message_id), timeout=30)
    assert "confirmed by the car" in outcome.text
    assert outcome.reply_markup is None, "the keyboard is removed after use"
    assert len(command_requests(world.sim, "RDU_2")) == before + 1
    assert not world.sim.vehicle(VIN_1).locked

    # A second tap on the used button does nothing but say so.
    await user.press(question, confirm)
    await user.world.tg.wait_for(
        lambda: any("already used" in s.text for s in world.tg.transcript if s.kind == "toast"),
        what="the 'already used' answer",
    )
    # A tap after the 60 s: the clock of the pending action is moved past its expiry.
    again = await user.ask("/unlock", "Unlock the doors")
    action_id = button(again, "cf").rsplit(":", 1)[1]
    past = datetime.now(UTC) - timedelta(seconds=1)
    await world.sql(
        "UPDATE pending_actions SET expires_at = :past WHERE id = :id", past=past, id=action_id
    )
    expired = await user.tap(again, "cf", "expired")
    assert "Nothing was done" in expired.text
    await world.handled()
    assert len(command_requests(world.sim, "RDU_2")) == before + 1, "nothing more was sent"


async def climate_is_sent_and_bad_values_refused(world: World, user: User) -> None:
    """Journey 6: /climate 22 sends RCE_2 at 22 °C; /climate 45 is refused, nothing sent."""
    before = len(command_requests(world.sim, "RCE_2"))
    progress = await user.ask("/climate 22", "22 °C")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)
    assert "✅" in outcome.text
    sent = command_requests(world.sim, "RCE_2")[before:]
    assert len(sent) == 1
    assert signed_and_verified(sent[0])
    parameters = json.loads(sent[0].body)["serviceParameters"]
    temps = [float(p["value"]) for p in parameters if p.get("key") == "rce.temp"]
    assert temps == [22.0]

    everything = len(command_requests(world.sim))
    refusal = await user.ask("/climate 45", "out of range")
    assert "16 to 30 °C" in refusal.text
    assert "/climate 22" in refusal.text, "the refusal shows an example"
    await world.handled()
    assert len(command_requests(world.sim)) == everything, "nothing was sent to the cloud"
