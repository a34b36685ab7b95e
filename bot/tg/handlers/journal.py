"""/charges and /trips: the car's last charging sessions and drives from the history, newest
first, a page at a time, with buttons to page back and forth.

The list is worked out from the samples each time (the detectors are pure and fast: a month
of samples in a few milliseconds), in a thread, over the retention period; nothing about
sessions is stored besides the samples themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta, tzinfo
from enum import StrEnum

from telegram import InlineKeyboardMarkup, Update

from bot.commands.cars import reachable_car, resolve_car
from bot.poller.charging_sessions import ChargingSession, find_sessions
from bot.poller.drives import Drive, find_drives
from bot.storage import repo_history, repo_users
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.formatting import decimal
from bot.tg.handlers.common import ack, args_of, query_message, send
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Callback, Op, choice_keyboard
from bot.tg.summaries import duration_text, user_zone

PAGE = 5


class Journal(StrEnum):
    """Which list."""

    CHARGES = "charges"
    TRIPS = "trips"


def charge_line(lang: Lang, session: ChargingSession, zone: tzinfo) -> str:
    """One line of /charges."""
    energy = "?" if session.energy_kwh is None else decimal(lang, session.energy_kwh)
    socs = "?"
    if session.start_soc is not None and session.end_soc is not None:
        socs = f"{session.start_soc} → {session.end_soc} %"
    return t(
        lang,
        "charges.line",
        when=session.start.astimezone(zone).strftime("%d.%m. %H:%M"),
        socs=socs,
        energy=energy,
        duration=duration_text(lang, round(session.duration.total_seconds() / 60)),
        current=t(lang, "summary.dc" if session.dc else "summary.ac"),
    )


def trip_line(lang: Lang, drive: Drive, zone: tzinfo) -> str:
    """One line of /trips."""
    return t(
        lang,
        "trips.line",
        when=drive.start.astimezone(zone).strftime("%d.%m. %H:%M"),
        distance="?" if drive.distance_km is None else decimal(lang, drive.distance_km),
        duration=duration_text(lang, round(drive.duration.total_seconds() / 60)),
        energy="?" if drive.energy_kwh is None else decimal(lang, drive.energy_kwh),
    )


def page_text(  # noqa: PLR0917  (one page: what, whose, which items, which page, where)
    lang: Lang,
    journal: Journal,
    car: CarRecord,
    items: Sequence[ChargingSession] | Sequence[Drive],
    page: int,
    zone: tzinfo,
) -> str:
    """The text of one page (`items` newest first, all of them)."""
    if not items:
        return t(lang, f"{journal.value}.empty", car=car.label)
    pages = (len(items) + PAGE - 1) // PAGE
    shown = items[page * PAGE : (page + 1) * PAGE]
    lines = [t(lang, f"{journal.value}.header", car=car.label, page=page + 1, pages=pages)]
    for item in shown:
        if isinstance(item, ChargingSession):
            lines.append(charge_line(lang, item, zone))
        else:
            lines.append(trip_line(lang, item, zone))
    return "\n".join(lines)


def page_keyboard(
    lang: Lang, journal: Journal, car_id: int, page: int, count: int
) -> InlineKeyboardMarkup | None:
    """Newer / older buttons where there is something to go to."""
    op = Op.CHARGES_PAGE if journal is Journal.CHARGES else Op.TRIPS_PAGE
    choices: list[tuple[str, Op, str | int]] = []
    if page > 0:
        choices.append((t(lang, "btn.newer"), op, f"{car_id}-{page - 1}"))
    if (page + 1) * PAGE < count:
        choices.append((t(lang, "btn.older"), op, f"{car_id}-{page + 1}"))
    return choice_keyboard(choices, columns=2) if choices else None


async def _items(
    context: BotContext, journal: Journal, car: CarRecord
) -> list[ChargingSession] | list[Drive]:
    services = context.services
    now = services.now()
    keep = timedelta(days=services.settings.history_retention_days)
    samples = await repo_history.samples_between(
        services.db, vehicle_id=car.id, start=now - keep, end=now + timedelta(days=1)
    )
    if journal is Journal.CHARGES:
        sessions = await asyncio.to_thread(find_sessions, samples, model=car.model, now=now)
        return [s for s in reversed(sessions) if s.finished]
    drives = await asyncio.to_thread(find_drives, samples, model=car.model)
    return [d for d in reversed(drives) if d.finished]


async def _zone(context: BotContext) -> tzinfo:
    user = await repo_users.get_user(context.services.db, user_id=context.who.user_id)
    return user_zone(user.timezone if user else None, context.services.settings.zone)


async def _show(update: Update, context: BotContext, journal: Journal) -> None:
    car = await resolve_car(
        context.services.db,
        user_id=context.who.user_id,
        query=" ".join(args_of(context)),
        command=journal.value,
        known=context.cars,
    )
    items = await _items(context, journal, car)
    lang = context.who.lang
    text = page_text(lang, journal, car, items, 0, await _zone(context))
    await send(update, text, markup=page_keyboard(lang, journal, car.id, 0, len(items)))


async def charges(update: Update, context: BotContext) -> None:
    """/charges [car]: the last charging sessions."""
    await _show(update, context, Journal.CHARGES)


async def trips(update: Update, context: BotContext) -> None:
    """/trips [car]: the last drives."""
    await _show(update, context, Journal.TRIPS)


async def page_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Another page of /charges or /trips, in place."""
    journal = Journal.CHARGES if callback.op is Op.CHARGES_PAGE else Journal.TRIPS
    car_part, _, page_part = callback.arg.partition("-")
    if not (car_part.isdigit() and page_part.isdigit() and len(page_part) < 6):
        await ack(update, context, "button.stale")
        return
    car = await reachable_car(
        context.services.db,
        user_id=context.who.user_id,
        vehicle_id=int(car_part),
        known=context.cars,
    )
    items = await _items(context, journal, car)
    pages = max(1, (len(items) + PAGE - 1) // PAGE)
    page = min(int(page_part), pages - 1)
    lang = context.who.lang
    await ack(update, context)
    message = query_message(update)
    if message is not None:
        await message.edit_text(
            page_text(lang, journal, car, items, page, await _zone(context)),
            reply_markup=page_keyboard(lang, journal, car.id, page, len(items)),
        )
