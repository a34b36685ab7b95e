"""The text and buttons of place alerts: "Luminous Black #5 arrived at School (08:02)",
"left Home", and the evening "not plugged in" reminder with "Remind me in 1 h"."""

from __future__ import annotations

from datetime import tzinfo

from telegram import InlineKeyboardMarkup

from bot.poller.alerts import Alert
from bot.poller.events import PLACE_KINDS, EventKind
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Op, button


def is_place_alert(alert: Alert) -> bool:
    """Every event of the alert is about a saved place."""
    return all(kind in PLACE_KINDS for kind in alert.kinds)


def place_alert_text(lang: Lang, alert: Alert, zone: tzinfo) -> str:
    """One line per event, each naming the car, the place and the local time."""
    lines = []
    for event in alert.events:
        lines.append(
            t(
                lang,
                f"alert.{event.kind.value}",
                car=alert.car_name,
                place=str(event.data.get("place") or "?"),
                time=event.at.astimezone(zone).strftime("%H:%M"),
                battery=event.data.get("battery", "?"),
            )
        )
    return "\n".join(lines)


def place_alert_keyboard(
    lang: Lang, alert: Alert, vehicle_id: int | None
) -> InlineKeyboardMarkup | None:
    """Status; under the reminder also "Remind me in 1 h"."""
    if vehicle_id is None:
        return None
    row = [button(t(lang, "btn.status"), Op.STATUS, vehicle_id)]
    for event in alert.events:
        place_id = event.data.get("place_id")
        if event.kind is EventKind.NOT_PLUGGED_IN and isinstance(place_id, int):
            row.insert(0, button(t(lang, "btn.remind_later"), Op.PLACE_SNOOZE, place_id))
    return InlineKeyboardMarkup([row])
