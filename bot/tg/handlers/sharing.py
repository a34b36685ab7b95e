"""/share <user id> [car] and /unshare <user id> [car]: an owner lends a car to another
allowed user without sharing credentials."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError

from bot.commands.cars import match_cars, names_of
from bot.storage import repo_audit, repo_users, repo_vehicles
from bot.storage.records import CarRecord
from bot.storage.repo_vehicles import ShareOutcome
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers.admin import parse_user_id
from bot.tg.handlers.common import args_of, say
from bot.tg.i18n import t
from bot.tg.user_language import stored_language


async def _own_cars(context: BotContext, query: str, command: str) -> list[CarRecord]:
    cars = [
        car
        for car in await repo_vehicles.list_user_vehicles(
            context.services.db, user_id=context.who.user_id
        )
        if car.owned
    ]
    if not cars:
        raise UserFacingError("share.not_owner")
    if not query:
        return cars
    found = match_cars(cars, query)
    if not found:
        raise UserFacingError(
            "car.unknown",
            query=query,
            names=names_of(cars),
            example=f"/{command} 123456789 {cars[0].label}",
        )
    return found


_WITHOUT_LOCATION = ("without location", "ohne standort", "nolocation")


def _location_choice(words: str) -> tuple[str, bool]:
    """The car words and whether the share shows the car's position ("… without location"
    hides it)."""
    lowered = words.lower()
    for suffix in _WITHOUT_LOCATION:
        if lowered.endswith(suffix):
            return words[: len(words) - len(suffix)].strip(), False
    return words, True


async def _name(context: BotContext, user_id: int) -> str:
    user = await repo_users.get_user(context.services.db, user_id=user_id)
    return user.display_name if user and user.display_name else str(user_id)


async def share(update: Update, context: BotContext) -> None:
    """/share <user id> [car]: every named (or every own) car."""
    args = args_of(context)
    if not args:
        raise UserFacingError("usage.share")
    target = parse_user_id(args[0], "usage.share")
    query, with_location = _location_choice(" ".join(args[1:]))
    cars = await _own_cars(context, query, "share")
    services = context.services
    for car in cars:
        outcome = await repo_vehicles.grant_share(
            services.db,
            owner_user_id=context.who.user_id,
            vehicle_id=car.id,
            user_id=target,
            with_location=with_location,
            now=services.now(),
        )
        if outcome is ShareOutcome.SELF:
            raise UserFacingError("share.self")
        if outcome is ShareOutcome.NOT_ALLOWED:
            raise UserFacingError("share.not_allowed", user_id=target)
        if outcome is ShareOutcome.NOT_OWNER:
            raise UserFacingError("share.not_owner")
        await repo_audit.append_audit(
            services.db,
            user_id=context.who.user_id,
            vin=car.vin,
            action="share",
            params={"target_user_id": target},
            source="command",
            result=outcome.value,
            now=services.now(),
        )
        name = await _name(context, target)
        await say(update, context, "share.done", car=car.label, name=name, user_id=target)
        if not with_location:
            await say(update, context, "share.without_location")
        await _notify(context, target, car)


async def _notify(context: BotContext, target: int, car: CarRecord) -> None:
    await _tell(context, target, "share.notice", car)


async def _tell(context: BotContext, target: int, key: str, car: CarRecord) -> None:
    """A notice to the other user about a share, in their language."""
    lang = await stored_language(context.services.db, target)
    with contextlib.suppress(TelegramError):  # the other user has not started the bot yet
        await context.bot.send_message(target, t(lang, key, owner=context.who.name, car=car.label))


async def unshare(update: Update, context: BotContext) -> None:
    """/unshare <user id> [car]: take back every named (or every own) car."""
    args = args_of(context)
    if not args:
        raise UserFacingError("usage.unshare")
    target = parse_user_id(args[0], "usage.unshare")
    cars = await _own_cars(context, " ".join(args[1:]), "unshare")
    services = context.services
    name = await _name(context, target)
    revoked = False
    for car in cars:
        if await repo_vehicles.revoke_share(
            services.db, owner_user_id=context.who.user_id, vehicle_id=car.id, user_id=target
        ):
            revoked = True
            await repo_audit.append_audit(
                services.db,
                user_id=context.who.user_id,
                vin=car.vin,
                action="unshare",
                params={"target_user_id": target},
                source="command",
                result="ok",
                now=services.now(),
            )
            await say(update, context, "unshare.done", name=name, user_id=target, car=car.label)
            await _tell(context, target, "unshare.notice", car)
    if not revoked:
        await say(update, context, "unshare.none", user_id=target)
