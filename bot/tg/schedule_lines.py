"""The status card's schedule lines: the car's next bot-side run and its own timers when the
bot has read them lately (no cloud call here)."""

from __future__ import annotations

from bot.schedules.service import zone_of
from bot.storage import repo_schedules
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.i18n import Html, t
from bot.tg.schedule_views import car_timers_text, describe, when_text


async def schedule_lines(context: BotContext, car: CarRecord) -> list[str]:
    """The user's next schedule run of this car ("⏰ Next: …") and the car's own timers."""
    services, lang = context.services, context.who.lang
    now = services.now()
    lines = []
    upcoming = await repo_schedules.next_runs(
        services.db, vehicle_ids=[car.id], user_id=context.who.user_id
    )
    schedule = upcoming.get(car.id)
    if schedule is not None:
        zone = await zone_of(services.db, context.who.user_id, services.settings.zone)
        lines.append(
            t(
                lang,
                "status.next_schedule",
                line=Html(describe(lang, schedule)),
                when=when_text(lang, schedule.next_run_at, zone, now),
            )
        )
    timers = services.car_timers.known(car.id, now)
    if timers is not None and (timers.active_climate or timers.active_charging):
        lines.append(car_timers_text(lang, timers))
    return lines
