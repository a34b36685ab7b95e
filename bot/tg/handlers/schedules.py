"""/schedule (a car's schedules and the "add" flow), /schedules (all of them), /timezone, and
the schedule buttons. Every press re-checks that the presser may reach the car and owns the
schedule; the draft in a button is range-checked when it is decoded."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from bot.commands.car_timers import read_car_timers, set_car_charging_timer, set_car_climate_timer
from bot.commands.cars import resolve_car
from bot.schedules import service
from bot.schedules.plan import Kind, first_run
from bot.schedules.service import NewSchedule, parse_zone, zone_of
from bot.smart.errors import SmartAPIError
from bot.storage import repo_audit, repo_schedules, repo_users
from bot.storage.records import CarRecord
from bot.storage.repo_schedules import Schedule
from bot.tg.context import BotContext
from bot.tg.handlers.common import ack, args_of, say, send, show_in_place
from bot.tg.handlers.guard import reachable_or_refuse, refuse
from bot.tg.i18n import Html, t
from bot.tg.keyboards import Callback
from bot.tg.numbers import ascii_int
from bot.tg.schedule_draft import Draft, Step, decode
from bot.tg.schedule_views import (
    car_timers_text,
    clock,
    describe,
    draft_view,
    menu_view,
    when_text,
)

_KINDS = {"c": Kind.CLIMATE, "g": Kind.CHARGING}


async def _zone(context: BotContext) -> ZoneInfo:
    services = context.services
    return await zone_of(services.db, context.who.user_id, services.settings.zone)


async def _menu(context: BotContext, car: CarRecord) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    schedules = await repo_schedules.list_schedules(
        services.db, user_id=context.who.user_id, vehicle_id=car.id
    )
    now = services.now()
    timers = services.car_timers.known(car.id, now) or await read_car_timers(
        services.clients, services.car_timers, car, now
    )
    return menu_view(
        context.who.lang,
        car_name=car.label,
        vehicle_id=car.id,
        schedules=schedules,
        zone=await _zone(context),
        now=now,
        car_timers=timers,
    )


async def schedule_command(update: Update, context: BotContext) -> None:
    """The named (or default) car's schedules, with buttons to add and manage them."""
    car = await resolve_car(
        context.services.db,
        user_id=context.who.user_id,
        query=" ".join(args_of(context)),
        command="schedule",
        known=context.cars,
    )
    text, markup = await _menu(context, car)
    await send(update, text, markup=markup)


async def schedules_command(update: Update, context: BotContext) -> None:
    """Every schedule of the user, with the next run in their time zone."""
    services, lang = context.services, context.who.lang
    schedules = await repo_schedules.list_schedules(services.db, user_id=context.who.user_id)
    if not schedules:
        await say(update, context, "sched.list_none")
        return
    zone = await _zone(context)
    names = {car.id: car.label for car in context.cars or []}
    lines = [t(lang, "sched.list_title", zone=zone.key)]
    lines += [
        t(
            lang,
            "sched.list_line",
            car=names.get(schedule.vehicle_id, "?"),
            line=Html(describe(lang, schedule)),
            when=when_text(lang, schedule.next_run_at, zone, services.now()),
        )
        for schedule in schedules
    ]
    await send(update, "\n".join(lines))


async def timezone_command(update: Update, context: BotContext) -> None:
    """Show the user's time zone, or set it: `/timezone Europe/Berlin`."""
    services = context.services
    words = args_of(context)
    if not words:
        await say(update, context, "tz.usage", zone=(await _zone(context)).key)
        return
    zone = parse_zone(" ".join(words))
    if zone is None:
        await say(update, context, "tz.unknown", value=" ".join(words))
        return
    await repo_users.set_timezone(
        services.db, user_id=context.who.user_id, timezone=zone.key, now=services.now()
    )
    local = services.now().astimezone(zone).strftime("%H:%M")
    await say(update, context, "tz.set", zone=zone.key, time=local)


async def menu_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Show a car's schedules (also "Cancel" in the add flow)."""
    await ack(update, context)
    car = await reachable_or_refuse(update, context, callback.int_arg)
    await show_in_place(update, *await _menu(context, car))


async def new_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Start the add flow: `c<car id>` for climate, `g<car id>` for a charging window."""
    kind = _KINDS.get(callback.arg[:1])
    vehicle_id = ascii_int(callback.arg[1:]) if len(callback.arg) <= 19 else None
    if kind is None or vehicle_id is None:
        await refuse(update, context, "bad_schedule")
        return
    await ack(update, context)
    car = await reachable_or_refuse(update, context, vehicle_id)
    await show_in_place(update, *draft_view(context.who.lang, Step.TIME, Draft.new(kind, car.id)))


async def draft_button(update: Update, context: BotContext, callback: Callback) -> None:
    """One step of the add flow, with the draft the button carries."""
    decoded = decode(callback.arg)
    if decoded is None:
        await refuse(update, context, "bad_schedule")
        return
    step, draft = decoded
    await ack(update, context)
    await reachable_or_refuse(update, context, draft.vehicle_id)
    await show_in_place(update, *draft_view(context.who.lang, step, draft))


def _spec(draft: Draft) -> NewSchedule:
    if draft.kind is Kind.CHARGING:
        params: dict[str, object] = {
            "target_soc": draft.target_percent,
            "when_plugged": draft.when_plugged,
        }
    else:
        params = {
            "temp_c": draft.temp_c,
            "seat_level": draft.seat_level,
            "wheel_level": draft.wheel_level,
        }
        if draft.minutes:
            params["minutes"] = draft.minutes
    return NewSchedule(
        kind=draft.kind,
        minute=draft.minute,
        weekdays=draft.weekdays,
        ready_by=draft.ready_by,
        end_minute=draft.end_minute,
        params=params,
    )


async def save_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Store the draft as a schedule and show the car's schedules with it."""
    decoded = decode(callback.arg)
    if decoded is None:
        await refuse(update, context, "bad_schedule")
        return
    _, draft = decoded
    car = await reachable_or_refuse(update, context, draft.vehicle_id)
    services, lang = context.services, context.who.lang
    zone = await _zone(context)
    saved = await service.add_schedule(
        services.db,
        user_id=context.who.user_id,
        car=car,
        spec=_spec(draft),
        zone=zone,
        now=services.now(),
    )
    when = when_text(lang, saved.next_run_at, zone, services.now())
    await ack(update, context)
    text, markup = await _menu(context, car)
    saved_line = t(lang, "sched.saved", line=Html(describe(lang, saved)), when=when)
    await show_in_place(update, f"{saved_line}\n\n{text}", markup)


async def _own(update: Update, context: BotContext, callback: Callback) -> Schedule | None:
    schedule_id = callback.int_arg
    schedule = (
        await repo_schedules.get_schedule(
            context.services.db, schedule_id=schedule_id, user_id=context.who.user_id
        )
        if schedule_id is not None
        else None
    )
    if schedule is None:
        await ack(update, context, "sched.gone")
    return schedule


async def pause_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Pause a schedule, or resume it from its next time."""
    schedule = await _own(update, context, callback)
    if schedule is None:
        return
    services, lang = context.services, context.who.lang
    car = await reachable_or_refuse(update, context, schedule.vehicle_id)
    zone = await _zone(context)
    changed = await service.set_paused(
        services.db,
        user_id=context.who.user_id,
        schedule_id=schedule.id,
        paused=not schedule.paused,
        zone=zone,
        now=services.now(),
    )
    if changed is None or changed.paused:
        await ack(update, context, "sched.paused_toast" if changed else "sched.gone")
    else:
        when = when_text(lang, changed.next_run_at, zone, services.now())
        await ack(update, context, "sched.resumed_toast", when=when)
    await show_in_place(update, *await _menu(context, car))


async def delete_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Delete a schedule."""
    schedule = await _own(update, context, callback)
    if schedule is None:
        return
    car = await reachable_or_refuse(update, context, schedule.vehicle_id)
    await repo_schedules.delete_schedule(
        context.services.db, schedule_id=schedule.id, user_id=context.who.user_id
    )
    await ack(update, context, "sched.deleted")
    await show_in_place(update, *await _menu(context, car))


async def car_timer_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Experimental: also set the schedule as the car's own timer, then say what the car shows."""
    schedule = await _own(update, context, callback)
    if schedule is None:
        return
    car = await reachable_or_refuse(update, context, schedule.vehicle_id)
    await ack(update, context)
    services, lang = context.services, context.who.lang
    zone = await _zone(context)
    start = first_run(schedule, zone, services.now())
    try:
        if schedule.kind == Kind.CHARGING:
            window = (
                clock(schedule.minute_of_day),
                clock(schedule.end_minute if schedule.end_minute is not None else 6 * 60),
                int(schedule.params.get("target_soc", 80)),
            )
            result = await set_car_charging_timer(
                services.clients, services.car_timers, car, window, services.now()
            )
        else:
            time = (
                start.astimezone(zone).strftime("%H:%M") if start else clock(schedule.minute_of_day)
            )
            result = await set_car_climate_timer(
                services.clients, services.car_timers, car, time, services.now()
            )
    except SmartAPIError as exc:
        await _audit_car_timer(context, schedule, "rejected", type(exc).__name__)
        await say(update, context, "sched.car_timer_failed")
        return
    await _audit_car_timer(context, schedule, "confirmed" if result.shown else "accepted", None)
    if result.shown and result.timers is not None:
        await say(
            update, context, "sched.car_timer_shown", timers=car_timers_text(lang, result.timers)
        )
    else:
        await say(update, context, "sched.car_timer_not_shown")


async def _audit_car_timer(
    context: BotContext, schedule: Schedule, result: str, error: str | None
) -> None:
    await repo_audit.append_audit(
        context.services.db,
        user_id=context.who.user_id,
        action="car_timer",
        params={"schedule": schedule.id, "kind": schedule.kind},
        source="button",
        result=result,
        error_class=error,
        now=context.services.now(),
    )


async def run_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Run a schedule now; its outcome arrives as the schedule's usual message."""
    schedule = await _own(update, context, callback)
    if schedule is None:
        return
    await reachable_or_refuse(update, context, schedule.vehicle_id)
    await ack(update, context, "sched.run_started")
    services = context.services
    services.background.spawn(services.scheduler.run_now(schedule))
