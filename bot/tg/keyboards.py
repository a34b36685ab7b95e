"""Inline keyboards and their callback data: `v1:<op>:<opaque id>`, at most 64 bytes.

Callback data is never trusted: a bad client can send anything. The opaque id is a vehicle's
row id, a pending action's random id, or a fixed choice; the handler re-checks on the server
that the pressing user may reach that car or owns that pending action.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.smart.models import VehicleStatus
from bot.tg.i18n import Lang, t

VERSION = "v1"
MAX_CALLBACK_BYTES = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
_DATA_RE = re.compile(r"^v1:([a-z][a-z0-9]):([A-Za-z0-9_-]{1,43})$")


class Op(StrEnum):
    """What a button does."""

    CONFIRM = "cf"
    CANCEL = "cx"
    REFRESH = "rf"
    STATUS = "st"
    LOCK = "lk"
    UNLOCK = "ul"
    CLIMATE_ON = "c1"
    CLIMATE_OFF = "c0"
    CHARGE_START = "g1"
    CHARGE_STOP = "g0"
    LOCATION = "lo"
    DEFAULT = "df"
    REGION = "rg"
    LANGUAGE = "la"
    MUTE = "mu"
    ALERT_TOGGLE = "at"
    ALERT_MENU = "am"  # arg: which page of /alerts (main, kinds, sounds, battery, unlocked)
    ALERT_SOUND = "an"  # arg: the kind whose sound is switched
    ALERT_BATTERY = "ab"  # arg: the low-battery threshold in percent
    ALERT_UNLOCKED = "au"  # arg: the left-unlocked/open delay in minutes
    FOLLOW = "fo"  # arg: vehicle id; live location of a car (the places feature handles it)
    SCHEDULE_MENU = "sm"
    SCHEDULE_NEW = "sa"
    SCHEDULE_DRAFT = "sd"
    SCHEDULE_SAVE = "sv"
    SCHEDULE_PAUSE = "sp"
    SCHEDULE_RUN = "sr"
    SCHEDULE_DELETE = "sx"
    SCHEDULE_CAR_TIMER = "sc"
    TIMEZONE = "tz"
    WARM = "pw"
    MORE = "mo"
    PRESET = "ps"
    DESTINATION = "ds"
    CHARGES_PAGE = "hc"
    TRIPS_PAGE = "ht"
    CHARGE_OPEN = "ho"
    TRIP_OPEN = "hr"
    SETTINGS = "se"
    UNITS = "un"
    PLACES = "pl"
    PLACE_ADD = "pa"
    PLACE_HERE = "ph"
    PLACE_OPEN = "po"
    PLACE_EDIT = "pe"
    PLACE_SAVE = "pv"
    PLACE_SNOOZE = "pz"


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press."""

    op: Op
    arg: str

    @property
    def int_arg(self) -> int | None:
        """The argument as a row id, or None when it is not a number."""
        return int(self.arg) if self.arg.isdigit() and len(self.arg) < 19 else None


def encode(op: Op, arg: str | int) -> str:
    """Callback data for a button; raises ValueError if it would break Telegram's limits."""
    data = f"{VERSION}:{op.value}:{arg}"
    if len(data.encode()) > MAX_CALLBACK_BYTES or not _DATA_RE.match(data):
        msg = f"callback data for {op.name} is malformed or too long"
        raise ValueError(msg)
    return data


def decode(data: str | None) -> Callback | None:
    """The button press, or None for anything we did not produce (old versions, forgeries)."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    match = _DATA_RE.match(data)
    if match is None:
        return None
    try:
        op = Op(match.group(1))
    except ValueError:
        return None
    return Callback(op, match.group(2))


def button(text: str, op: Op, arg: str | int) -> InlineKeyboardButton:
    """One callback button."""
    return InlineKeyboardButton(text, callback_data=encode(op, arg))


def _button(text: str, op: Op, arg: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(op, arg))


def status_keyboard(
    lang: Lang,
    vehicle_id: int,
    status: VehicleStatus | None,
    *,
    warm: bool = True,
    more: bool = False,
    location: bool = True,
) -> InlineKeyboardMarkup:
    """Lock, Unlock, Climate, Charge, Warm car (the user's preset, when the car has
    climate), More (or Less, when the card shows it), Location and Refresh; without
    Location for a user the car is shared with without its location (it would be refused)."""
    climate = (
        _button(t(lang, "btn.climate_off"), Op.CLIMATE_OFF, vehicle_id)
        if status is not None and status.climate_on
        else _button(t(lang, "btn.climate_on"), Op.CLIMATE_ON, vehicle_id)
    )
    charge = (
        _button(t(lang, "btn.charge_stop"), Op.CHARGE_STOP, vehicle_id)
        if status is not None and status.is_charging
        else _button(t(lang, "btn.charge_start"), Op.CHARGE_START, vehicle_id)
    )
    return InlineKeyboardMarkup(
        [
            [
                _button(t(lang, "btn.lock"), Op.LOCK, vehicle_id),
                _button(t(lang, "btn.unlock"), Op.UNLOCK, vehicle_id),
            ],
            [climate, charge],
            [
                *([_button(t(lang, "btn.warm"), Op.WARM, vehicle_id)] if warm else []),
                _button(t(lang, "btn.less"), Op.REFRESH, vehicle_id)
                if more
                else _button(t(lang, "btn.more"), Op.MORE, vehicle_id),
            ],
            [
                *([_button(t(lang, "btn.location"), Op.LOCATION, vehicle_id)] if location else []),
                _button(t(lang, "btn.refresh"), Op.REFRESH, vehicle_id),
            ],
        ]
    )


def confirm_keyboard(
    lang: Lang, action_id: str, *, experimental: bool = False
) -> InlineKeyboardMarkup:
    """Yes / Cancel for a pending action ("Yes (experimental)" when nobody has seen the
    command work on this model)."""
    yes = t(lang, "btn.confirm_experimental" if experimental else "btn.confirm")
    return InlineKeyboardMarkup(
        [
            [
                _button(yes, Op.CONFIRM, action_id),
                _button(t(lang, "btn.cancel"), Op.CANCEL, action_id),
            ]
        ]
    )


def try_anyway_keyboard(lang: Lang, action_id: str) -> InlineKeyboardMarkup:
    """Try anyway / Cancel under a refusal that rests on an old status (a pending action,
    confirmed like a confirmation)."""
    return InlineKeyboardMarkup(
        [
            [
                _button(t(lang, "btn.try_anyway"), Op.CONFIRM, action_id),
                _button(t(lang, "btn.cancel"), Op.CANCEL, action_id),
            ]
        ]
    )


def choice_keyboard(
    choices: Iterable[tuple[str, Op, str | int]], *, columns: int = 1
) -> InlineKeyboardMarkup:
    """A keyboard of (label, op, argument) buttons, `columns` per row."""
    buttons = [_button(label, op, arg) for label, op, arg in choices]
    rows: list[Sequence[InlineKeyboardButton]] = [
        buttons[i : i + columns] for i in range(0, len(buttons), columns)
    ]
    return InlineKeyboardMarkup(rows)


def alert_keyboard(lang: Lang, vehicle_id: int, *, offer_lock: bool) -> InlineKeyboardMarkup:
    """Buttons under an alert: Lock (when it says the car is unlocked), Status, Mute 1 h."""
    row = []
    if offer_lock:
        row.append(_button(t(lang, "btn.lock"), Op.LOCK, vehicle_id))
    row.append(_button(t(lang, "btn.status"), Op.STATUS, vehicle_id))
    row.append(_button(t(lang, "btn.mute_hour"), Op.MUTE, vehicle_id))
    return InlineKeyboardMarkup([row])


def theft_keyboard(
    lang: Lang, vehicle_id: int, *, with_location: bool = True
) -> InlineKeyboardMarkup:
    """Buttons under a theft alert: Where is it now, Follow (live location), Lock, Mute 1 h;
    without Where and Follow for a user the car is shared with without its location (both
    would only be refused)."""
    rows = [
        [
            _button(t(lang, "btn.lock"), Op.LOCK, vehicle_id),
            _button(t(lang, "btn.mute_hour"), Op.MUTE, vehicle_id),
        ]
    ]
    if with_location:
        where = [
            _button(t(lang, "btn.where_now"), Op.LOCATION, vehicle_id),
            _button(t(lang, "btn.follow"), Op.FOLLOW, vehicle_id),
        ]
        rows.insert(0, where)
    return InlineKeyboardMarkup(rows)


PRESET_CHANGES = {"tu": "temp+", "td": "temp-", "dr": "driver", "pa": "passenger", "wh": "wheel"}


def preset_keyboard(lang: Lang, levels: dict[str, int]) -> InlineKeyboardMarkup:
    """The climate preset's buttons: temperature down/up, then one button per seat that
    steps its level 0 → 3 → 0 (`levels`: driver, passenger, wheel)."""
    return InlineKeyboardMarkup(
        [
            [
                _button(t(lang, "btn.preset_down"), Op.PRESET, "td"),
                _button(t(lang, "btn.preset_up"), Op.PRESET, "tu"),
            ],
            [
                _button(
                    t(lang, "btn.preset_seat", seat=t(lang, f"seat.{seat}"), level=levels[seat]),
                    Op.PRESET,
                    code,
                )
                for code, seat in (("dr", "driver"), ("pa", "passenger"), ("wh", "wheel"))
            ],
        ]
    )


def destination_keyboard(lang: Lang, choices: Iterable[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One "Send to <car>'s navigation" button per (car name, pending id)."""
    return InlineKeyboardMarkup(
        [
            [_button(t(lang, "btn.destination", name=name), Op.DESTINATION, pending)]
            for name, pending in choices
        ]
    )
