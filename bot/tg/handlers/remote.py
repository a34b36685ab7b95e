"""Remote commands (/lock, /climate 22, /charge limit 80, ...) and their confirmations.

A handler parses the arguments, finds the car, and either asks for a confirmation (unlocking
doors, trunk or locker, opening windows) or starts the command: the progress message goes out
at once and a background `CommandRunner` edits it to the outcome.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update

from bot.context import BotContext
from bot.smart.errors import SmartAPIError
from bot.smart.models import VehicleStatus
from bot.storage import repo_actions, repo_polls
from bot.storage.records import CarRecord
from bot.tg.errors import UserFacingError
from bot.tg.handlers.common import args_of, send
from bot.tg.i18n import Html, t
from bot.tg.keyboards import confirm_keyboard
from bot.tg.render import state_summary
from bot.tg.services.actions import ACTIONS
from bot.tg.services.cars import resolve_car
from bot.tg.services.commands import CommandRequest, CommandRunner, progress_text
from bot.tg.services.parsing import PARSERS

_LOGGER = logging.getLogger(__name__)


def command_name(update: Update) -> str:
    """The command of a message, without the slash and a "@botname" suffix."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    return text.split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].casefold() if text else ""


async def remote_command(update: Update, context: BotContext) -> None:
    """Every remote command: parse, find the car, confirm or start."""
    command = command_name(update)
    parsed = PARSERS[command](args_of(context))
    car = await resolve_car(
        context.services.db,
        user_id=context.who.user_id,
        query=parsed.car,
        command=command,
        known=context.cars,
    )
    await start_action(update, context, car, parsed.action, parsed.params, command=command)


async def start_action(
    update: Update,
    context: BotContext,
    car: CarRecord,
    name: str,
    params: dict[str, Any],
    *,
    command: str,
    source: str = "command",
) -> None:
    """Ask for a confirmation when the action needs one, else send it now."""
    action = ACTIONS[name]
    if not action.supported_by(car.model):
        raise UserFacingError("car.unsupported", model=car.model.value, action=f"/{command}")
    request = CommandRequest(context.who.user_id, context.who.lang, car, action, params, source)
    if action.confirm is not None:
        await ask_confirmation(update, context, request)
        return
    await launch(update, context, request)


async def launch(
    update: Update, context: BotContext, request: CommandRequest, message: Message | None = None
) -> None:
    """Claim the car, show the progress line (in `message` when given) and run the command."""
    services = context.services
    reserved_at = await services.busy.reserve(services, request)
    text = progress_text(request.lang, request)
    try:
        if message is None:
            message = await send(update, text)
        else:
            await message.edit_text(text, reply_markup=None)
    except Exception:
        await services.busy.abandon(services, request, reserved_at)
        raise
    if message is None:
        await services.busy.abandon(services, request, reserved_at)
        return
    services.spawn(CommandRunner(context, request, message).run())


async def current_status(context: BotContext, car: CarRecord) -> VehicleStatus | None:
    """The car's status from the cloud, else the poller's last one, else None."""
    services = context.services
    try:
        client = await services.clients.for_account(car.account_id)
        return await client.get_status(car.vin)
    except SmartAPIError as exc:
        _LOGGER.info("live status unavailable (%s); using the stored one", type(exc).__name__)
    state = await repo_polls.get_vehicle_state(services.db, vehicle_id=car.id)
    return state.status if state is not None else None


async def ask_confirmation(update: Update, context: BotContext, request: CommandRequest) -> None:
    """Store a single-use, 60-second pending action and show Yes / Cancel with the car's state."""
    services = context.services
    status = await current_status(context, request.car)
    pending = await repo_actions.create_pending_action(
        services.db,
        user_id=request.user_id,
        action=request.action.name,
        vehicle_id=request.car.id,
        params={**request.params, "_source": request.source},
        now=services.now(),
    )
    lang = request.lang
    question = t(
        lang,
        request.action.confirm or "",
        name=request.car.label,
        state=Html(state_summary(lang, status, services.now())),
    )
    text = question + "\n" + t(lang, "confirm.expires")
    await send(update, text, markup=confirm_keyboard(lang, pending.id))
