"""A shared or forwarded location or venue: offer to send it to a car's navigation.

The place waits as a pending action per car (ten minutes; its id goes in the button), so
the button carries no coordinates. Pressing it sends the place at once (no second question:
it changes nothing in the car but its navigation's suggestion) and says how it went.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.commands.cars import reachable_car
from bot.commands.destination import ACTION, Place, send_destination
from bot.storage import repo_actions, repo_vehicles
from bot.storage.records import PendingAction
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers import places
from bot.tg.handlers.common import query_message, send
from bot.tg.i18n import Html, t
from bot.tg.keyboards import Op, button, destination_keyboard
from bot.tg.timezone_offer import offer_zone

OFFER_TTL = timedelta(minutes=10)


def _place(update: Update, pin_name: str) -> Place | None:
    message = update.effective_message
    if message is None:
        return None
    venue = message.venue
    if venue is not None:
        where = venue.location
        title = venue.title or pin_name
        return Place(where.latitude, where.longitude, title, venue.address or "")
    if message.location is not None:
        return Place(message.location.latitude, message.location.longitude, pin_name)
    return None


async def shared_place(update: Update, context: BotContext) -> None:
    """Offer "Send to <car>'s navigation" for each of the user's cars."""
    lang = context.who.lang
    place = _place(update, t(lang, "destination.pin"))
    if place is None:
        return
    message = update.effective_message
    title = place.name if message is not None and message.venue is not None else ""
    if await places.shared_into_draft(update, context, place.latitude, place.longitude, title):
        return  # /places was waiting for this location
    services = context.services
    cars = context.cars
    if cars is None:
        cars = await repo_vehicles.list_user_vehicles(services.db, user_id=context.who.user_id)
    if not cars:
        raise UserFacingError("cars.none")
    params = {
        "latitude": place.latitude,
        "longitude": place.longitude,
        "name": place.name,
        "address": place.address,
    }
    choices = []
    for car in cars:
        pending = await repo_actions.create_pending_action(
            services.db,
            user_id=context.who.user_id,
            action=ACTION,
            vehicle_id=car.id,
            params=params,
            ttl=OFFER_TTL,
            now=services.now(),
        )
        choices.append((car.label, pending.id))
    address = t(lang, "destination.address", address=place.address) if place.address else ""
    text = t(lang, "destination.offer", name=place.name, address=Html(address))
    markup = destination_keyboard(lang, choices)
    keep = await places.offer_save(context, cars[0], params)
    save = button(t(lang, "btn.place_save"), Op.PLACE_SAVE, keep)
    markup = InlineKeyboardMarkup([*markup.inline_keyboard, [save]])
    zone = await offer_zone(context, place.latitude, place.longitude)
    if zone is not None:
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, [zone]])
    await send(update, text, markup=markup)


def _stored_place(pending: PendingAction) -> Place:
    params = pending.params
    try:
        return Place(
            float(params["latitude"]),
            float(params["longitude"]),
            str(params["name"]),
            str(params.get("address", "")),
        )
    except (KeyError, TypeError, ValueError):
        raise UserFacingError("destination.bad") from None


async def send_pending_place(update: Update, context: BotContext, pending: PendingAction) -> None:
    """Send the place of a consumed offer to its car and say so in place of the offer."""
    services = context.services
    lang = context.who.lang
    car = await reachable_car(
        services.db,
        user_id=context.who.user_id,
        vehicle_id=pending.vehicle_id,
        known=context.cars,
    )
    place = _stored_place(pending)
    await send_destination(
        services.db,
        services.clients,
        user_id=context.who.user_id,
        car=car,
        place=place,
        source="button",
        now=services.now(),
    )
    text = t(lang, "destination.sent", place=place.name, name=car.label)
    message = query_message(update)
    if message is None:
        await send(update, text)
        return
    await message.edit_text(text, reply_markup=None)
