"""Chart images for the summaries and `/stats`: PNG bytes drawn with matplotlib's Agg backend.

Only the object API is used (a `Figure` of its own per chart, never `pyplot`), so a chart
can be drawn in a worker thread: callers run `render_*` through `asyncio.to_thread`, off
the event loop. The image has an opaque background of its own, so it reads the same in
Telegram's light and dark themes; lines and bars use colours that keep their contrast on
it. Labels come in the user's language and times in their time zone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Final

import matplotlib as mpl

mpl.use("Agg")

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure

from bot.storage.repo_history import Sample

WIDTH_PX: Final = 1200
HEIGHT_PX: Final = 675
_DPI: Final = 150
BACKGROUND: Final = "#f7f7f5"
TEXT: Final = "#1d1d1f"
GRID: Final = "#d0d0cc"
SOC_COLOUR: Final = "#1763b8"
POWER_COLOUR: Final = "#d9480f"


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words on a chart, in the user's language."""

    title: str
    left: str  # e.g. "Battery %"
    right: str = ""  # e.g. "Power kW"


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_PX / _DPI, HEIGHT_PX / _DPI), dpi=_DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)  # attaches itself: the figure draws without pyplot
    return figure


def _style(axes: Axes) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.tick_params(colors=TEXT, labelsize=8)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.grid(visible=True, color=GRID, linewidth=0.6)


def _days(times: Sequence[datetime]) -> Any:
    """Matplotlib's day numbers (UTC) for aware times; the axis formatter shows them local."""
    return date2num(list(times))  # type: ignore[no-untyped-call]


def _png(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def render_soc_power(samples: Sequence[Sample], labels: ChartLabels, zone: tzinfo) -> bytes:
    """State of charge (left axis) and charging power (right axis) over time."""
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    times = _days([s.at for s in samples if s.soc is not None])
    socs = [s.soc for s in samples if s.soc is not None]
    axes.plot(times, socs, color=SOC_COLOUR, linewidth=2.2)
    axes.set_ylim(0, 100)
    axes.set_ylabel(labels.left, color=SOC_COLOUR, fontsize=9)
    clock = DateFormatter("%H:%M", tz=zone)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(AutoDateLocator(tz=zone))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(clock)
    axes.set_title(labels.title, color=TEXT, fontsize=11, loc="left")
    peak = max((s.power_kw or 0.0 for s in samples if s.charging), default=0.0)
    if peak > 0:
        right = axes.twinx()
        _style(right)
        right.grid(visible=False)
        power_times = _days([s.at for s in samples])
        powers = [s.power_kw if s.charging and s.power_kw else 0.0 for s in samples]
        right.fill_between(power_times, powers, step="post", color=POWER_COLOUR, alpha=0.2)
        right.step(power_times, powers, where="post", color=POWER_COLOUR, linewidth=1.6)
        right.set_ylim(0, peak * 1.15)
        right.set_ylabel(labels.right, color=POWER_COLOUR, fontsize=9)
        # The battery line in front of the power area.
        axes.set_zorder(right.get_zorder() + 1)
        axes.patch.set_visible(False)
    return _png(figure)


def render_drive(
    samples: Sequence[Sample], labels: ChartLabels, zone: tzinfo, *, per_kmh: float = 1.0
) -> bytes:
    """Speed (left axis, a filled line; km/h times `per_kmh`: the user's unit) and state of
    charge (right axis) over a drive."""
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    moving = [s for s in samples if s.speed_kmh is not None]
    times = _days([s.at for s in moving])
    speeds = [(s.speed_kmh or 0.0) * per_kmh for s in moving]
    axes.fill_between(times, speeds, color=POWER_COLOUR, alpha=0.2)
    axes.plot(times, speeds, color=POWER_COLOUR, linewidth=1.6)
    axes.set_ylim(0, max([*speeds, 10.0]) * 1.15)
    axes.set_ylabel(labels.left, color=POWER_COLOUR, fontsize=9)
    clock = DateFormatter("%H:%M", tz=zone)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(AutoDateLocator(tz=zone))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(clock)
    axes.set_title(labels.title, color=TEXT, fontsize=11, loc="left")
    charged = [(s.at, s.soc) for s in samples if s.soc is not None]
    if charged:
        right = axes.twinx()
        _style(right)
        right.grid(visible=False)
        socs = [soc for _, soc in charged]
        right.plot(_days([at for at, _ in charged]), socs, color=SOC_COLOUR, linewidth=2.2)
        right.set_ylim(0, 100)
        right.set_ylabel(labels.right, color=SOC_COLOUR, fontsize=9)
    return _png(figure)


def render_days(
    days: Sequence[datetime],
    km: Sequence[float],
    kwh: Sequence[float],
    labels: ChartLabels,
    zone: tzinfo,
) -> bytes:
    """Two bar rows over the same days: distance driven (top, in the user's unit) and kWh
    charged (bottom)."""
    figure = _figure()
    top, bottom = figure.subplots(2, 1, sharex=True)
    when = _days(days)
    for axes, values, colour, label in (
        (top, km, SOC_COLOUR, labels.left),
        (bottom, kwh, POWER_COLOUR, labels.right),
    ):
        _style(axes)
        axes.bar(when, list(values), width=0.8, color=colour)
        axes.set_ylabel(label, color=colour, fontsize=9)
    top.set_title(labels.title, color=TEXT, fontsize=11, loc="left")
    calendar = DateFormatter("%d.%m", tz=zone)  # type: ignore[no-untyped-call]
    bottom.xaxis.set_major_formatter(calendar)
    return _png(figure)
