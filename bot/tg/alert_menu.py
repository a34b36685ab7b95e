"""The /alerts menu's pages: the kinds (on/off) with buttons to the other pages, the sound
per kind, and the thresholds picked from buttons; plus the line that says how late an alert
can be at the current poll intervals."""

from __future__ import annotations

import math

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings
from bot.poller.events import RINGING_KINDS, TOGGLEABLE_KINDS
from bot.poller.intervals import SLEEPING_FACTOR
from bot.storage.records import AlertPrefs
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Op, encode

BATTERY_CHOICES = (10, 15, 20, 25, 30)
UNLOCKED_CHOICES = (1, 2, 5, 10, 15)
# Pages of the menu (the argument of `Op.ALERT_MENU`).
MAIN, SOUNDS, BATTERY, UNLOCKED = "m", "s", "b", "u"


def _button(label: str, op: Op, arg: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(op, arg))


def _rows(buttons: list[InlineKeyboardButton], columns: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + columns] for i in range(0, len(buttons), columns)]


def _back(lang: Lang) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "btn.alerts_back"), Op.ALERT_MENU, MAIN)]


def main_keyboard(lang: Lang, prefs: AlertPrefs) -> InlineKeyboardMarkup:
    """One toggle per alert kind, then Sounds, the battery threshold and the delay."""
    toggles = [
        _button(
            t(
                lang,
                "btn.on" if prefs.enabled(kind.value) else "btn.off",
                label=t(lang, f"kind.{kind.value}"),
            ),
            Op.ALERT_TOGGLE,
            kind.value,
        )
        for kind in TOGGLEABLE_KINDS
    ]
    pages = [
        _button(t(lang, "btn.alerts_sounds"), Op.ALERT_MENU, SOUNDS),
        _button(
            t(lang, "btn.alerts_battery", percent=prefs.battery_low_percent),
            Op.ALERT_MENU,
            BATTERY,
        ),
        _button(
            t(lang, "btn.alerts_unlocked", minutes=prefs.left_unlocked_minutes),
            Op.ALERT_MENU,
            UNLOCKED,
        ),
    ]
    return InlineKeyboardMarkup([*_rows(toggles, 2), pages])


def kind_rings(prefs: AlertPrefs, kind: str) -> bool:
    """Whether alerts of `kind` ring for this user."""
    return prefs.rings(kind, by_default=kind in {k.value for k in RINGING_KINDS})


def sounds_keyboard(lang: Lang, prefs: AlertPrefs) -> InlineKeyboardMarkup:
    """🔔 or 🔕 per kind; a tap switches it."""
    buttons = [
        _button(
            t(
                lang,
                "btn.alerts_sound_on" if kind_rings(prefs, kind.value) else "btn.alerts_sound_off",
                label=t(lang, f"kind.{kind.value}"),
            ),
            Op.ALERT_SOUND,
            kind.value,
        )
        for kind in TOGGLEABLE_KINDS
    ]
    return InlineKeyboardMarkup([*_rows(buttons, 2), _back(lang)])


def choices_keyboard(
    lang: Lang, page: str, prefs: AlertPrefs, delays: tuple[int, ...] = UNLOCKED_CHOICES
) -> InlineKeyboardMarkup:
    """The threshold choices of the battery or the delay page; the current one marked."""
    values: tuple[int, ...]
    if page == BATTERY:
        current, values, op = prefs.battery_low_percent, BATTERY_CHOICES, Op.ALERT_BATTERY
        label = "{} %"
    else:
        current, values, op = prefs.left_unlocked_minutes, delays, Op.ALERT_UNLOCKED
        label = "{} min" if lang is Lang.EN else "{} Min."
    buttons = [
        _button(("✅ " if value == current else "") + label.format(value), op, value)
        for value in values
    ]
    return InlineKeyboardMarkup([buttons, _back(lang)])


def shortest_delay(settings: Settings) -> int:
    """The shortest left-unlocked/open delay the poll can keep, in minutes: a parked car is
    read every POLL_INTERVAL_IDLE, so a shorter delay could not be kept and is refused."""
    return max(1, math.ceil(settings.poll_interval_idle / 60))


def delay_choices(settings: Settings) -> tuple[int, ...]:
    """The delays offered as buttons: those the poll can keep (at least the shortest)."""
    shortest = shortest_delay(settings)
    return tuple(v for v in UNLOCKED_CHOICES if v >= shortest) or (shortest,)


def _duration(lang: Lang, seconds: float) -> str:
    if seconds < 120:
        return t(lang, "alerts17.seconds", n=round(seconds))
    return t(lang, "alerts17.minutes", n=round(seconds / 60))


def lateness_line(lang: Lang, settings: Settings) -> str:
    """How late an alert can come at the configured poll intervals."""
    idle = settings.poll_interval_idle
    return t(
        lang,
        "alerts17.lateness",
        idle=_duration(lang, idle),
        asleep=_duration(lang, idle * SLEEPING_FACTOR),
        fast=_duration(lang, max(settings.poll_interval_driving, settings.poll_interval_charging)),
        command=_duration(lang, settings.poll_interval_after_command),
        shortest=shortest_delay(settings),
    )
