"""A charge chart drawn from fixed samples is a phone-sized PNG that decodes, shows the
battery line and the power area, and the numbers beside it are the session's."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from PIL import Image

from bot.poller.charging_sessions import find_sessions
from bot.poller.summaries import session_event
from bot.smart.models import CarModel
from bot.storage.repo_history import CHARGING, IGNITION, PLUGGED, Sample
from bot.tg.charts import HEIGHT_PX, WIDTH_PX, ChartLabels, render_drive, render_soc_power
from bot.tg.i18n import Lang
from bot.tg.summaries import charge_lines, drive_lines

T0 = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
ON = CHARGING | PLUGGED


def _samples() -> list[Sample]:
    """Parked at 30 %, then 90 minutes at 7.4 kW (11.1 kWh), stopped, unplugged."""
    rows = [Sample(at=T0 - timedelta(minutes=1), soc=30, flags=PLUGGED)]
    rows += [
        Sample(at=T0 + timedelta(minutes=m), soc=30 + round(m * 18 / 90), flags=ON, power_kw=7.4)
        for m in range(0, 91, 5)
    ]
    rows += [Sample(at=T0 + timedelta(minutes=91), soc=48, flags=PLUGGED)]
    rows += [Sample(at=T0 + timedelta(minutes=100), soc=48)]
    return rows


def _colour_near(image: Image.Image, rgb: tuple[int, int, int], tolerance: int) -> int:
    """How many pixels are within `tolerance` of `rgb` in every channel."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb)) <= tolerance).all(axis=2).sum())


def test_a_charge_chart_is_a_phone_sized_png_with_the_battery_line_and_power_area() -> None:
    labels = ChartLabels("Blue #1 · charging 02.11.2026", "Battery %", "Power kW")
    png = render_soc_power(_samples(), labels, ZoneInfo("Europe/Berlin"))
    assert png.startswith(b"\x89PNG")
    assert 10_000 < len(png) < 300_000
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size == (WIDTH_PX, HEIGHT_PX)
    assert _colour_near(image, (0x17, 0x63, 0xB8), 30) > 500  # the battery line
    assert _colour_near(image, (0xF6, 0xD5, 0xC6), 25) > 20_000  # the power area, light


def test_the_numbers_beside_the_chart_are_the_sessions_in_the_users_language() -> None:
    (session,) = find_sessions(_samples(), model=CarModel.SMART_1)
    data = session_event("VIN", session).data
    english = "\n".join(charge_lines(Lang.EN, data, "Munich"))
    assert "🔋 11.1 kWh added (measured) · 30 → 48 %" in english
    assert "⏱ 1 h 31 min · AC" in english
    assert "📈 peak 7.4 kW · average 7.4 kW" in english
    assert "📍 Munich" in english
    german = "\n".join(charge_lines(Lang.DE, data, None))
    assert "🔋 11,1 kWh geladen (gemessen) · 30 → 48 %" in german
    assert "📍" not in german


def test_a_drive_summary_reads_distance_time_energy_and_places() -> None:
    data = {
        "distance_km": 25.0,
        "minutes": 30,
        "average_kmh": 50.0,
        "start_soc": 80,
        "end_soc": 72,
        "energy_kwh": 4.96,
        "kwh_per_100km": 19.8,
    }
    text = "\n".join(drive_lines(Lang.EN, data, "Munich", "Freising"))
    assert "📏 25 km · ⏱ 30 min · ⌀ 50 km/h" in text
    assert "🔋 80 → 72 % · 5 kWh · 19.8 kWh/100 km" in text
    assert "📍 Munich → Freising" in text


def test_a_price_per_kwh_puts_the_cost_beside_the_energy() -> None:
    (session,) = find_sessions(_samples(), model=CarModel.SMART_1)
    data = session_event("VIN", session).data
    assert "💶 3.33 (11.1 kWh × 0.3)" in charge_lines(Lang.EN, data, None, 0.30)
    assert "💶 3,33 (11,1 kWh × 0,3)" in charge_lines(Lang.DE, data, None, 0.30)


def _drive_samples() -> list[Sample]:
    """Parked at 80 %, 30 minutes on the road at 30 to 90 km/h, parked at 72 %."""
    rows = [Sample(at=T0, soc=80, speed_kmh=0.0)]
    rows += [
        Sample(
            at=T0 + timedelta(minutes=m),
            soc=80 - round(m * 8 / 30),
            flags=IGNITION,
            speed_kmh=30.0 + 60.0 * (m % 10) / 10,
        )
        for m in range(1, 30)
    ]
    rows += [Sample(at=T0 + timedelta(minutes=30), soc=72, speed_kmh=0.0)]
    return rows


def test_a_drive_chart_is_a_phone_sized_png_with_the_speed_area_and_battery_line() -> None:
    labels = ChartLabels("Blue #1 · drive 02.11.2026", "Speed km/h", "Battery %")
    png = render_drive(_drive_samples(), labels, ZoneInfo("Europe/Berlin"))
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size == (WIDTH_PX, HEIGHT_PX)
    assert _colour_near(image, (0x17, 0x63, 0xB8), 30) > 500  # the battery line
    assert _colour_near(image, (0xF6, 0xD5, 0xC6), 25) > 20_000  # the speed area, light
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20  # not blank


def test_a_drive_chart_without_readings_still_draws_its_frame() -> None:
    labels = ChartLabels("Blue #1 · drive 02.11.2026", "Speed km/h", "Battery %")
    png = render_drive([Sample(at=T0)], labels, ZoneInfo("Europe/Berlin"))
    assert Image.open(io.BytesIO(png)).size == (WIDTH_PX, HEIGHT_PX)
