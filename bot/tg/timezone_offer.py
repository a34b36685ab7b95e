"""A shared location also offers its time zone: "🕐 Use Europe/Berlin as my time zone".

The zone waits as a pending action (ten minutes, single use, bound to the user); the button
carries only its id.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, Update

from bot.schedules.service import parse_zone, zone_at, zone_of
from bot.storage import repo_actions, repo_users
from bot.storage.records import ConsumeStatus
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack, say
from bot.tg.handlers.guard import refuse
from bot.tg.i18n import t
from bot.tg.keyboards import Callback, Op, encode

ACTION = "set_timezone"
OFFER_TTL = timedelta(minutes=10)


async def offer_zone(
    context: BotContext, latitude: float, longitude: float
) -> InlineKeyboardButton | None:
    """The button that sets the zone at this place, unless it is already the user's."""
    zone = zone_at(latitude, longitude)
    services = context.services
    if zone is None:
        return None
    current = await zone_of(services.db, context.who.user_id, services.settings.zone)
    if current.key == zone.key:
        return None
    pending = await repo_actions.create_pending_action(
        services.db,
        user_id=context.who.user_id,
        action=ACTION,
        params={"zone": zone.key},
        ttl=OFFER_TTL,
        now=services.now(),
    )
    label = t(context.who.lang, "btn.use_timezone", zone=zone.key)
    return InlineKeyboardButton(label, callback_data=encode(Op.TIMEZONE, pending.id))


async def timezone_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Set the offered zone (once; an expired or foreign offer is refused)."""
    services = context.services
    result = await repo_actions.consume_pending_action(
        services.db, action_id=callback.arg, user_id=context.who.user_id, now=services.now()
    )
    pending = result.action
    if result.status is not ConsumeStatus.CONSUMED or pending is None or pending.action != ACTION:
        await refuse(update, context, "timezone_offer")
        return
    zone = parse_zone(str(pending.params.get("zone", "")))
    if zone is None:
        await refuse(update, context, "timezone_offer")
        return
    await ack(update, context)
    await repo_users.set_timezone(
        services.db, user_id=context.who.user_id, timezone=zone.key, now=services.now()
    )
    await say(update, context, "tz.from_location", zone=zone.key)
