"""/location and the Location button: the pin, named by the user's saved place or the
nearest town, and how old the position is; while the car drives, "Follow" starts a Telegram
live location that the poller moves and stops. Follow works from any message that names a
car (the status card's pin, a theft alert). A user the car is shared with "without
location" sees no position here.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.commands.status import live_status
from bot.poller.rules import is_driving
from bot.storage import repo_live
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers.common import ack, say
from bot.tg.handlers.guard import button_car
from bot.tg.i18n import Html, t
from bot.tg.keyboards import Callback, Op, button
from bot.tg.live import LIVE_PERIOD_S
from bot.tg.render import age_text
from bot.tg.where import describe


async def send_location(update: Update, context: BotContext, car: CarRecord) -> None:
    """The pin and its caption (with Follow while the car drives)."""
    services = context.services
    chat = update.effective_chat
    if chat is None:
        return
    if not car.with_location:
        await say(update, context, "location.hidden", name=car.label)
        return
    status = await live_status(services.clients, car)
    if status.latitude is None or status.longitude is None:
        await say(update, context, "location.none", name=car.label)
        return
    lang = context.who.lang
    follow = None
    if is_driving(status):
        follow = InlineKeyboardMarkup([[button(t(lang, "btn.follow"), Op.FOLLOW, car.id)]])
    await chat.send_location(
        latitude=status.latitude, longitude=status.longitude, reply_markup=follow
    )
    age = age_text(lang, status.updated_at, services.now())
    place = await describe(
        services.db,
        user_id=context.who.user_id,
        vehicle_id=car.id,
        latitude=status.latitude,
        longitude=status.longitude,
    )
    if place is None:
        await say(update, context, "location.caption", name=car.label, age=Html(age))
        return
    await say(update, context, "location.where", name=car.label, place=place, age=Html(age))


async def follow_button(update: Update, context: BotContext, callback: Callback) -> None:
    """🛰 Follow: a live location of the car for an hour, moved by the poller."""
    car = await button_car(update, context, callback)
    if not car.with_location:
        raise UserFacingError("location.hidden", name=car.label)
    services = context.services
    status = await live_status(services.clients, car)
    chat = update.effective_chat
    if chat is None:
        return
    if status.latitude is None or status.longitude is None:
        raise UserFacingError("location.none", name=car.label)
    message = await chat.send_location(
        latitude=status.latitude, longitude=status.longitude, live_period=LIVE_PERIOD_S
    )
    now = services.now()
    await repo_live.start_live(
        services.db,
        vehicle_id=car.id,
        user_id=context.who.user_id,
        chat_id=chat.id,
        message_id=message.message_id,
        until=now + timedelta(seconds=LIVE_PERIOD_S),
        latitude=status.latitude,
        longitude=status.longitude,
        now=now,
    )
    # The car is polled at the driving pace from its next poll on (see bot.poller.places).
    await ack(update, context, "follow.started", name=car.label)
