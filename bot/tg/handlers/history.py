"""/history: the user's last commands, from the audit log."""

from __future__ import annotations

from telegram import Update

from bot.log import short_vin
from bot.storage import repo_audit, repo_vehicles
from bot.tg.context import BotContext
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
_HIDDEN = frozenset({"button"})


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
        if entry.action not in _HIDDEN
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
                when=entry.at.astimezone(zone).strftime("%d.%m. %H:%M"),
                car=car,
                action=action_label(lang, entry.action),
                result=result,
                who="",
            )
        )
    await send(update, "\n".join(lines))
