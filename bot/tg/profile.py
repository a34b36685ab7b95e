"""What the bot tells Telegram about itself: its description ("What can this bot do?"), its
short description (profile and share card) and its command menus, in English and German.

Published at every start, idempotently: each value is read first (getMy...) and only set
when it differs, so several replicas starting together send a handful of reads and no
writes. Everyone gets the user menu (private chats); each admin from ADMIN_USER_IDS gets
the user menu plus the admin commands in their own chat (`BotCommandScopeChat`). Telegram
refuses a chat scope for a user who never started the bot ("chat not found"): that admin's
menu is published when they first write (`publish_admin_menu`, from the gate).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.tg.i18n import Lang, t
from bot.tg.menu import ADMIN_MENU, MENU

_LOGGER = logging.getLogger(__name__)


def _code(lang: Lang) -> str | None:
    """English is the default for every language without its own texts."""
    return None if lang is Lang.EN else lang.value


def menu(lang: Lang, *, admin: bool = False) -> list[BotCommand]:
    """The command menu in `lang`: the user commands, and for an admin the admin ones."""
    names: Sequence[str] = (*MENU, *ADMIN_MENU) if admin else MENU
    return [BotCommand(name, t(lang, f"menu.{name}")) for name in names]


async def _set_commands(
    bot: Bot, commands: list[BotCommand], scope: BotCommandScope, lang: Lang
) -> bool:
    current = await bot.get_my_commands(scope=scope, language_code=_code(lang))
    if [(c.command, c.description) for c in current] == [
        (c.command, c.description) for c in commands
    ]:
        return False
    await bot.set_my_commands(commands, scope=scope, language_code=_code(lang))
    return True


async def publish_profile(bot: Bot, admin_ids: Iterable[int]) -> None:
    """Descriptions and menus in both languages; an admin's menu fails alone."""
    changed = 0
    for lang in Lang:
        code = _code(lang)
        description = t(lang, "profile.description")
        if (await bot.get_my_description(language_code=code)).description != description:
            await bot.set_my_description(description, language_code=code)
            changed += 1
        short = t(lang, "profile.short_description")
        current = await bot.get_my_short_description(language_code=code)
        if current.short_description != short:
            await bot.set_my_short_description(short, language_code=code)
            changed += 1
        changed += await _set_commands(bot, menu(lang), BotCommandScopeAllPrivateChats(), lang)
    for admin_id in admin_ids:
        changed += await publish_admin_menu(bot, admin_id)
    _LOGGER.info("bot profile published (%d change(s))", changed)


async def publish_admin_menu(bot: Bot, admin_id: int) -> int:
    """The admin menu in `admin_id`'s chat, both languages; how many menus changed (0 when
    Telegram refuses, e.g. before the admin ever wrote to the bot)."""
    changed = 0
    try:
        for lang in Lang:
            scope = BotCommandScopeChat(admin_id)
            changed += await _set_commands(bot, menu(lang, admin=True), scope, lang)
    except TelegramError as err:
        _LOGGER.info("admin menu for %s not published yet: %s", admin_id, err.message)
    return changed
