"""/start, /help, /language and the replies to unknown commands and stray text."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.commands.actions import by_command
from bot.smart.models import CarModel
from bot.storage import repo_users, repo_vehicles
from bot.tg.context import BotContext
from bot.tg.handlers.common import say, send
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Callback, Op, choice_keyboard

_LANGUAGE_NAMES = {Lang.EN: "English", Lang.DE: "Deutsch"}


async def start(update: Update, context: BotContext) -> None:
    """Greet an allowed user and point at /login and /status."""
    await say(update, context, "start.welcome", name=context.who.name)


_MODELS = (CarModel.SMART_1, CarModel.SMART_3, CarModel.SMART_5)


async def help_command(update: Update, context: BotContext) -> None:
    """List every command; admins also see the admin commands.

    The remote commands are those the user's cars offer (by model and capability list; all
    of them before a car is connected), each marked experimental where nobody has seen it
    work on one of those cars."""
    lang = context.who.lang
    lines, experimental = await _remote_lines(context)
    text = "\n".join([t(lang, "help.text"), t(lang, "help.commands"), *lines])
    if experimental:
        text += "\n" + t(lang, "help.experimental_note")
    text += t(lang, "help.tail")
    text += t(lang, "help.schedules")
    text += t(lang, "help.places")
    text += t(lang, "help.admin" if context.who.is_admin else "help.owner")
    await send(update, text)


async def _remote_lines(context: BotContext) -> tuple[list[str], bool]:
    """One line per remote command the user's cars offer, and whether any is experimental."""
    services = context.services
    lang = context.who.lang
    cars = context.cars
    if cars is None:
        cars = await repo_vehicles.list_user_vehicles(services.db, user_id=context.who.user_id)
    lines: list[str] = []
    any_experimental = False
    for command, actions in by_command().items():
        if cars:
            offered = [
                (car.model, action)
                for car in cars
                for action in actions
                if await services.capabilities.allows(car, action)
            ]
        else:
            offered = [(m, a) for m in _MODELS for a in actions if a.supported_by(m)]
        if not offered:
            continue
        experimental = any(action.experimental(model) for model, action in offered)
        any_experimental |= experimental
        mark = t(lang, "help.experimental_mark") if experimental else ""
        lines.append(t(lang, f"help.cmd.{command}") + mark)
    return lines, any_experimental


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
    context.principal = replace(who, lang=lang)
    if query is not None and query.message is not None:
        await query.edit_message_text(t(lang, "language.set"))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Any command we do not know."""
    await say(update, context, "unknown.command")
