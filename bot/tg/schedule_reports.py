"""The outcome of a schedule's run, told in the owner's chat: the scheduler's `ReportPort`.

One short message per run, in the user's language, with the buttons that fit (stop the
climate or the charge it started, show the status, open the schedules). Quiet hours do not
hold it back: the user set this schedule and waits for its result. A user who blocked the bot
is marked inactive; any other Telegram failure is logged (the run itself is done and stored).
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError

from bot.schedules.engine import Outcome, RunReport
from bot.schedules.plan import Kind, Phase
from bot.schedules.service import zone_of
from bot.storage import repo_users, repo_vehicles
from bot.storage.db import Database
from bot.tg.i18n import Html, Lang, t
from bot.tg.keyboards import Op, encode
from bot.tg.schedule_views import clock, describe
from bot.tg.user_language import language_of

_LOGGER = logging.getLogger(__name__)
_STOP_KEYS = {Outcome.DONE: "sched.stop.done", Outcome.SENT: "sched.stop.sent"}
_STARTED = frozenset({Outcome.DONE, Outcome.SENT})


def report_text(lang: Lang, report: RunReport, car_name: str, zone: ZoneInfo) -> str:
    """The message for one run."""
    schedule, outcome = report.schedule, report.outcome
    if report.phase is Phase.STOP:
        return t(lang, _STOP_KEYS.get(outcome, "sched.stop.failed"), name=car_name)
    end = schedule.end_minute
    return t(
        lang,
        f"sched.outcome.{outcome.value}",
        name=car_name,
        line=Html(describe(lang, schedule)),
        time=report.due.astimezone(zone).strftime("%H:%M"),
        battery=report.battery_percent if report.battery_percent is not None else "?",
        end=clock(end) if end is not None else "?",
    )


def report_keyboard(lang: Lang, report: RunReport) -> InlineKeyboardMarkup:
    """Stop what the run started, the status, the schedules."""
    vehicle_id = report.schedule.vehicle_id
    row = []
    if report.outcome in _STARTED and report.phase is not Phase.STOP:
        if report.schedule.kind == Kind.CLIMATE:
            row.append(_button(t(lang, "btn.stop_climate"), Op.CLIMATE_OFF, vehicle_id))
        else:
            row.append(_button(t(lang, "btn.charge_stop"), Op.CHARGE_STOP, vehicle_id))
    row.append(_button(t(lang, "btn.status"), Op.STATUS, vehicle_id))
    row.append(_button(t(lang, "btn.schedules"), Op.SCHEDULE_MENU, vehicle_id))
    return InlineKeyboardMarkup([row])


def _button(text: str, op: Op, arg: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(op, arg))


class TelegramScheduleReports:
    """Implements the scheduler's `ReportPort` with the bot."""

    def __init__(self, bot: Bot, db: Database, default_zone: ZoneInfo) -> None:
        self._bot = bot
        self._db = db
        self._default_zone = default_zone

    async def report(self, report: RunReport) -> None:
        """Send the run's outcome to the schedule's owner."""
        user_id = report.schedule.user_id
        user = await repo_users.get_user(self._db, user_id=user_id)
        if user is None or not user.allowed:
            return
        lang = language_of(user)
        car = await repo_vehicles.get_user_vehicle(
            self._db, user_id=user_id, vehicle_id=report.schedule.vehicle_id
        )
        name = car.label if car else "?"
        zone = await zone_of(self._db, user_id, self._default_zone)
        try:
            await self._bot.send_message(
                user_id,
                report_text(lang, report, name, zone),
                reply_markup=report_keyboard(lang, report),
            )
        except Forbidden:
            await repo_users.set_active(self._db, user_id=user_id, active=False)
        except TelegramError as err:
            _LOGGER.warning(
                "could not tell user %s about a schedule: %s", user_id, type(err).__name__
            )
