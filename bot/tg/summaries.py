"""The messages after a charging session or a drive, and the weekly digest: text in the
user's language and, for a charge, a chart of the battery and the power over the session.

Place names and the chart are worked out in a thread (`asyncio.to_thread`): the geocoder's
first load and matplotlib's drawing never block the event loop. A chart that cannot be
drawn leaves the text alone: the summary still goes out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.poller.alerts import Alert
from bot.poller.events import Event, EventKind
from bot.storage import repo_history
from bot.storage.db import Database
from bot.tg.charts import ChartLabels, render_drive, render_soc_power
from bot.tg.formatting import day, decimal, full_date
from bot.tg.i18n import Html, Lang, t, tn
from bot.tg.places import PlaceNamer, Places
from bot.tg.units import Units, distance, energy_per_distance, per_km, speed, speed_unit
from bot.tg.where import for_user

_LOGGER = logging.getLogger(__name__)

SUMMARY_KINDS = frozenset(
    {EventKind.CHARGE_SUMMARY, EventKind.DRIVE_SUMMARY, EventKind.WEEKLY_DIGEST}
)
# Samples just around a session, so the chart shows the plug-in and the stop.
_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Summary:
    """A rendered summary: the text, and the chart (PNG) when there is one."""

    text: str
    chart: bytes | None = None


def user_zone(name: str | None, default: tzinfo | None) -> tzinfo:
    """The user's time zone (`users.timezone`), else the bot's, else UTC."""
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return default or UTC


def is_summary(alert: Alert) -> bool:
    """True for an alert made of summaries (they are queued apart from other alerts)."""
    return bool(alert.events) and all(kind in SUMMARY_KINDS for kind in alert.kinds)


def duration_text(lang: Lang, minutes: int) -> str:
    """A duration such as "1 h 05 min" or "45 min"."""
    if minutes < 60:
        return t(lang, "summary.minutes", minutes=minutes)
    return t(lang, "summary.hours", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def _num(data: Mapping[str, object], name: str) -> float | None:
    value = data.get(name)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _position(value: object) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2:  # (lat, lon)
        return None
    try:
        return float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None


def place_name(places: Places, value: object) -> str | None:
    """The name of an event's position, None when unknown (blocking: call in a thread)."""
    position = _position(value)
    return places.name(*position) if position else None


def cost_line(lang: Lang, kwh: float | None, price: float | None) -> str | None:
    """The cost line ("💶 3.52 (11 kWh × 0.32)") when the energy and a price are known."""
    if kwh is None or price is None:
        return None
    return t(
        lang,
        "summary.cost",
        cost=decimal(lang, kwh * price, places=2),
        kwh=decimal(lang, kwh),
        price=decimal(lang, price, places=3),
    )


def charge_lines(
    lang: Lang, data: Mapping[str, object], place: str | None, price: float | None = None
) -> list[str]:
    """The lines of a charging summary, from the event's data (with the cost at `price`)."""
    start, end, energy = _num(data, "start_soc"), _num(data, "end_soc"), _num(data, "energy_kwh")
    lines = [t(lang, "alert.charge_summary")]
    if energy is not None and start is not None and end is not None:
        method = t(
            lang, "summary.method.soc" if data.get("method") == "soc" else "summary.method.measured"
        )
        lines.append(
            t(
                lang,
                "summary.charge.energy",
                energy=decimal(lang, energy),
                method=method,
                start=int(start),
                end=int(end),
            )
        )
    elif start is not None and end is not None:
        lines.append(t(lang, "summary.charge.soc", start=int(start), end=int(end)))
    current = t(lang, "summary.dc" if data.get("dc") else "summary.ac")
    minutes = int(_num(data, "minutes") or 0)
    lines.append(
        t(lang, "summary.charge.time", duration=duration_text(lang, minutes), current=current)
    )
    peak, average = _num(data, "peak_kw"), _num(data, "average_kw")
    if peak is not None and average is not None:
        lines.append(
            t(
                lang,
                "summary.charge.power",
                peak=decimal(lang, peak),
                average=decimal(lang, average),
            )
        )
    cost = cost_line(lang, energy, price)
    if cost:
        lines.append(cost)
    if place:
        lines.append(t(lang, "summary.place", place=place))
    return lines


def drive_lines(
    lang: Lang,
    data: Mapping[str, object],
    start_place: str | None,
    end_place: str | None,
    units: Units = Units.METRIC,
) -> list[str]:
    """The lines of a drive summary, from the event's data, in `units`."""
    lines = [t(lang, "alert.drive_summary")]
    km, kmh = _num(data, "distance_km"), _num(data, "average_kmh")
    minutes = int(_num(data, "minutes") or 0)
    lines.append(
        t(
            lang,
            "summary.drive.line",
            distance=distance(lang, units, km) if km is not None else "?",
            duration=duration_text(lang, minutes),
            speed=speed(lang, units, kmh) if kmh is not None else "?",
        )
    )
    start, end = _num(data, "start_soc"), _num(data, "end_soc")
    energy, per100 = _num(data, "energy_kwh"), _num(data, "kwh_per_100km")
    if start is not None and end is not None and energy is not None:
        lines.append(
            t(
                lang,
                "summary.drive.energy",
                start=int(start),
                end=int(end),
                energy=decimal(lang, energy),
                per100=energy_per_distance(lang, units, per100) if per100 is not None else "?",
            )
        )
    if start_place or end_place:
        lines.append(
            t(lang, "summary.drive.places", start=start_place or "?", end=end_place or "?")
        )
    return lines


def digest_lines(
    lang: Lang,
    data: Mapping[str, object],
    zone: tzinfo,
    price: float | None = None,
    units: Units = Units.METRIC,
) -> list[str]:
    """The lines of a weekly digest, from the event's data (with the cost at `price`), in
    `units`."""
    try:
        since = datetime.fromisoformat(str(data.get("since"))).astimezone(zone)
    except ValueError:
        since = None
    per100 = _num(data, "kwh_per_100km")
    lines = [t(lang, "alert.weekly_digest")]
    if since is not None:
        until = since + timedelta(days=6)
        lines.append(t(lang, "summary.week", since=day(lang, since), until=day(lang, until)))
    lines.append(
        tn(
            lang,
            "stats.driven",
            "stats.driven_plural",
            int(_num(data, "drives") or 0),
            km=distance(lang, units, _num(data, "km") or 0.0),
            per100="–" if per100 is None else energy_per_distance(lang, units, per100),
        )
    )
    lines.append(
        tn(
            lang,
            "stats.charged",
            "stats.charged_plural",
            int(_num(data, "sessions") or 0),
            kwh=decimal(lang, _num(data, "charged_kwh") or 0.0),
            duration=duration_text(lang, int(_num(data, "charging_minutes") or 0)),
        )
    )
    cost = cost_line(lang, _num(data, "charged_kwh") or None, price)
    if cost:
        lines.append(cost)
    return lines


class SummaryRenderer:
    """Turns a summary alert into its text and chart for one user."""

    def __init__(self, db: Database, *, places: Places | None = None) -> None:
        self._db = db
        self._places: Places = places or PlaceNamer()

    async def render(
        self,
        lang: Lang,
        alert: Alert,
        *,
        vehicle_id: int | None,
        zone: tzinfo,
        price: float | None = None,
        drive_chart: bool = False,
        units: Units = Units.METRIC,
    ) -> Summary:
        """The message for `alert` (all of its events are summaries), values in `units`; a
        drive's chart only with `drive_chart` (a drive opened in /trips, not the message
        after each drive)."""
        lines = [t(lang, "alert.header", car=alert.car_name)] if alert.car_name else []
        chart = None
        namer = await for_user(self._db, self._places, alert.user_id, vehicle_id)
        for event in alert.events:
            if event.kind is EventKind.WEEKLY_DIGEST:
                lines.extend(digest_lines(lang, event.data, zone, price, units))
                continue
            lines.extend(await self._lines(lang, event, price, namer, units))
            charted = event.kind is EventKind.CHARGE_SUMMARY or drive_chart
            if charted and vehicle_id is not None and chart is None:
                chart = await self._chart(lang, event, alert.car_name, vehicle_id, zone, units)
        return Summary("\n".join(lines), chart)

    async def _lines(
        self, lang: Lang, event: Event, price: float | None, namer: Places, units: Units
    ) -> list[str]:
        data = event.data
        if event.kind is EventKind.CHARGE_SUMMARY:
            place = await asyncio.to_thread(place_name, namer, data.get("place"))
            return charge_lines(lang, data, place, price)
        start, end = await asyncio.to_thread(
            lambda: (
                place_name(namer, data.get("from")),
                place_name(namer, data.get("to")),
            )
        )
        return drive_lines(lang, data, start, end, units)

    async def _chart(  # noqa: PLR0917 - the pieces of one chart
        self, lang: Lang, event: Event, car: str, vehicle_id: int, zone: tzinfo, units: Units
    ) -> bytes | None:
        try:
            start = datetime.fromisoformat(str(event.data["start"]))
            end = datetime.fromisoformat(str(event.data["end"]))
            samples = await repo_history.samples_between(
                self._db, vehicle_id=vehicle_id, start=start - _MARGIN, end=end + _MARGIN
            )
            day = full_date(lang, start.astimezone(zone))
            name = Html(car.replace("$", r"\$"))
            if event.kind is EventKind.DRIVE_SUMMARY:
                inside = [s for s in samples if start <= s.at <= end]
                labels = ChartLabels(
                    title=t(lang, "chart.drive.title", car=name, day=day),
                    left=t(lang, "chart.speed", unit=speed_unit(units)),
                    right=t(lang, "chart.battery"),
                )
                return await asyncio.to_thread(
                    render_drive, inside or samples, labels, zone, per_kmh=per_km(units)
                )
            labels = ChartLabels(
                title=t(lang, "chart.charge.title", car=name, day=day),
                left=t(lang, "chart.battery"),
                right=t(lang, "chart.power"),
            )
            return await asyncio.to_thread(render_soc_power, samples, labels, zone)
        except Exception:  # the text goes out without a chart
            _LOGGER.exception("summary chart could not be drawn")
            return None
