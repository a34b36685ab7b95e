"""/stats sums this week and this month from the history and sends a chart of the days."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from PIL import Image

from bot.poller.stats import split_stats
from bot.smart.models import CarModel
from bot.storage import repo_history
from bot.storage.repo_history import IGNITION, Sample
from bot.tg.handlers.stats import local_midnights
from tests.tg.conftest import Bot
from tests.tg.test_journal import _car_id, _evening_charge

T0 = datetime(2026, 11, 30, tzinfo=UTC)  # a Monday


def test_a_period_counts_the_drives_and_sessions_that_began_in_it() -> None:
    rows = _evening_charge(T0 + timedelta(hours=18), 20)
    rows += [
        Sample(at=T0 + timedelta(hours=21), soc=38, odometer_km=1000.0),
        Sample(at=T0 + timedelta(hours=21, minutes=5), soc=37, flags=IGNITION, odometer_km=1002),
        Sample(at=T0 + timedelta(hours=21, minutes=30), soc=30, odometer_km=1031.0),
    ]
    rows += _evening_charge(T0 + timedelta(days=1, hours=18), 30)
    bounds = local_midnights(T0, T0 + timedelta(days=1, hours=23), UTC)
    assert bounds == [T0, T0 + timedelta(days=1), T0 + timedelta(days=2)]
    monday, tuesday = split_stats(rows, model=CarModel.SMART_1, bounds=bounds)
    assert (monday.km, monday.drives, monday.sessions) == (31.0, 1, 1)
    assert monday.charged_kwh == 11.0
    assert monday.kwh_per_100km == round(0.08 * 62 / 31 * 100, 1)
    assert (tuesday.km, tuesday.sessions, tuesday.charged_kwh) == (0.0, 1, 11.0)
    assert tuesday.kwh_per_100km is None


async def test_stats_shows_the_week_and_the_month_with_a_chart(logged_in: Bot) -> None:
    car = await _car_id(logged_in)
    now = logged_in.now()
    start = now - timedelta(hours=3)
    rows = [*_evening_charge(start, 50)]
    rows += [
        Sample(at=start + timedelta(hours=2), soc=68, odometer_km=2000.0),
        Sample(at=start + timedelta(hours=2, minutes=5), soc=67, flags=IGNITION),
        Sample(at=start + timedelta(hours=2, minutes=40), soc=60, odometer_km=2040.0),
    ]
    await repo_history.add_samples(logged_in.db, [(car, s) for s in rows])
    (photo,) = await logged_in.send("/stats")
    assert photo.method == "sendPhoto"
    caption = str(photo.params["caption"])
    assert "This week" in caption
    assert "This month" in caption
    # Both periods hold the charge and the drive, unless a week or month began since.
    assert "⚡ 11 kWh charged in 1 session ·" in caption
    assert "🛣 40 km in 1 drive ·" in caption
    (_, payload, _) = next(iter(photo.params["_files"].values()))
    assert Image.open(io.BytesIO(payload)).size == (1200, 675)
