"""/history: the user's last commands, from the audit log (refusals are in /users)."""

from __future__ import annotations

from telegram import Update

from bot.commands.actions import ACTIONS
from bot.log import short_vin
from bot.storage import repo_audit, repo_vehicles
from bot.tg.context import BotContext
from bot.tg.formatting import day_time
from bot.tg.handlers.common import say, send
from bot.tg.i18n import CATALOGUES, Lang, t

HISTORY_LENGTH = 10
_RESULTS = {
    "accepted": "accepted",
    "confirmed": "confirmed",
    "rejected": "refused",
    "failed": "failed",
    "timeout": "timeout",
    "ok": "done",
    "sending": "sending",
    "interrupted": "interrupted",
}
# What /history lists: the user's commands (car commands, and the account and sharing
# commands that have a label); never a refused update or a rejected button.
_COMMANDS = frozenset(ACTIONS) | {"car_timer", "send_destination"}


def is_command(action: str) -> bool:
    """True for an audited action that the user gave as a command."""
    return action in _COMMANDS or f"history.action.{action}" in CATALOGUES[Lang.EN]


def action_label(lang: Lang, action: str) -> str:
    """A readable name for an audited action ("Locking" for lock, else the raw name)."""
    key = f"history.action.{action}"
    return t(lang, key) if key in CATALOGUES[Lang.EN] else action


async def history(update: Update, context: BotContext) -> None:
    """The last commands of this user, newest first, in the configured time zone."""
    services = context.services
    lang = context.who.lang
    entries = [
        entry
        for entry in await repo_audit.recent_audit(
            services.db, user_id=context.who.user_id, limit=HISTORY_LENGTH * 2
        )
        if is_command(entry.action)
    ][:HISTORY_LENGTH]
    if not entries:
        await say(update, context, "history.empty")
        return
    cars = await repo_vehicles.list_user_vehicles(services.db, user_id=context.who.user_id)
    labels = {car.vin: car.label for car in cars}
    zone = services.settings.zone
    lines = [t(lang, "history.header")]
    for entry in entries:
        car = labels.get(entry.vin, short_vin(entry.vin)) if entry.vin else "–"
        result = t(lang, f"result.{_RESULTS.get(entry.result, 'done')}")
        lines.append(
            t(
                lang,
                "history.line",
                when=day_time(lang, entry.at.astimezone(zone)),
                car=car,
                action=action_label(lang, entry.action),
                result=result,
                who="",
            )
        )
    await send(update, "\n".join(lines))
