"""The Telegram side of push alerts: `TelegramNotifier.deliver(alert)` renders an alert in the
user's language, with buttons (Lock when the car is unlocked, Status, Mute 1 h), and turns
Telegram's failures into the poller's `Delivery*` outcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta, tzinfo

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.poller.alerts import (
    Alert,
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRejected,
    DeliveryRetryAfter,
)
from bot.poller.events import THEFT_KINDS, Event, EventKind
from bot.storage import repo_users, repo_vehicles
from bot.storage.db import Database
from bot.storage.records import CarRecord
from bot.tg.alert_lines import (
    by_bot_marker,
    open_parts_text,
    optional_distance,
    optional_temperature,
    theft_distance,
)
from bot.tg.i18n import CATALOGUES, Html, Lang, t
from bot.tg.keyboards import alert_keyboard, theft_keyboard
from bot.tg.place_alerts import is_place_alert, place_alert_keyboard, place_alert_text
from bot.tg.render import charging_details
from bot.tg.summaries import SummaryRenderer, is_summary, user_zone
from bot.tg.units import Units, units_of
from bot.tg.user_language import language_of

_LOGGER = logging.getLogger(__name__)
_OFFER_LOCK = frozenset({EventKind.UNLOCKED, EventKind.LEFT_UNLOCKED})
_UNKNOWN = "?"


def _names(lang: Lang, values: object, prefix: str) -> str:
    if not isinstance(values, list | tuple | frozenset | set):
        return ""
    known = CATALOGUES[Lang.EN]
    return ", ".join(
        t(lang, prefix + value) if prefix + value in known else value
        for value in sorted(str(v) for v in values)
    )


def _value(data: Mapping[str, object], *names: str) -> object:
    details = data.get("details")
    for name in names:
        if name in data and data[name] is not None:
            return data[name]
        if isinstance(details, Mapping) and details.get(name) is not None:
            return details[name]
    return _UNKNOWN


def event_line(lang: Lang, event: Event, units: Units = Units.METRIC) -> str:
    """One line of an alert, its values in `units`."""
    data = event.data
    doors = _names(lang, data.get("doors"), "part.")
    windows = _names(lang, data.get("windows"), "part.window.")
    wheels = _names(lang, _value(data, "wheels"), "tyre.")
    if event.kind is EventKind.LEFT_OPEN:
        doors = open_parts_text(lang, data, doors, windows)
    by_bot = by_bot_marker(lang, data)
    volts = _value(data, "volts")
    key = f"alert.{event.kind.value}"
    if event.kind is EventKind.MOVED_WHILE_PARKED:
        key = "alert.theft"
    line = t(
        lang,
        key,
        by_bot=Html(by_bot),
        minutes=_value(data, "minutes"),
        parts=Html(doors or windows or wheels),
        battery=_value(data, "battery"),
        range=optional_distance(lang, units, _value(data, "range_km")),
        volts=volts,
        inside=optional_temperature(lang, units, _value(data, "interior_c")),
        distance=theft_distance(lang, units, _value(data, "distance_m")),
        target=_value(data, "target"),
        days=_value(data, "days"),
        charging=Html(_charging(lang, data) if event.kind is EventKind.CHARGING_STARTED else ""),
    )
    if by_bot and "{by_bot}" not in CATALOGUES[lang].get(key, CATALOGUES[Lang.EN][key]):
        line += by_bot  # a kind whose text has no place for it says it at the end
    return line


def _charging(lang: Lang, data: Mapping[str, object]) -> str:
    """The mode, power and time to full of a charging session (what the event carries)."""
    dc, kw = data.get("dc"), data.get("power_kw")
    estimated, minutes = data.get("power_estimated"), data.get("minutes_to_full")
    return charging_details(
        lang,
        dc=dc if isinstance(dc, bool) else None,
        kw=float(kw) if isinstance(kw, int | float) and not isinstance(kw, bool) else None,
        estimated=estimated if isinstance(estimated, bool) else None,
        minutes=minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
    )


def alert_text(lang: Lang, alert: Alert, units: Units = Units.METRIC) -> str:
    """The whole alert: the car, then one line per event (values in `units`)."""
    lines = [t(lang, "alert.header", car=alert.car_name)] if alert.vin else []
    lines.extend(event_line(lang, event, units) for event in alert.events)
    return "\n".join(lines)


class TelegramNotifier:
    """Implements the poller's `Notifier` protocol with the bot."""

    def __init__(self, bot: Bot, db: Database, *, zone: tzinfo | None = None) -> None:
        self._bot = bot
        self._db = db
        self._zone = zone
        self._summaries = SummaryRenderer(db)

    async def deliver(self, alert: Alert) -> None:
        """Send one alert, or raise the matching `Delivery*` error."""
        user = await repo_users.get_user(self._db, user_id=alert.user_id)
        lang = language_of(user)
        if is_place_alert(alert):
            zone = user_zone(user.timezone if user else None, self._zone)
            markup = place_alert_keyboard(lang, alert, await self._car_id(alert))
            text = place_alert_text(lang, alert, zone)
        else:
            markup = await self._keyboard(lang, alert)
            text = alert_text(lang, alert, units_of(user))
        try:
            if is_summary(alert):
                zone = user_zone(user.timezone if user else None, self._zone)
                price = user.price_per_kwh if user else None
                await self._send_summary(lang, alert, markup, zone, price, units=units_of(user))
                return
            await self._bot.send_message(
                alert.chat_id,
                text,
                reply_markup=markup,
                disable_notification=alert.silent,
            )
        except RetryAfter as err:
            wait = err.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise DeliveryRetryAfter(seconds) from None
        except Forbidden:
            raise DeliveryBlocked from None
        except BadRequest as err:
            raise DeliveryRejected(err.message) from None
        except TelegramError as err:
            raise DeliveryFailed(type(err).__name__) from None
        await self._pin(alert)

    async def _pin(self, alert: Alert) -> None:
        """The position of a theft alert as a location pin, right under its text. The text
        is already delivered: a failed pin is logged, never retried (that would repeat it)."""
        if not THEFT_KINDS.intersection(alert.kinds):
            return
        event = next(e for e in alert.events if e.kind in THEFT_KINDS)
        lat, lon = event.data.get("latitude"), event.data.get("longitude")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            return
        try:
            await self._bot.send_location(
                alert.chat_id, latitude=float(lat), longitude=float(lon), disable_notification=True
            )
        except TelegramError as err:
            _LOGGER.warning("theft alert's pin not sent (%s)", type(err).__name__)

    async def _send_summary(
        self,
        lang: Lang,
        alert: Alert,
        markup: InlineKeyboardMarkup | None,
        zone: tzinfo,
        price: float | None,
        *,
        units: Units,
    ) -> Message:
        car_id = await self._car_id(alert)
        summary = await self._summaries.render(
            lang, alert, vehicle_id=car_id, zone=zone, price=price, units=units
        )
        if summary.chart is None:
            return await self._bot.send_message(alert.chat_id, summary.text, reply_markup=markup)
        return await self._bot.send_photo(
            alert.chat_id, summary.chart, caption=summary.text, reply_markup=markup
        )

    async def _car_id(self, alert: Alert) -> int | None:
        car = await self._car(alert)
        return None if car is None else car.id

    async def _car(self, alert: Alert) -> CarRecord | None:
        """The alert's car as its user has it (owned, or shared with or without location)."""
        if not alert.vin:
            return None
        cars = await repo_vehicles.list_user_vehicles(self._db, user_id=alert.user_id)
        return next((car for car in cars if car.vin == alert.vin), None)

    async def _keyboard(self, lang: Lang, alert: Alert) -> InlineKeyboardMarkup | None:
        car = await self._car(alert)
        if car is None:
            return None
        if THEFT_KINDS.intersection(alert.kinds):
            return theft_keyboard(lang, car.id, with_location=car.with_location)
        return alert_keyboard(lang, car.id, offer_lock=bool(_OFFER_LOCK & set(alert.kinds)))
