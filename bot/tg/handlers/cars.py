"""/cars: the user's cars with model and plate, and buttons to pick the default.

Only the default car wears ⭐, in the list and on its button. A tap on a car's button makes
it the default and draws the same list again (the buttons stay, the ⭐ moves).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.storage import repo_users, repo_vehicles
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers.common import ack, query_message, send
from bot.tg.handlers.guard import button_car
from bot.tg.i18n import Html, Lang, t
from bot.tg.keyboards import Callback, Op, choice_keyboard


def default_keyboard(lang: Lang, cars: Sequence[CarRecord]) -> InlineKeyboardMarkup:
    """One button per car, ⭐ on the default's; tapping makes it the default."""
    return choice_keyboard(
        (
            t(lang, "btn.default", name=car.label) if car.is_default else car.label,
            Op.DEFAULT,
            car.id,
        )
        for car in cars
    )


def car_line(lang: Lang, car: CarRecord, owners: dict[int, str]) -> str:
    """One line of the car list."""
    plate = t(lang, "cars.plate", plate=car.plate) if car.plate else ""
    shared = "" if car.owned else t(lang, "cars.shared", owner=owners.get(car.owner_user_id, ""))
    return t(
        lang,
        "cars.line",
        marker="⭐" if car.is_default else "•",
        name=car.label,
        model=car.model.value,
        plate=Html(plate),
        shared=Html(shared),
    )


async def list_cars(update: Update, context: BotContext) -> None:
    """List the cars; with several, offer buttons to choose the default."""
    text, markup = await cars_message(context)
    await send(update, text, markup=markup)


async def cars_message(
    context: BotContext, *, first: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The car list (after `first`, when given) and, with several cars, its buttons."""
    lang = context.who.lang
    cars = await repo_vehicles.list_user_vehicles(context.services.db, user_id=context.who.user_id)
    if not cars:
        raise UserFacingError("cars.none")
    owners = await _owner_names(context, cars)
    lines = [t(lang, "cars.header"), *(car_line(lang, car, owners) for car in cars)]
    if first is not None:
        lines[:0] = [first, ""]
    markup = None
    if len(cars) > 1:
        lines.append(t(lang, "cars.pick"))
        markup = default_keyboard(lang, cars)
    return "\n".join(lines), markup


async def _owner_names(context: BotContext, cars: Sequence[CarRecord]) -> dict[int, str]:
    names: dict[int, str] = {}
    for car in cars:
        if not car.owned and car.owner_user_id not in names:
            user = await repo_users.get_user(context.services.db, user_id=car.owner_user_id)
            names[car.owner_user_id] = (
                user.display_name if user and user.display_name else str(car.owner_user_id)
            )
    return names


async def default_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Make the tapped car the default (only a car the user may reach) and draw the list
    again in the same message, buttons and all."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    await repo_vehicles.set_default_vehicle(
        context.services.db, user_id=context.who.user_id, vehicle_id=car.id
    )
    message = query_message(update)
    done = t(context.who.lang, "cars.default_set", name=car.label)
    text, markup = await cars_message(context, first=done)
    if message is None:
        await send(update, text, markup=markup)
        return
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as err:  # tapped the default again: the list is already right
        if "not modified" not in err.message.lower():
            raise
