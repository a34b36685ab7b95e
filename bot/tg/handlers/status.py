"""/status and /location, and the Refresh, Status and Location buttons.

The card stays true: Refresh edits it in place, and when the car has reported nothing since
the card was drawn (its status stamp is not newer than the message's last edit) the press
is answered with a toast: "Up to date · data from 1 min ago" when the card stayed as it
was, "Updated · data from 2 min ago" when it was drawn again (its age moved on). After a
command from the card's buttons ends, the card is drawn again from a fresh read
(`redraw_card`). Telegram's "message is not modified" is expected there and never reaches
the user.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.commands.actions import ACTIONS
from bot.commands.cars import resolve_car
from bot.commands.status import live_status
from bot.smart.models import VehicleStatus
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack, args_of, edit_in_place, query_message, send
from bot.tg.handlers.guard import button_car
from bot.tg.handlers.location import send_location
from bot.tg.i18n import Html
from bot.tg.keyboards import Callback, Op, decode, status_keyboard
from bot.tg.render import age_text, status_card
from bot.tg.schedule_lines import schedule_lines

# How long a button press waits for the card's read before it is answered without a toast.
ANSWER_WITHIN_SECONDS = 0.5


async def _card(
    context: BotContext, car: CarRecord, *, more: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    text, markup, _ = await _card_and_status(context, car, more=more)
    return text, markup


async def _card_and_status(
    context: BotContext, car: CarRecord, *, more: bool = False
) -> tuple[str, InlineKeyboardMarkup, VehicleStatus]:
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
        units=context.who.units,
    )
    extra = await schedule_lines(context, car)
    if extra:
        text = "\n".join([text, "", *extra])
    warm = await services.capabilities.allows(car, ACTIONS["warm_car"])
    markup = status_keyboard(lang, car.id, status, warm=warm, more=more, location=car.with_location)
    return text, markup, status


def card_view(message: Message | None) -> bool | None:
    """Whether `message` is a status card, and which: False compact, True with "More"
    open; None when it is no card (an alert, a confirmation)."""
    if message is None or message.reply_markup is None:
        return None
    ops = {
        callback.op
        for row in message.reply_markup.inline_keyboard
        for button in row
        if isinstance(button.callback_data, str)
        and (callback := decode(button.callback_data)) is not None
    }
    if Op.REFRESH not in ops or Op.LOCK not in ops:  # a share's card may lack Location
        return None
    return Op.MORE not in ops


async def redraw_card(
    context: BotContext, car: CarRecord, *, chat_id: int, message_id: int, more: bool
) -> None:
    """Draw the card in message `message_id` again from a fresh read (a command from its
    buttons ended)."""
    context.services.clients.status_reads.forget_car(car.account_id, car.vin)
    text, markup = await _card(context, car, more=more)
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except BadRequest as err:
        if "not modified" not in err.message.lower():
            raise


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
    """Re-read the car and edit the same card (compact: also the Less button); with nothing
    new from the car, a toast says so and how old the data is."""
    await _edit_card(update, context, callback, more=False, toast=True)


async def more_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Re-read the car and show the card with its second section."""
    await _edit_card(update, context, callback, more=True)


async def _edit_card(
    update: Update, context: BotContext, callback: Callback, *, more: bool, toast: bool = False
) -> None:
    car = await button_car(update, context, callback)
    read = asyncio.ensure_future(_card_and_status(context, car, more=more))
    # The press is answered within a moment whatever the cloud does; a read done by then
    # may still answer it with the "Up to date" toast.
    done, _ = await asyncio.wait({read}, timeout=ANSWER_WITHIN_SECONDS)
    if not done:
        await ack(update, context)
    text, markup, status = await read
    message = query_message(update)
    if message is None:
        await ack(update, context)
        await send(update, text, markup=markup)
        return
    drawn = message.edit_date or message.date
    changed = await edit_in_place(message, text, markup)
    if toast and (not changed or _nothing_new(status, drawn)):
        # "Up to date" only when the card stayed as it was; a card drawn again (its age,
        # a schedule line) with nothing new from the car says "Updated", as old as it is.
        key = "card.updated" if changed else "card.up_to_date"
        age = age_text(context.who.lang, status.updated_at, context.services.now())
        await ack(update, context, key, age=Html(age))
        return
    await ack(update, context)


def _nothing_new(status: VehicleStatus, drawn: datetime | None) -> bool:
    """The car has reported nothing since the card was drawn at `drawn`."""
    if status.updated_at is None or drawn is None:
        return status.updated_at is None
    stamp = status.updated_at if status.updated_at.tzinfo else status.updated_at.replace(tzinfo=UTC)
    return stamp.replace(microsecond=0) <= drawn


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
