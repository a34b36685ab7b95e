"""Button presses: one router decodes `v1:<op>:<id>` and dispatches; nothing in the data is
trusted. Cars are re-checked against what the pressing user may reach, confirmations are
consumed atomically for that user only, and refusals are audited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update

from bot.commands.actions import ACTIONS
from bot.commands.cars import reachable_car
from bot.commands.destination import ACTION as DESTINATION_ACTION
from bot.commands.runner import command_request
from bot.storage import repo_actions
from bot.storage.records import ConsumeStatus, PendingAction
from bot.tg.context import BotContext
from bot.tg.handlers import (
    account,
    alerts,
    basic,
    cars,
    comfort,
    destination,
    journal,
    location,
    places,
    schedules,
    settings,
    status,
)
from bot.tg.handlers.common import ack, query_message
from bot.tg.handlers.guard import audit_refusal, button_car, refuse
from bot.tg.handlers.remote import card_of, launch, start_action
from bot.tg.i18n import t
from bot.tg.keyboards import Callback, Op, decode
from bot.tg.timezone_offer import timezone_button

ButtonHandler = Callable[[Update, BotContext, Callback], Awaitable[None]]
DEFAULT_CLIMATE_TEMP = 21.0


async def on_button(update: Update, context: BotContext) -> None:
    """Route a button press; every press is answered exactly once."""
    query = update.callback_query
    if query is None:
        return
    try:
        callback = decode(query.data)
        handler = _ROUTES.get(callback.op) if callback is not None else None
        if callback is None or handler is None:
            await refuse(update, context, "unknown_button")
            return
        await handler(update, context, callback)
    finally:
        if not context.answered:
            context.answered = True
            await query.answer()


def _action_button(name: str, **params: object) -> ButtonHandler:
    async def handle(update: Update, context: BotContext, callback: Callback) -> None:
        await ack(update, context)
        car = await button_car(update, context, callback)
        await start_action(update, context, car, name, dict(params), source="button")

    return handle


async def _confirm(update: Update, context: BotContext, callback: Callback) -> None:
    pending = await _consume(update, context, callback)
    if pending is None:
        return
    await ack(update, context)
    if pending.action == account.LOGOUT_ACTION:
        await account.logout_confirmed(update, context)
        return
    if pending.action not in ACTIONS:
        await refuse(update, context, "unknown_action")
        return
    car = await reachable_car(
        context.services.db,
        user_id=context.who.user_id,
        vehicle_id=pending.vehicle_id,
        known=context.cars,
    )
    params = dict(pending.params)
    source = str(params.pop("_source", "button"))
    card = card_of(params)
    params.pop("_card", None)
    request = command_request(
        user_id=context.who.user_id, car=car, name=pending.action, params=params, source=source
    )
    await launch(update, context, request, query_message(update), card=card)


async def _destination(update: Update, context: BotContext, callback: Callback) -> None:
    pending = await _consume(update, context, callback)
    if pending is None:
        return
    await ack(update, context)
    if pending.action != DESTINATION_ACTION:
        await refuse(update, context, "unknown_action")
        return
    await destination.send_pending_place(update, context, pending)


async def _cancel(update: Update, context: BotContext, callback: Callback) -> None:
    if await _consume(update, context, callback) is None:
        return
    await ack(update, context)
    message = query_message(update)
    if message is not None:
        await message.edit_text(t(context.who.lang, "confirm.cancelled"), reply_markup=None)


async def _consume(update: Update, context: BotContext, callback: Callback) -> PendingAction | None:
    """Use a confirmation once; for anything but the winning tap, say why and return None."""
    services = context.services
    result = await repo_actions.consume_pending_action(
        services.db, action_id=callback.arg, user_id=context.who.user_id, now=services.now()
    )
    if result.status is ConsumeStatus.CONSUMED:
        return result.action
    if result.status is ConsumeStatus.UNKNOWN:
        await refuse(update, context, "unknown_confirmation")
        return None
    if result.status is ConsumeStatus.USED:
        await audit_refusal(context, "replayed_confirmation")
        await ack(update, context, "confirm.used")
        return None
    await ack(update, context, "confirm.expired")
    message = query_message(update)
    if message is not None:
        await message.edit_text(t(context.who.lang, "confirm.expired"), reply_markup=None)
    return None


_ROUTES: Mapping[Op, ButtonHandler] = {
    Op.CONFIRM: _confirm,
    Op.CANCEL: _cancel,
    Op.LOCK: _action_button("lock"),
    Op.UNLOCK: _action_button("unlock"),
    Op.CLIMATE_ON: _action_button("climate_on", temp_c=DEFAULT_CLIMATE_TEMP),
    Op.CLIMATE_OFF: _action_button("climate_off"),
    Op.CHARGE_START: _action_button("charge_start"),
    Op.CHARGE_STOP: _action_button("charge_stop"),
    Op.REFRESH: status.refresh_button,
    Op.STATUS: status.status_button,
    Op.LOCATION: status.location_button,
    Op.DEFAULT: cars.default_button,
    Op.REGION: account.region_button,
    Op.LANGUAGE: basic.language_chosen,
    Op.MUTE: alerts.mute_button,
    Op.ALERT_TOGGLE: alerts.toggle_button,
    Op.ALERT_MENU: alerts.menu_button,
    Op.ALERT_SOUND: alerts.sound_button,
    Op.ALERT_BATTERY: alerts.battery_button,
    Op.ALERT_UNLOCKED: alerts.unlocked_button,
    Op.SCHEDULE_MENU: schedules.menu_button,
    Op.SCHEDULE_NEW: schedules.new_button,
    Op.SCHEDULE_DRAFT: schedules.draft_button,
    Op.SCHEDULE_SAVE: schedules.save_button,
    Op.SCHEDULE_PAUSE: schedules.pause_button,
    Op.SCHEDULE_RUN: schedules.run_button,
    Op.SCHEDULE_DELETE: schedules.delete_button,
    Op.SCHEDULE_CAR_TIMER: schedules.car_timer_button,
    Op.TIMEZONE: timezone_button,
    Op.MORE: status.more_button,
    Op.WARM: comfort.warm_button,
    Op.PRESET: comfort.preset_button,
    Op.DESTINATION: _destination,
    Op.CHARGES_PAGE: journal.page_button,
    Op.TRIPS_PAGE: journal.page_button,
    Op.CHARGE_OPEN: journal.open_button,
    Op.TRIP_OPEN: journal.open_button,
    Op.SETTINGS: settings.settings_button,
    Op.UNITS: settings.units_chosen,
    Op.PLACES: places.places_button,
    Op.PLACE_ADD: places.add_button,
    Op.PLACE_HERE: places.here_button,
    Op.PLACE_OPEN: places.open_button,
    Op.PLACE_EDIT: places.edit_button,
    Op.PLACE_SAVE: places.save_button,
    Op.PLACE_SNOOZE: places.snooze_button,
    Op.FOLLOW: location.follow_button,
}
