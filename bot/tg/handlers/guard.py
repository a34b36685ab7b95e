"""Server-side checks for button presses: the car must be reachable by the presser, and
every refusal is audited (a forged or replayed button leaves a trace)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.commands.cars import reachable_car
from bot.commands.errors import CarGoneError
from bot.storage import repo_audit
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack
from bot.tg.keyboards import Callback

_LOGGER = logging.getLogger(__name__)


async def refuse(update: Update, context: BotContext, reason: str) -> None:
    """Audit a refused button press and tell the user the button is stale."""
    await audit_refusal(context, reason)
    await ack(update, context, "button.stale")


async def audit_refusal(context: BotContext, reason: str) -> None:
    """Record a refused button press (forged, foreign or replayed) in the audit log."""
    await repo_audit.append_audit(
        context.services.db,
        user_id=context.who.user_id,
        action="button",
        params={"reason": reason},
        source="button",
        result="rejected",
        now=context.services.now(),
    )
    _LOGGER.info("refused a button of user %s: %s", context.who.user_id, reason)


async def button_car(update: Update, context: BotContext, callback: Callback) -> CarRecord:
    """The car a button names, if the presser may use it; refusals are audited."""
    return await reachable_or_refuse(update, context, callback.int_arg)


async def reachable_or_refuse(
    update: Update, context: BotContext, vehicle_id: int | None
) -> CarRecord:
    """The car with this id, if the presser may use it; refusals are audited."""
    try:
        return await reachable_car(
            context.services.db,
            user_id=context.who.user_id,
            vehicle_id=vehicle_id,
            known=context.cars,
        )
    except CarGoneError:
        await refuse(update, context, "car_not_reachable")
        raise
