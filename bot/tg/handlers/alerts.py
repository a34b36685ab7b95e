"""/alerts (kinds on/off, battery threshold, left-unlocked delay, quiet hours) and /mute.

Settings apply to all of the user's cars at once: people think "tell me when the battery is
low", not "for car 2". The menu shows them as stored for the first car.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from datetime import datetime, timedelta

from telegram import Update
from telegram.error import BadRequest

from bot.commands.errors import NotLoggedInError
from bot.poller.events import TOGGLEABLE_KINDS, EventKind
from bot.storage import repo_alerts, repo_users, repo_vehicles
from bot.storage.records import AlertPrefs, CarRecord
from bot.tg.alert_menu import (
    BATTERY,
    BATTERY_CHOICES,
    MAIN,
    SOUNDS,
    UNLOCKED,
    choices_keyboard,
    delay_choices,
    kind_rings,
    lateness_line,
    main_keyboard,
    shortest_delay,
    sounds_keyboard,
)
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.handlers.common import ack, args_of, query_message, say, send
from bot.tg.i18n import Html, Lang, t
from bot.tg.keyboards import Callback
from bot.tg.numbers import ascii_int

BATTERY_RANGE = (5, 80)
UNLOCKED_RANGE = (1, 120)
MUTE_HOURS_RANGE = (1, 48)
_QUIET_RE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$", re.ASCII)


async def _cars(context: BotContext) -> list[CarRecord]:
    cars = await repo_vehicles.list_user_vehicles(context.services.db, user_id=context.who.user_id)
    if not cars:
        raise NotLoggedInError
    return cars


async def _update_all(context: BotContext, cars: list[CarRecord], **changes: object) -> AlertPrefs:
    db = context.services.db
    prefs = AlertPrefs()
    for car in cars:
        prefs = await repo_alerts.get_alert_prefs(
            db, user_id=context.who.user_id, vehicle_id=car.id
        )
        prefs = dataclasses.replace(prefs, **changes)  # type: ignore[arg-type]
        await repo_alerts.set_alert_prefs(
            db,
            user_id=context.who.user_id,
            vehicle_id=car.id,
            prefs=prefs,
            now=context.services.now(),
        )
    return prefs


def _clock(minute: int | None) -> str:
    return "" if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def menu_text(
    lang: Lang, prefs: AlertPrefs, muted_until: datetime | None, now: datetime, zone: object
) -> str:
    """The /alerts header with the thresholds, quiet hours and mute."""
    quiet = (
        f"{_clock(prefs.quiet_start_minute)}–{_clock(prefs.quiet_end_minute)}"
        if prefs.quiet_start_minute is not None
        else t(lang, "alerts.quiet_off")
    )
    muted = ""
    if muted_until is not None and muted_until > now:
        until = muted_until.astimezone(zone).strftime("%H:%M")  # type: ignore[arg-type]
        muted = t(lang, "alerts.muted", until=until)
    return t(
        lang,
        "alerts.header",
        battery=prefs.battery_low_percent,
        unlocked=prefs.left_unlocked_minutes,
        quiet=quiet,
        muted=Html(muted),
    )


async def alerts(update: Update, context: BotContext) -> None:
    """/alerts, /alerts battery N, /alerts unlocked N, /alerts quiet HH:MM-HH:MM|off."""
    args = [arg.casefold() for arg in args_of(context)]
    cars = await _cars(context)
    if not args:
        await _show_menu(update, context, cars)
        return
    if args[0] == "battery":
        value = _int_in(args, BATTERY_RANGE, "usage.alerts_battery")
        await _update_all(context, cars, battery_low_percent=value)
        await say(update, context, "alerts.battery_set", percent=value)
    elif args[0] in ("unlocked", "unlock"):
        value = _int_in(args, UNLOCKED_RANGE, "usage.alerts_unlocked")
        shortest = shortest_delay(context.services.settings)
        if value < shortest:
            raise UserFacingError("alerts17.unlocked_too_short", shortest=shortest)
        await _update_all(context, cars, left_unlocked_minutes=value)
        await say(update, context, "alerts.unlocked_set", minutes=value)
    elif args[0] == "quiet":
        await _quiet(update, context, cars, args[1:])
    else:
        raise UserFacingError("usage.alerts")


def _int_in(args: list[str], bounds: tuple[int, int], usage: str) -> int:
    value = ascii_int(args[1].rstrip("%")) if len(args) == 2 else None
    if value is None or not bounds[0] <= value <= bounds[1]:
        raise UserFacingError(usage)
    return value


async def _quiet(
    update: Update, context: BotContext, cars: list[CarRecord], args: list[str]
) -> None:
    if args == ["off"]:
        await _update_all(context, cars, quiet_start_minute=None, quiet_end_minute=None)
        await say(update, context, "alerts.quiet_cleared")
        return
    match = _QUIET_RE.match("".join(args))
    if match is None:
        raise UserFacingError("usage.alerts_quiet")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        raise UserFacingError("usage.alerts_quiet")
    await _update_all(context, cars, quiet_start_minute=h1 * 60 + m1, quiet_end_minute=h2 * 60 + m2)
    await say(
        update, context, "alerts.quiet_set", start=f"{h1:02d}:{m1:02d}", end=f"{h2:02d}:{m2:02d}"
    )


async def _menu(context: BotContext, cars: list[CarRecord]) -> tuple[AlertPrefs, str]:
    """The prefs shown (those of the first car) and the menu's text with the lateness line."""
    services = context.services
    prefs = await repo_alerts.get_alert_prefs(
        services.db, user_id=context.who.user_id, vehicle_id=cars[0].id
    )
    user = await repo_users.get_user(services.db, user_id=context.who.user_id)
    lang = context.who.lang
    text = menu_text(
        lang,
        prefs,
        user.alerts_muted_until if user else None,
        services.now(),
        services.settings.zone,
    )
    return prefs, text + lateness_line(lang, services.settings)


async def _show_menu(update: Update, context: BotContext, cars: list[CarRecord]) -> None:
    prefs, text = await _menu(context, cars)
    await send(update, text, markup=main_keyboard(context.who.lang, prefs))


async def _redraw(update: Update, context: BotContext, page: str) -> None:
    """Show `page` of the menu in the message whose button was pressed."""
    message = query_message(update)
    if message is None:
        return
    cars = await _cars(context)
    prefs, text = await _menu(context, cars)
    lang = context.who.lang
    if page == SOUNDS:
        text, markup = t(lang, "alerts17.pick_sounds"), sounds_keyboard(lang, prefs)
    elif page in (BATTERY, UNLOCKED):
        key = "alerts17.pick_battery" if page == BATTERY else "alerts17.pick_unlocked"
        delays = delay_choices(context.services.settings)
        text, markup = t(lang, key), choices_keyboard(lang, page, prefs, delays)
    else:
        markup = main_keyboard(lang, prefs)
    with contextlib.suppress(BadRequest):  # "message is not modified": nothing to redraw
        await message.edit_text(text, reply_markup=markup)


async def menu_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Open a page of /alerts (main, sounds, battery threshold, delay)."""
    if callback.arg not in (MAIN, SOUNDS, BATTERY, UNLOCKED):
        await ack(update, context, "button.stale")
        return
    await ack(update, context)
    await _redraw(update, context, callback.arg)


def _kind(arg: str) -> EventKind | None:
    try:
        kind = EventKind(arg)
    except ValueError:
        return None
    return kind if kind in TOGGLEABLE_KINDS else None


async def toggle_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Switch one alert kind on or off for all the user's cars, and redraw the menu."""
    kind = _kind(callback.arg)
    if kind is None:
        await ack(update, context, "button.stale")
        return
    cars = await _cars(context)
    current = await repo_alerts.get_alert_prefs(
        context.services.db, user_id=context.who.user_id, vehicle_id=cars[0].id
    )
    turn_on = not current.enabled(kind.value)
    # The stored set holds the kinds away from their default: a toggle flips membership.
    await _update_all(context, cars, disabled_kinds=current.disabled_kinds ^ {kind.value})
    label = t(context.who.lang, f"kind.{kind.value}")
    await ack(
        update, context, "alerts.toggled_on" if turn_on else "alerts.toggled_off", label=label
    )
    await _redraw(update, context, MAIN)


async def sound_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Switch one kind between ringing and silent for all the user's cars."""
    kind = _kind(callback.arg)
    if kind is None:
        await ack(update, context, "button.stale")
        return
    cars = await _cars(context)
    current = await repo_alerts.get_alert_prefs(
        context.services.db, user_id=context.who.user_id, vehicle_id=cars[0].id
    )
    prefs = await _update_all(context, cars, sound_toggled=current.sound_toggled ^ {kind.value})
    label = t(context.who.lang, f"kind.{kind.value}")
    rings_now = kind_rings(prefs, kind.value)
    await ack(
        update, context, "alerts17.sound_on" if rings_now else "alerts17.sound_off", label=label
    )
    await _redraw(update, context, SOUNDS)


async def battery_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Pick the low-battery threshold from the offered values."""
    value = callback.int_arg
    if value is None or value not in BATTERY_CHOICES:
        await ack(update, context, "button.stale")
        return
    await _update_all(context, await _cars(context), battery_low_percent=value)
    await ack(update, context, "alerts17.battery_done", percent=value)
    await _redraw(update, context, MAIN)


async def unlocked_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Pick the left-unlocked (and left-open) delay from the offered values."""
    value = callback.int_arg
    if value is None or value not in delay_choices(context.services.settings):
        await ack(update, context, "button.stale")
        return
    await _update_all(context, await _cars(context), left_unlocked_minutes=value)
    await ack(update, context, "alerts17.unlocked_done", minutes=value)
    await _redraw(update, context, MAIN)


async def _mute_for(context: BotContext, hours: int) -> datetime:
    services = context.services
    until = services.now() + timedelta(hours=hours)
    await repo_users.mute_alerts(
        services.db, user_id=context.who.user_id, until=until, now=services.now()
    )
    return until


async def mute(update: Update, context: BotContext) -> None:
    """/mute [hours] (default 1) or /mute off."""
    args = [arg.casefold() for arg in args_of(context)]
    services = context.services
    if args == ["off"]:
        await repo_users.mute_alerts(
            services.db, user_id=context.who.user_id, until=None, now=services.now()
        )
        await say(update, context, "mute.off")
        return
    hours = 1
    if args:
        given = ascii_int(args[0]) if len(args) == 1 else None
        if given is None:
            raise UserFacingError("usage.mute")
        hours = given
        if not MUTE_HOURS_RANGE[0] <= hours <= MUTE_HOURS_RANGE[1]:
            raise UserFacingError("usage.mute")
    until = await _mute_for(context, hours)
    await say(
        update,
        context,
        "mute.done",
        until=until.astimezone(services.settings.zone).strftime("%H:%M"),
    )


async def mute_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The "Mute 1 h" button under an alert."""
    del callback  # the mute is per user, whichever car the alert was about
    until = await _mute_for(context, 1)
    await ack(update, context)
    await say(
        update,
        context,
        "mute.done",
        until=until.astimezone(context.services.settings.zone).strftime("%H:%M"),
    )
