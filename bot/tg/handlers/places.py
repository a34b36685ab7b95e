"""/places: home and saved places per user and car, added from a shared location or venue
(or the car's own position), with a radius, alert choices and the evening reminder; renamed
and deleted with buttons. Also "Save as a place" under a shared location, and the reminder's
"Remind me in 1 h".

Adding waits for a location in a place draft (`repo_places.set_draft`, ten minutes); while
it waits, a shared location becomes the place instead of the navigation offer. Renaming
waits for the next text the same way.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.commands.cars import resolve_car
from bot.commands.status import live_status
from bot.poller.places import next_reminder
from bot.schedules.service import zone_of
from bot.storage import repo_actions, repo_places, repo_vehicles
from bot.storage.records import CarRecord, ConsumeStatus
from bot.storage.records_places import Place
from bot.storage.repo_places import MAX_PLACES, TooManyPlacesError
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers.common import ack, args_of, say, send, show_in_place
from bot.tg.handlers.guard import button_car, refuse
from bot.tg.i18n import t
from bot.tg.keyboards import Callback, Op, button
from bot.tg.place_views import (
    EDITS,
    RADIUS_STEP_M,
    REMIND_LEVELS,
    REMIND_TIMES,
    card_keyboard,
    card_text,
    delete_keyboard,
    list_keyboard,
    list_text,
    next_in,
)

DRAFT_TTL = timedelta(minutes=10)
SAVE_ACTION = "place_save"
SNOOZE = timedelta(hours=1)


async def _cars(context: BotContext) -> list[CarRecord]:
    if context.cars is not None:
        return context.cars
    return await repo_vehicles.list_user_vehicles(context.services.db, user_id=context.who.user_id)


async def places_command(update: Update, context: BotContext) -> None:
    """/places: the list; /places add <name>: wait for the location of a new place."""
    args = args_of(context)
    if args and args[0].lower() in {"add", "neu", "new"}:
        car = await resolve_car(
            context.services.db,
            user_id=context.who.user_id,
            query="",
            command="places",
            known=context.cars,
        )
        await _ask_location(update, context, car, " ".join(args[1:]), edit=False)
        return
    await _list(update, context, edit=False)


async def _list(update: Update, context: BotContext, *, edit: bool) -> None:
    lang = context.who.lang
    places = await repo_places.list_places(context.services.db, user_id=context.who.user_id)
    cars = await _cars(context)
    text, markup = (
        list_text(lang, places, cars, context.who.units),
        list_keyboard(lang, places, cars),
    )
    if edit:
        await show_in_place(update, text, markup)
    else:
        await send(update, text, markup=markup)


async def places_button(update: Update, context: BotContext, _callback: Callback) -> None:
    """◀ Places."""
    await ack(update, context)
    await _list(update, context, edit=True)


async def _ask_location(
    update: Update, context: BotContext, car: CarRecord, name: str, *, edit: bool
) -> None:
    services = context.services
    await repo_places.set_draft(
        services.db,
        user_id=context.who.user_id,
        vehicle_id=car.id,
        name=name,
        expires_at=services.now() + DRAFT_TTL,
    )
    lang = context.who.lang
    markup = InlineKeyboardMarkup([[button(t(lang, "btn.places_here"), Op.PLACE_HERE, car.id)]])
    text = t(lang, "place.add_ask", car=car.label)
    if edit:
        await show_in_place(update, text, markup)
    else:
        await send(update, text, markup=markup)


async def add_button(update: Update, context: BotContext, callback: Callback) -> None:
    """➕ Add a place (for the car the button names)."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    await _ask_location(update, context, car, "", edit=True)


async def here_button(update: Update, context: BotContext, callback: Callback) -> None:
    """🚗 The car's position: the new place is where the car is now."""
    await ack(update, context)
    car = await button_car(update, context, callback)
    if not car.with_location:
        raise UserFacingError("location.hidden", name=car.label)
    status = await live_status(context.services.clients, car)
    if status.latitude is None or status.longitude is None:
        raise UserFacingError("place.no_position", name=car.label)
    draft = await repo_places.take_draft(
        context.services.db, user_id=context.who.user_id, renaming=False, now=context.services.now()
    )
    name = draft.name if draft is not None and draft.vehicle_id == car.id else ""
    await _save(update, context, car.id, (status.latitude, status.longitude), name)


async def shared_into_draft(
    update: Update, context: BotContext, latitude: float, longitude: float, title: str
) -> bool:
    """A shared location while a place waits for one: it becomes that place (True)."""
    services = context.services
    draft = await repo_places.take_draft(
        services.db, user_id=context.who.user_id, renaming=False, now=services.now()
    )
    if draft is None:
        return False
    await _save(update, context, draft.vehicle_id, (latitude, longitude), draft.name or title)
    return True


async def save_button(update: Update, context: BotContext, callback: Callback) -> None:
    """📍 Save as a place, under a shared location (the pending offer holds the position)."""
    services = context.services
    result = await repo_actions.consume_pending_action(
        services.db, action_id=callback.arg, user_id=context.who.user_id, now=services.now()
    )
    pending = result.action
    if result.status is ConsumeStatus.USED:
        await ack(update, context, "confirm.used")
        return
    if result.status is ConsumeStatus.EXPIRED:
        await ack(update, context, "confirm.expired")
        return
    if (
        result.status is not ConsumeStatus.CONSUMED
        or pending is None
        or pending.action != SAVE_ACTION
        or pending.vehicle_id is None
    ):
        await refuse(update, context, "place_save_unknown")
        return
    await ack(update, context)
    params = pending.params
    try:
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        raise UserFacingError("destination.bad") from None
    await _save(
        update, context, pending.vehicle_id, (latitude, longitude), str(params.get("name", ""))
    )


async def offer_save(context: BotContext, car: CarRecord, params: dict[str, object]) -> str:
    """The pending id of a "Save as a place" button for this shared position."""
    services = context.services
    pending = await repo_actions.create_pending_action(
        services.db,
        user_id=context.who.user_id,
        action=SAVE_ACTION,
        vehicle_id=car.id,
        params=params,
        ttl=DRAFT_TTL,
        now=services.now(),
    )
    return pending.id


async def _save(
    update: Update, context: BotContext, vehicle_id: int, where: tuple[float, float], name: str
) -> None:
    latitude, longitude = where
    services = context.services
    lang = context.who.lang
    mine = [
        p
        for p in await repo_places.list_places(services.db, user_id=context.who.user_id)
        if p.vehicle_id == vehicle_id
    ]
    if not name:
        name = (
            t(lang, "place.home_name")
            if not mine
            else t(lang, "place.default_name", n=len(mine) + 1)
        )
    try:
        place = await repo_places.add_place(
            services.db,
            user_id=context.who.user_id,
            vehicle_id=vehicle_id,
            name=name,
            latitude=latitude,
            longitude=longitude,
            now=services.now(),
        )
    except TooManyPlacesError:
        raise UserFacingError("place.too_many", max=MAX_PLACES) from None
    except ValueError:
        raise UserFacingError("destination.bad") from None
    cars = await _cars(context)
    text = "\n".join(
        [
            t(lang, "place.added", name=place.name),
            "",
            card_text(lang, place, cars, context.who.units),
        ]
    )
    await send(update, text, markup=card_keyboard(lang, place, context.who.units))


async def _own_place(update: Update, context: BotContext, place_id: int | None) -> Place | None:
    if place_id is None:
        await refuse(update, context, "place_unknown")
        return None
    place = await repo_places.get_place(
        context.services.db, user_id=context.who.user_id, place_id=place_id
    )
    if place is None:
        await ack(update, context, "place.gone")
    return place


async def open_button(update: Update, context: BotContext, callback: Callback) -> None:
    """One place's card."""
    place = await _own_place(update, context, callback.int_arg)
    if place is None:
        return
    await ack(update, context)
    lang = context.who.lang
    await show_in_place(
        update,
        card_text(lang, place, await _cars(context), context.who.units),
        card_keyboard(lang, place, context.who.units),
    )


async def edit_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Radius, toggles, reminder time and level, rename, delete."""
    number, _, code = callback.arg.partition("-")
    if code not in EDITS or not number.isdigit():
        await refuse(update, context, "place_edit_unknown")
        return
    place = await _own_place(update, context, int(number))
    if place is None:
        return
    await ack(update, context)
    services = context.services
    lang = context.who.lang
    if code == "rn":
        await repo_places.set_draft(
            services.db,
            user_id=context.who.user_id,
            vehicle_id=place.vehicle_id,
            place_id=place.id,
            expires_at=services.now() + DRAFT_TTL,
        )
        await say(update, context, "place.rename_ask", name=place.name)
        return
    if code == "dl":
        await show_in_place(
            update,
            t(lang, "place.delete_ask", name=place.name),
            delete_keyboard(lang, place),
        )
        return
    if code == "dy":
        await repo_places.delete_place(services.db, user_id=context.who.user_id, place_id=place.id)
        await show_in_place(
            update,
            t(lang, "place.deleted", name=place.name),
            InlineKeyboardMarkup([[button(t(lang, "btn.places_back"), Op.PLACES, 0)]]),
        )
        return
    changed = await repo_places.update_place(
        services.db,
        user_id=context.who.user_id,
        place_id=place.id,
        now=services.now(),
        **await _change(context, place, code),
    )
    if changed is None:
        return
    await show_in_place(
        update,
        card_text(lang, changed, await _cars(context), context.who.units),
        card_keyboard(lang, changed, context.who.units),
    )


async def _change(context: BotContext, place: Place, code: str) -> dict[str, object]:
    if code in {"rm", "rp"}:
        step = RADIUS_STEP_M if code == "rp" else -RADIUS_STEP_M
        radius = max(repo_places.MIN_RADIUS_M, min(repo_places.MAX_RADIUS_M, place.radius_m + step))
        # A new radius: the presence is decided afresh (no alert for the change itself).
        return {"radius_m": radius, "inside": None}
    if code == "ar":
        return {"notify_arrive": not place.notify_arrive}
    if code == "lv":
        return {"notify_leave": not place.notify_leave}
    if code == "qu":
        return {"quiet_unlocked": not place.quiet_unlocked}
    if code == "rb":
        return {"remind_below": next_in(REMIND_LEVELS, place.remind_below) or REMIND_LEVELS[0]}
    minute = next_in(REMIND_TIMES, place.remind_minute)  # "rt"
    services = context.services
    due = None
    if minute is not None:
        zone = await zone_of(services.db, context.who.user_id, services.settings.zone)
        due = next_reminder(minute, zone, services.now())
    return {"remind_minute": minute, "remind_next_at": due}


async def renamed_by_text(update: Update, context: BotContext, text: str) -> bool:
    """The next text after "Rename" is the place's new name (True when it was)."""
    services = context.services
    draft = await repo_places.take_draft(
        services.db, user_id=context.who.user_id, renaming=True, now=services.now()
    )
    if draft is None or draft.place_id is None:
        return False
    name = repo_places.clean_name(text)
    if not name:
        return False
    place = await repo_places.update_place(
        services.db,
        user_id=context.who.user_id,
        place_id=draft.place_id,
        name=name,
        now=services.now(),
    )
    if place is None:
        await say(update, context, "place.gone")
        return True
    lang = context.who.lang
    body = "\n".join(
        [
            t(lang, "place.renamed", name=place.name),
            "",
            card_text(lang, place, await _cars(context), context.who.units),
        ]
    )
    await send(update, body, markup=card_keyboard(lang, place, context.who.units))
    return True


async def snooze_button(update: Update, context: BotContext, callback: Callback) -> None:
    """⏰ Remind me in 1 h (under the "not plugged in" reminder)."""
    place = await _own_place(update, context, callback.int_arg)
    if place is None:
        return
    services = context.services
    await repo_places.update_place(
        services.db,
        user_id=context.who.user_id,
        place_id=place.id,
        remind_next_at=services.now() + SNOOZE,
        now=services.now(),
    )
    await ack(update, context, "place.snoozed")
