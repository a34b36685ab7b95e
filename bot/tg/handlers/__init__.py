"""Handlers, one module per feature; `all_handlers()` is the single registration list."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.tg.handlers import (
    account,
    admin,
    alerts,
    basic,
    buttons,
    cars,
    comfort,
    destination,
    history,
    journal,
    places,
    price,
    remote,
    schedules,
    settings,
    sharing,
    stats,
    status,
)
from bot.tg.parsing import PARSERS

_PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE  # never edits or Business


def all_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Every handler of group 0, in matching order; the gate (group -1) is added by `bot.app`."""
    commands: dict[str, Any] = {
        "start": basic.start,
        "help": basic.help_command,
        "language": basic.language,
        "login": account.login,
        "cancel": account.cancel,
        "logout": account.logout,
        "cars": cars.list_cars,
        "status": status.status,
        "location": status.location,
        "places": places.places_command,
        "history": history.history,
        "charges": journal.charges,
        "trips": journal.trips,
        "stats": stats.stats,
        "price": price.price,
        "alerts": alerts.alerts,
        "mute": alerts.mute,
        "allow": admin.allow,
        "deny": admin.deny,
        "users": admin.users,
        "schedule": schedules.schedule_command,
        "schedules": schedules.schedules_command,
        "timezone": schedules.timezone_command,
        "share": sharing.share,
        "unshare": sharing.unshare,
        "preset": comfort.preset,
        "settings": settings.settings,
    }
    handlers: list[BaseHandler[Any, Any, Any]] = [
        CommandHandler(name, callback, _PRIVATE) for name, callback in commands.items()
    ]
    handlers.append(CommandHandler(list(PARSERS), remote.remote_command, _PRIVATE))
    handlers.append(CallbackQueryHandler(buttons.on_button))
    handlers.append(
        MessageHandler(_PRIVATE & (filters.LOCATION | filters.VENUE), destination.shared_place)
    )
    handlers.append(MessageHandler(_PRIVATE & filters.COMMAND, basic.unknown_command))
    handlers.append(
        MessageHandler(_PRIVATE & filters.TEXT & ~filters.COMMAND, account.text_message)
    )
    return handlers
