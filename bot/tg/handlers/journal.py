"""/charges and /trips: the car's last charging sessions and drives from the history, newest
first, a page at a time, with buttons to page back and forth and one per line that opens
that session or drive as its summary (a session's with its chart).

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
from bot.poller.alerts import Alert
from bot.poller.charging_sessions import ChargingSession, find_sessions
from bot.poller.drives import Drive, all_drives
from bot.poller.events import Event
from bot.poller.summaries import drive_event, session_event
from bot.storage import repo_history, repo_trips, repo_users
from bot.storage.records import CarRecord
from bot.tg.context import BotContext
from bot.tg.formatting import day_time, decimal
from bot.tg.handlers.common import ack, args_of, query_message, send
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Callback, Op, choice_keyboard
from bot.tg.numbers import ascii_int
from bot.tg.places import PlaceNamer
from bot.tg.summaries import SummaryRenderer, duration_text, user_zone
from bot.tg.units import Units, distance

PAGE = 5
_PLACES = PlaceNamer()  # the offline geocoder, loaded once on the first opened summary


class Journal(StrEnum):
    """Which list."""

    CHARGES = "charges"
    TRIPS = "trips"


def _when(lang: Lang, item: ChargingSession | Drive, zone: tzinfo) -> str:
    return day_time(lang, item.start.astimezone(zone))


def charge_line(
    lang: Lang, session: ChargingSession, zone: tzinfo, price: float | None = None
) -> str:
    """One line of /charges (with its cost at `price`)."""
    energy = "?" if session.energy_kwh is None else decimal(lang, session.energy_kwh)
    socs = "?"
    if session.start_soc is not None and session.end_soc is not None:
        socs = f"{session.start_soc} → {session.end_soc} %"
    line = t(
        lang,
        "charges.line",
        when=_when(lang, session, zone),
        socs=socs,
        energy=energy,
        duration=duration_text(lang, round(session.duration.total_seconds() / 60)),
        current=t(lang, "summary.dc" if session.dc else "summary.ac"),
    )
    if price is None or session.energy_kwh is None:
        return line
    return line + t(lang, "charges.cost", cost=decimal(lang, session.energy_kwh * price, places=2))


def trip_line(lang: Lang, drive: Drive, zone: tzinfo, units: Units = Units.METRIC) -> str:
    """One line of /trips."""
    return t(
        lang,
        "trips.line",
        when=_when(lang, drive, zone),
        distance="?" if drive.distance_km is None else distance(lang, units, drive.distance_km),
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
    price: float | None = None,
    units: Units = Units.METRIC,
) -> str:
    """The text of one page (`items` newest first, all of them), distances in `units`."""
    if not items:
        return t(lang, f"{journal.value}.empty", car=car.label)
    pages = (len(items) + PAGE - 1) // PAGE
    shown = items[page * PAGE : (page + 1) * PAGE]
    lines = [t(lang, f"{journal.value}.header", car=car.label, page=page + 1, pages=pages)]
    for item in shown:
        if isinstance(item, ChargingSession):
            lines.append(charge_line(lang, item, zone, price))
        else:
            lines.append(trip_line(lang, item, zone, units))
    return "\n".join(lines)


def _key(item: ChargingSession | Drive) -> int:
    """What a button names an item by: its start, in whole epoch seconds."""
    return int(item.start.timestamp())


def page_keyboard(  # noqa: PLR0917  (one page's buttons: what, whose, which items, where)
    lang: Lang,
    journal: Journal,
    car_id: int,
    page: int,
    items: Sequence[ChargingSession] | Sequence[Drive],
    zone: tzinfo,
) -> InlineKeyboardMarkup | None:
    """One button per line that opens it, then newer / older where there is somewhere to go."""
    charges = journal is Journal.CHARGES
    page_op = Op.CHARGES_PAGE if charges else Op.TRIPS_PAGE
    open_op = Op.CHARGE_OPEN if charges else Op.TRIP_OPEN
    shown = items[page * PAGE : (page + 1) * PAGE]
    opens = [(_when(lang, item, zone), open_op, f"{car_id}-{_key(item)}") for item in shown]
    paging: list[tuple[str, Op, str | int]] = []
    if page > 0:
        paging.append((t(lang, "btn.newer"), page_op, f"{car_id}-{page - 1}"))
    if (page + 1) * PAGE < len(items):
        paging.append((t(lang, "btn.older"), page_op, f"{car_id}-{page + 1}"))
    if not opens and not paging:
        return None
    rows = [*choice_keyboard(opens, columns=1).inline_keyboard]
    rows += choice_keyboard(paging, columns=2).inline_keyboard
    return InlineKeyboardMarkup(rows)


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
    trips = await repo_trips.trips_between(
        services.db, vehicle_id=car.id, start=now - keep, end=now + timedelta(days=1)
    )
    drives = await asyncio.to_thread(all_drives, samples, trips, model=car.model)
    return [d for d in reversed(drives) if d.finished]


async def _zone_price(context: BotContext) -> tuple[tzinfo, float | None]:
    user = await repo_users.get_user(context.services.db, user_id=context.who.user_id)
    zone = user_zone(user.timezone if user else None, context.services.settings.zone)
    return zone, user.price_per_kwh if user else None


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
    zone, price = await _zone_price(context)
    text = page_text(lang, journal, car, items, 0, zone, price, context.who.units)
    await send(update, text, markup=page_keyboard(lang, journal, car.id, 0, items, zone))


async def charges(update: Update, context: BotContext) -> None:
    """/charges [car]: the last charging sessions."""
    await _show(update, context, Journal.CHARGES)


async def trips(update: Update, context: BotContext) -> None:
    """/trips [car]: the last drives."""
    await _show(update, context, Journal.TRIPS)


async def _car_and_number(
    update: Update, context: BotContext, callback: Callback, *, max_digits: int
) -> tuple[CarRecord, int] | None:
    """The car and the number in a `<car id>-<number>` button, the car re-checked against the
    presser; None (the press answered as stale) for anything else."""
    car_part, _, number_part = callback.arg.partition("-")
    car_id, number = ascii_int(car_part), ascii_int(number_part)
    if car_id is None or number is None or len(number_part) > max_digits:
        await ack(update, context, "button.stale")
        return None
    car = await reachable_car(
        context.services.db, user_id=context.who.user_id, vehicle_id=car_id, known=context.cars
    )
    return car, number


async def page_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Another page of /charges or /trips, in place."""
    journal = Journal.CHARGES if callback.op is Op.CHARGES_PAGE else Journal.TRIPS
    pressed = await _car_and_number(update, context, callback, max_digits=5)
    if pressed is None:
        return
    car, wanted = pressed
    items = await _items(context, journal, car)
    pages = max(1, (len(items) + PAGE - 1) // PAGE)
    page = min(wanted, pages - 1)
    lang = context.who.lang
    zone, price = await _zone_price(context)
    await ack(update, context)
    message = query_message(update)
    if message is not None:
        await message.edit_text(
            page_text(lang, journal, car, items, page, zone, price, context.who.units),
            reply_markup=page_keyboard(lang, journal, car.id, page, items, zone),
        )


async def open_button(update: Update, context: BotContext, callback: Callback) -> None:
    """One session or drive of the list, as its summary with its chart."""
    journal = Journal.CHARGES if callback.op is Op.CHARGE_OPEN else Journal.TRIPS
    pressed = await _car_and_number(update, context, callback, max_digits=11)
    if pressed is None:
        return
    car, key = pressed
    items = await _items(context, journal, car)
    item = next((i for i in items if _key(i) == key), None)
    if item is None:  # pruned from the history since the list was shown
        await ack(update, context, "button.stale")
        return
    await ack(update, context)
    event: Event = (
        session_event(car.vin, item)
        if isinstance(item, ChargingSession)
        else drive_event(car.vin, item)
    )
    zone, price = await _zone_price(context)
    alert = Alert(context.who.user_id, car.vin, car.label, (event,), event.at, "journal")
    renderer = SummaryRenderer(context.services.db, places=_PLACES)
    summary = await renderer.render(
        context.who.lang,
        alert,
        vehicle_id=car.id,
        zone=zone,
        price=price,
        drive_chart=True,
        units=context.who.units,
    )
    chat = update.effective_chat
    if chat is None:
        return
    if summary.chart is None:
        await chat.send_message(summary.text)
    else:
        await chat.send_photo(summary.chart, caption=summary.text)
