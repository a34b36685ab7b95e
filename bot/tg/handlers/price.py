"""/price: the user's electricity price per kWh, which adds the cost to charging summaries,
/charges and /stats. `/price 0.32` sets it, `/price off` removes it, `/price` shows it."""

from __future__ import annotations

from telegram import Update

from bot.storage import repo_users
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.formatting import decimal
from bot.tg.handlers.common import args_of, say
from bot.tg.numbers import ascii_number

MAX_PRICE = 10.0  # per kWh; more is a typo


async def price(update: Update, context: BotContext) -> None:
    """/price [amount|off]."""
    args = [arg.casefold() for arg in args_of(context)]
    db, user_id, lang = context.services.db, context.who.user_id, context.who.lang
    if not args:
        user = await repo_users.get_user(db, user_id=user_id)
        current = user.price_per_kwh if user else None
        if current is None:
            await say(update, context, "price.none")
        else:
            await say(update, context, "price.current", price=decimal(lang, current, places=3))
        return
    if args == ["off"]:
        await repo_users.set_price(db, user_id=user_id, price_per_kwh=None)
        await say(update, context, "price.cleared")
        return
    value = ascii_number(args[0]) if len(args) == 1 else None
    if value is None or not 0 < value <= MAX_PRICE:
        raise UserFacingError("usage.price")
    await repo_users.set_price(db, user_id=user_id, price_per_kwh=value)
    await say(update, context, "price.set", price=decimal(lang, value, places=3))
