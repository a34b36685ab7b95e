"""Remote commands (/lock, /climate 22, /charge limit 80, ...) and their confirmations.

A handler parses the arguments, finds the car, and either asks for a confirmation (unlocking
doors, trunk or locker, opening windows) or starts the command through the command runner:
the progress message goes out at once and is edited to the outcome (`MessageProgress`).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update

from bot.commands.cars import resolve_car
from bot.commands.errors import StateRefusedError
from bot.commands.preconditions import stale_after
from bot.commands.requests import check_request_state, prepare_request
from bot.commands.runner import CommandRequest
from bot.commands.status import latest_status
from bot.storage import repo_actions
from bot.storage.records import CarRecord, PendingAction
from bot.tg.climate_input import climate_args_in_celsius
from bot.tg.context import BotContext
from bot.tg.errors import user_message
from bot.tg.handlers.common import args_of, query_message, send
from bot.tg.handlers.progress import MessageProgress
from bot.tg.handlers.status import card_view, redraw_card
from bot.tg.i18n import Html, t
from bot.tg.keyboards import confirm_keyboard, try_anyway_keyboard
from bot.tg.parsing import PARSERS
from bot.tg.queue_notices import TelegramQueueNotices
from bot.tg.render import state_summary
from bot.tg.units import Units

_LOGGER = logging.getLogger(__name__)

# The status card a command came from: chat id, message id, "More" open.
Card = tuple[int, int, bool]


def command_name(update: Update) -> str:
    """The command of a message, without the slash and a "@botname" suffix."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    return text.split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].casefold() if text else ""


async def remote_command(update: Update, context: BotContext) -> None:
    """Every remote command: parse, find the car, confirm or start."""
    command = command_name(update)
    args = args_of(context)
    if command == "climate" and context.who.units is Units.IMPERIAL:
        args = climate_args_in_celsius(args)  # the user types °F; the car takes °C
    parsed = PARSERS[command](args)
    car = await resolve_car(
        context.services.db,
        user_id=context.who.user_id,
        query=parsed.car,
        command=command,
        known=context.cars,
    )
    await start_action(update, context, car, parsed.action, parsed.params)


async def start_action(
    update: Update,
    context: BotContext,
    car: CarRecord,
    name: str,
    params: dict[str, Any],
    *,
    source: str = "command",
) -> None:
    """Ask for a confirmation when the action needs one, else start it now.

    What the car's last stored status says cannot work is refused at once; when that status
    is old, the refusal offers "Try anyway".
    """
    services = context.services
    request = await prepare_request(
        services.db,
        services.clients,
        services.capabilities,
        user_id=context.who.user_id,
        car=car,
        name=name,
        params=params,
        source=source,
    )
    card = _pressed_card(update) if source == "button" else None
    stale = stale_after(services.settings.poll_interval_idle)
    try:
        await check_request_state(services.db, request, now=services.now(), stale=stale)
    except StateRefusedError as refused:
        if not refused.details.get("stale"):
            raise
        await offer_anyway(update, context, refused, request, card=card)
        return
    if request.action.confirm:
        await ask_confirmation(update, context, request, card=card)
        return
    await launch(update, context, request, card=card)


def _pressed_card(update: Update) -> Card | None:
    """The status card whose button was pressed, or None (an alert's button, a message)."""
    message = query_message(update)
    view = card_view(message)
    if message is None or view is None:
        return None
    return message.chat_id, message.message_id, view


def card_of(params: dict[str, Any]) -> Card | None:
    """The card stored with a pending action (`_card`), if it is one."""
    value = params.get("_card")
    if not isinstance(value, list) or len(value) != 3:
        return None
    chat_id, message_id, more = value
    if not isinstance(chat_id, int) or not isinstance(message_id, int):
        return None
    return chat_id, message_id, bool(more)


async def launch(
    update: Update,
    context: BotContext,
    request: CommandRequest,
    message: Message | None = None,
    *,
    card: Card | None = None,
) -> None:
    """Start the command; its progress goes to a new message, or into `message` when given.
    A command from a status card's button draws that card again when it ends. During the
    car's cool-down it is queued and sent when the cool-down ends (`bot.commands.queue`)."""
    after = None
    if card is not None:
        chat_id, message_id, more = card

        async def after() -> None:
            await redraw_card(
                context, request.car, chat_id=chat_id, message_id=message_id, more=more
            )

    reporter = MessageProgress(update, context, message, after=after)
    notices = TelegramQueueNotices(context.bot)
    await context.services.queue.start_or_queue(request, reporter, notices)


async def offer_anyway(
    update: Update,
    context: BotContext,
    refused: StateRefusedError,
    request: CommandRequest,
    *,
    card: Card | None = None,
) -> None:
    """The refusal of an old status, with a single-use "Try anyway" button that sends the
    request regardless (the confirmation's 60-second pending action)."""
    pending = await store_pending(context, request, card=card)
    lang = context.who.lang
    text = user_message(lang, refused) or ""
    await send(update, text, markup=try_anyway_keyboard(lang, pending.id))


async def ask_confirmation(
    update: Update, context: BotContext, request: CommandRequest, *, card: Card | None = None
) -> None:
    """Store a single-use, 60-second pending action and show Yes / Cancel with the car's state
    (and the card it came from, to draw again when the command ends)."""
    services = context.services
    status = await latest_status(services.db, services.clients, request.car)
    pending = await store_pending(context, request, card=card)
    lang = context.who.lang
    question = t(
        lang,
        f"confirm.{request.action.name}",
        name=request.car.label,
        state=Html(state_summary(lang, status, services.now())),
    )
    experimental = request.action.experimental(request.car.model)
    text = question + "\n" + t(lang, "confirm.expires")
    if experimental:
        text += "\n" + t(lang, "experimental.note")
    await send(update, text, markup=confirm_keyboard(lang, pending.id, experimental=experimental))


async def store_pending(
    context: BotContext, request: CommandRequest, *, card: Card | None = None
) -> PendingAction:
    """Store `request` as a single-use, 60-second pending action for a confirming button
    (its source, and the card it came from, ride in the parameters: `card_of`)."""
    card_param: dict[str, Any] = {} if card is None else {"_card": list(card)}
    return await repo_actions.create_pending_action(
        context.services.db,
        user_id=request.user_id,
        action=request.action.name,
        vehicle_id=request.car.id,
        params={**request.params, "_source": request.source, **card_param},
        now=context.services.now(),
    )
