"""/stats: this week and this month of the car (km, kWh charged, kWh/100 km, charging time),
with a chart of km driven and kWh charged per day of the month.

Weeks begin on Monday and months on the 1st, at midnight in the user's time zone. The
figures and the chart are worked out in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from telegram import Update

from bot.commands.cars import resolve_car
from bot.poller.stats import PeriodStats, split_stats
from bot.smart.journal import JournalTrip
from bot.storage import repo_history, repo_trips, repo_users
from bot.storage.records import CarRecord
from bot.tg.charts import ChartLabels, render_days
from bot.tg.context import BotContext
from bot.tg.formatting import day, decimal
from bot.tg.handlers.common import args_of
from bot.tg.i18n import Html, Lang, t, tn
from bot.tg.summaries import cost_line, duration_text, user_zone
from bot.tg.units import Units, distance, distance_unit, distance_value, energy_per_distance

# Sessions and drives that began just before the period still need their first samples.
_LEAD = timedelta(days=2)


def period_lines(
    lang: Lang,
    key: str,
    stats: PeriodStats,
    zone: tzinfo,
    price: float | None = None,
    *,
    units: Units = Units.METRIC,
) -> list[str]:
    """The lines of one period ("This week since 30.11."...), with the cost at `price`,
    distances in `units`."""
    per100 = stats.kwh_per_100km
    cost = cost_line(lang, stats.charged_kwh, price) if stats.charged_kwh else None
    return [
        t(lang, key, since=day(lang, stats.start.astimezone(zone))),
        tn(
            lang,
            "stats.driven",
            "stats.driven_plural",
            stats.drives,
            km=distance(lang, units, stats.km),
            per100="–" if per100 is None else energy_per_distance(lang, units, per100),
        ),
        tn(
            lang,
            "stats.charged",
            "stats.charged_plural",
            stats.sessions,
            kwh=decimal(lang, stats.charged_kwh),
            duration=duration_text(lang, round(stats.charging_time.total_seconds() / 60)),
        ),
        *([cost] if cost else []),
    ]


def local_midnights(start: datetime, end: datetime, zone: tzinfo) -> list[datetime]:
    """`start` (a local midnight) and every local midnight after it, up to the first one
    after `end`: the bounds of the days from `start` to `end`."""
    days = [start]
    day = start.astimezone(zone).date()
    while days[-1] <= end:
        day += timedelta(days=1)
        days.append(datetime(day.year, day.month, day.day, tzinfo=zone))
    return days


def _starts(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    local = now.astimezone(zone)
    today = datetime(local.year, local.month, local.day, tzinfo=zone)
    monday = today.date() - timedelta(days=today.weekday())
    week = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    return week, datetime(local.year, local.month, 1, tzinfo=zone)


def stats_report(  # noqa: PLR0917  (one report: whose, of what, when, where, at which price)
    lang: Lang,
    car: CarRecord,
    samples: list[repo_history.Sample],
    now: datetime,
    zone: tzinfo,
    price: float | None = None,
    trips: Sequence[JournalTrip] = (),
    units: Units = Units.METRIC,
) -> tuple[str, bytes]:
    """The text and chart of /stats (blocking: run in a thread)."""
    week_start, month_start = _starts(now, zone)
    (week,) = split_stats(samples, model=car.model, bounds=[week_start, now], trips=trips)
    (month,) = split_stats(samples, model=car.model, bounds=[month_start, now], trips=trips)
    lines = [t(lang, "stats.header", car=car.label)]
    lines += period_lines(lang, "stats.week", week, zone, price, units=units)
    lines += period_lines(lang, "stats.month", month, zone, price, units=units)
    days = local_midnights(month_start, now, zone)
    daily = split_stats(samples, model=car.model, bounds=days, trips=trips)
    labels = ChartLabels(
        title=t(lang, "chart.stats.title", car=Html(car.label.replace("$", r"\$"))),
        left=t(lang, "chart.km", unit=distance_unit(units)),
        right=t(lang, "chart.kwh"),
    )
    chart = render_days(
        days[:-1],
        [distance_value(units, d.km) for d in daily],
        [d.charged_kwh for d in daily],
        labels,
        zone,
    )
    return "\n".join(lines), chart


async def stats(update: Update, context: BotContext) -> None:
    """/stats [car]: this week and this month, with a chart."""
    services = context.services
    car = await resolve_car(
        services.db,
        user_id=context.who.user_id,
        query=" ".join(args_of(context)),
        command="stats",
        known=context.cars,
    )
    user = await repo_users.get_user(services.db, user_id=context.who.user_id)
    zone = user_zone(user.timezone if user else None, services.settings.zone)
    now = services.now()
    week_start, month_start = _starts(now, zone)
    samples = await repo_history.samples_between(
        services.db,
        vehicle_id=car.id,
        start=min(week_start, month_start) - _LEAD,
        end=now + timedelta(minutes=1),
    )
    trips = await repo_trips.trips_between(
        services.db,
        vehicle_id=car.id,
        start=min(week_start, month_start) - _LEAD,
        end=now + timedelta(minutes=1),
    )
    price = user.price_per_kwh if user else None
    text, chart = await asyncio.to_thread(
        stats_report, context.who.lang, car, samples, now, zone, price, trips, context.who.units
    )
    chat = update.effective_chat
    if chat is not None:
        await chat.send_photo(chart, caption=text)
