"""/settings: one menu for the user's settings, each button opening its own menu.

Language (/language), time zone (/timezone), units (metric or imperial, only here), default
car (/cars), the climate preset (/preset) and the alerts with their sounds (/alerts). The
menu shows the current language, time zone and units; each button sends that setting's own
menu, as its command does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import Update

from bot.schedules.service import zone_of
from bot.storage import repo_users
from bot.tg.context import BotContext
from bot.tg.handlers import alerts, basic, cars, comfort, schedules
from bot.tg.handlers.common import ack, query_message, say
from bot.tg.i18n import t
from bot.tg.keyboards import Callback, Op, choice_keyboard
from bot.tg.units import Units

Section = Callable[[Update, BotContext], Awaitable[None]]


async def units_menu(update: Update, context: BotContext) -> None:
    """The units choice: the current one, and a button per unit system."""
    lang = context.who.lang
    markup = choice_keyboard(
        ((t(lang, f"units.btn.{units.value}"), Op.UNITS, units.value) for units in Units),
        columns=1,
    )
    current = t(lang, f"units.{context.who.units.value}")
    await say(update, context, "units.choose", units=current, markup=markup)


async def units_chosen(update: Update, context: BotContext, callback: Callback) -> None:
    """Store the chosen units and say so in the choice's message."""
    try:
        units = Units(callback.arg)
    except ValueError:
        units = context.who.units
    who = context.who
    stored = None if units is Units.METRIC else units.value
    await repo_users.set_units(context.services.db, user_id=who.user_id, units=stored)
    context.principal = replace(who, units=units)
    await ack(update, context)
    message = query_message(update)
    if message is not None:
        await message.edit_text(t(who.lang, "units.set", units=t(who.lang, f"units.{units.value}")))


# Button argument -> the command whose menu it opens (the order of the buttons).
SECTIONS: dict[str, Section] = {
    "language": basic.language,
    "timezone": schedules.timezone_command,
    "units": units_menu,
    "cars": cars.list_cars,
    "preset": comfort.preset,
    "alerts": alerts.alerts,
}


async def settings(update: Update, context: BotContext) -> None:
    """The settings menu with the current language, time zone and units."""
    services, lang = context.services, context.who.lang
    zone = await zone_of(services.db, context.who.user_id, services.settings.zone)
    markup = choice_keyboard(
        ((t(lang, f"settings.btn.{name}"), Op.SETTINGS, name) for name in SECTIONS), columns=2
    )
    await say(
        update,
        context,
        "settings.menu",
        language=t(lang, "settings.language_name"),
        zone=zone.key,
        units=t(lang, f"units.{context.who.units.value}"),
        markup=markup,
    )


async def settings_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Open one setting's own menu (as a new message, like its command)."""
    section = SECTIONS.get(callback.arg)
    await ack(update, context)
    if section is not None:
        await section(update, context)
