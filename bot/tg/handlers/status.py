"""/status and /location, and the Refresh, Status and Location buttons."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.commands.actions import ACTIONS
from bot.commands.cars import resolve_car
from bot.commands.status import live_status
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack, args_of, query_message, send
from bot.tg.handlers.guard import button_car
from bot.tg.handlers.location import send_location
from bot.tg.keyboards import Callback, status_keyboard
from bot.tg.render import status_card
from bot.tg.schedule_lines import schedule_lines


async def _card(
    context: BotContext, car: CarRecord, *, more: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    status = await live_status(services.clients, car)
    lang = context.who.lang
    text = status_card(
        lang,
        name=car.label,
        model=car.model.value,
        status=status,
        now=services.now(),
        more=more,
        hidden=await services.capabilities.lacks(car) if more else frozenset(),
    )
    extra = await schedule_lines(context, car)
    if extra:
        text = "\n".join([text, "", *extra])
    warm = await services.capabilities.allows(car, ACTIONS["warm_car"])
    return text, status_keyboard(lang, car.id, status, warm=warm, more=more)


async def _named_car(context: BotContext, command: str) -> CarRecord:
    """The car named in the command's arguments, or the user's default."""
    return await resolve_car(
        context.services.db,
        user_id=context.who.user_id,
        query=" ".join(args_of(context)),
        command=command,
        known=context.cars,
    )


async def status(update: Update, context: BotContext) -> None:
    """The status card of the named (or default) car."""
    await _send_card(update, context, await _named_car(context, "status"))


async def _send_card(update: Update, context: BotContext, car: CarRecord) -> None:
    text, markup = await _card(context, car)
    await send(update, text, markup=markup)


async def refresh_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Re-read the car and edit the same card (compact: also the Less button)."""
    await _edit_card(update, context, callback, more=False)


async def more_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Re-read the car and show the card with its second section."""
    await _edit_card(update, context, callback, more=True)


async def _edit_card(
    update: Update, context: BotContext, callback: Callback, *, more: bool
) -> None:
    await ack(update, context)
    car = await button_car(update, context, callback)
    text, markup = await _card(context, car, more=more)
    message = query_message(update)
    if message is None:
        await send(update, text, markup=markup)
        return
    await message.edit_text(text, reply_markup=markup)


async def status_button(update: Update, context: BotContext, callback: Callback) -> None:
    """A fresh status card (the Status button under an alert)."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    await _send_card(update, context, car)


async def location(update: Update, context: BotContext) -> None:
    """A location pin of the car, with the age of the position."""
    await send_location(update, context, await _named_car(context, "location"))


async def location_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The Location button under a status card."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    await send_location(update, context, car)
