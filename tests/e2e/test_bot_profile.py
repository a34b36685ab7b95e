"""The bot explains itself in Telegram: "What can this bot do?" and the profile text in
English and German, the user menu for everyone and the admin commands only in an admin's
chat; set once, not again on each start."""

from __future__ import annotations

import pytest

from tests.e2e.harness import ADMIN, World

pytestmark = pytest.mark.slow
FRIEND = 4201
PROFILE_CALLS = ("setMyDescription", "setMyShortDescription", "setMyCommands")


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


async def test_descriptions_and_menus_in_both_languages_admins_get_theirs_set_once(
    world: World,
) -> None:
    bot = await world.start_bot()
    tg = world.tg
    assert "Start with /login" in tg.descriptions[""]
    assert "Los geht's mit /login" in tg.descriptions["de"]
    assert tg.short_descriptions[""].startswith("Lock, climate, charging and alerts")
    assert tg.short_descriptions["de"].startswith("Schloss, Klima, Laden")
    users_menu = tg.menus[("all_private_chats", "")]
    assert {"status", "lock", "login", "help"} <= set(_names(users_menu))
    assert not {"users", "allow", "deny"} & set(_names(users_menu))
    assert tg.menus[("all_private_chats", "de")][0]["description"] != users_menu[0]["description"]

    # The admin had never written: Telegram has no chat for them yet. Once they write, their
    # chat gets the admin commands, in both languages; a user who is not admin gets none.
    await world.user(ADMIN).ask("/help", "/lock")
    admin_menu = tg.menus[(f"chat:{ADMIN}", "")]
    assert _names(admin_menu)[-3:] == ["users", "allow", "deny"]
    assert "Wer den Bot nutzen darf" in tg.menus[(f"chat:{ADMIN}", "de")][-3]["description"]
    await world.user(ADMIN).ask(f"/allow {FRIEND} Ben", "may now use the bot")
    await world.user(FRIEND, "de").ask("/help", "/lock")
    assert (f"chat:{FRIEND}", "") not in tg.menus

    await world.handled()  # the probe admin writes too
    sets_before = sum(len(tg.calls_to(m)) for m in PROFILE_CALLS)
    await bot.restart()
    await world.handled()
    assert sum(len(tg.calls_to(m)) for m in PROFILE_CALLS) == sets_before, "nothing set again"
    assert len(tg.calls_to("getMyDescription")) == 4, "read once per language per start"
    assert not [c for c in tg.calls if not c.ok], "Telegram refused nothing (no chat scope early)"
