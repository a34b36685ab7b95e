"""/settings: one menu for the user's settings, each button opening its own menu.

Language (/language), time zone (/timezone), default car (/cars), the climate preset
(/preset) and the alerts with their sounds (/alerts). The menu shows the current language
and time zone; each button sends that setting's own menu, as its command does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.schedules.service import zone_of
from bot.tg.context import BotContext
from bot.tg.handlers import alerts, basic, cars, comfort, schedules
from bot.tg.handlers.common import ack, say
from bot.tg.i18n import t
from bot.tg.keyboards import Callback, Op, choice_keyboard

Section = Callable[[Update, BotContext], Awaitable[None]]
# Button argument -> the command whose menu it opens (the order of the buttons).
SECTIONS: dict[str, Section] = {
    "language": basic.language,
    "timezone": schedules.timezone_command,
    "cars": cars.list_cars,
    "preset": comfort.preset,
    "alerts": alerts.alerts,
}


async def settings(update: Update, context: BotContext) -> None:
    """The settings menu with the current language and time zone."""
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
        markup=markup,
    )


async def settings_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Open one setting's own menu (as a new message, like its command)."""
    section = SECTIONS.get(callback.arg)
    await ack(update, context)
    if section is not None:
        await section(update, context)
