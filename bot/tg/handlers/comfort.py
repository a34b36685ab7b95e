"""/preset (the user's "warm car" defaults, set with buttons) and the Warm car button."""

from __future__ import annotations

from telegram import Update

from bot.commands.comfort import change_preset, get_preset
from bot.storage.records import ClimatePreset
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack, query_message, send
from bot.tg.handlers.guard import button_car
from bot.tg.handlers.remote import start_action
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import PRESET_CHANGES, Callback, preset_keyboard


def preset_text(lang: Lang, preset: ClimatePreset) -> str:
    """The preset as the user chose it, and how to use it."""
    return t(
        lang,
        "preset.text",
        temp=f"{preset.temp_c:g}",
        driver=preset.driver,
        passenger=preset.passenger,
        wheel=preset.wheel,
    )


def _levels(preset: ClimatePreset) -> dict[str, int]:
    return {"driver": preset.driver, "passenger": preset.passenger, "wheel": preset.wheel}


async def preset(update: Update, context: BotContext) -> None:
    """Show the climate preset with buttons to change it."""
    lang = context.who.lang
    current = await get_preset(context.services.db, user_id=context.who.user_id)
    await send(update, preset_text(lang, current), markup=preset_keyboard(lang, _levels(current)))


async def preset_button(update: Update, context: BotContext, callback: Callback) -> None:
    """One change to the preset (temperature down/up, a seat's next level), shown in place."""
    await ack(update, context)
    services = context.services
    lang = context.who.lang
    changed = await change_preset(
        services.db,
        user_id=context.who.user_id,
        change=PRESET_CHANGES.get(callback.arg, ""),
        now=services.now(),
    )
    text, markup = preset_text(lang, changed), preset_keyboard(lang, _levels(changed))
    message = query_message(update)
    if message is None:
        await send(update, text, markup=markup)
        return
    await message.edit_text(text, reply_markup=markup)


async def warm_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The Warm car button under a status card: climate with the preset, one command."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    await start_action(update, context, car, "warm_car", {}, source="button")
