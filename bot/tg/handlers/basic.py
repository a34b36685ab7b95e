"""/start, /help, /language and the replies to unknown commands and stray text."""

from __future__ import annotations

from telegram import Update

from bot.storage import repo_users
from bot.tg.context import BotContext, Principal
from bot.tg.handlers.common import say, send
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Callback, Op, choice_keyboard

_LANGUAGE_NAMES = {Lang.EN: "English", Lang.DE: "Deutsch"}


async def start(update: Update, context: BotContext) -> None:
    """Greet an allowed user and point at /login and /status."""
    await say(update, context, "start.welcome", name=context.who.name)


async def help_command(update: Update, context: BotContext) -> None:
    """List every command; admins also see the admin commands."""
    lang = context.who.lang
    text = (
        t(lang, "help.text")
        + t(lang, "help.schedules")
        + t(lang, "help.admin" if context.who.is_admin else "help.owner")
    )
    await send(update, text)


async def language(update: Update, context: BotContext) -> None:
    """Offer the languages as buttons."""
    markup = choice_keyboard(
        ((name, Op.LANGUAGE, lang.value) for lang, name in _LANGUAGE_NAMES.items()), columns=2
    )
    await say(update, context, "language.choose", markup=markup)


async def language_chosen(update: Update, context: BotContext, callback: Callback) -> None:
    """Store the chosen language and confirm in it."""
    query = update.callback_query
    try:
        lang = Lang(callback.arg)
    except ValueError:
        lang = context.who.lang
    await repo_users.set_language(context.services.db, user_id=context.who.user_id, language=lang)
    who = context.who
    context.principal = Principal(who.user_id, who.name, lang, who.is_admin)
    if query is not None and query.message is not None:
        await query.edit_message_text(t(lang, "language.set"))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Any command we do not know."""
    await say(update, context, "unknown.command")
