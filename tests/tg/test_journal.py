"""/charges and /trips list the car's last sessions and drives from the history, newest
first, five to a page, with buttons that page back and forth."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from PIL import Image

from bot.storage import repo_history, repo_vehicles
from bot.storage.repo_history import CHARGING, IGNITION, PLUGGED, Sample
from bot.tg.charts import HEIGHT_PX, WIDTH_PX
from tests.tg.conftest import ADMIN, VIN_1, Bot


async def _car_id(bot: Bot) -> int:
    cars = await repo_vehicles.list_user_vehicles(bot.db, user_id=ADMIN)
    return next(car.id for car in cars if car.vin == VIN_1)


def _evening_charge(day: datetime, start_soc: int) -> list[Sample]:
    on = CHARGING | PLUGGED
    return [
        Sample(at=day, soc=start_soc),
        Sample(at=day + timedelta(minutes=5), soc=start_soc, flags=on, power_kw=11.0),
        Sample(at=day + timedelta(minutes=65), soc=start_soc + 18, flags=on, power_kw=11.0),
        Sample(at=day + timedelta(minutes=66), soc=start_soc + 18, flags=PLUGGED),
        Sample(at=day + timedelta(minutes=90), soc=start_soc + 18),
    ]


async def test_charges_pages_through_the_sessions_newest_first(logged_in: Bot) -> None:
    car = await _car_id(logged_in)
    first = logged_in.now().replace(hour=18, minute=0, second=0, microsecond=0)
    first -= timedelta(days=7)
    rows = [s for n in range(7) for s in _evening_charge(first + timedelta(days=n), 20 + n)]
    await repo_history.add_samples(logged_in.db, [(car, s) for s in rows])

    (page1,) = await logged_in.send("/charges")
    assert "page 1 of 2" in page1.text
    lines = page1.text.splitlines()[1:]
    assert len(lines) == 5
    assert "26 → 44 %" in lines[0]  # the newest first
    assert "11 kWh" in lines[0]
    assert "1 h 0" in lines[0]
    pressed = await logged_in.press(logged_in.button("hc"))
    (older,) = [call for call in pressed if call.method == "editMessageText"]
    assert "page 2 of 2" in older.text
    assert [line.split(" · ")[1] for line in older.text.splitlines()[1:]] == [
        "21 → 39 %",
        "20 → 38 %",
    ]
    # A button per line opens it (named by its start), then the way back.
    assert [b["text"] for b in older.buttons][-1] == "◀ Newer"
    assert len(older.buttons) == 3


async def test_trips_lists_the_drives_and_says_so_when_there_are_none(logged_in: Bot) -> None:
    (empty,) = await logged_in.send("/trips")
    assert "No finished drive" in empty.text
    car = await _car_id(logged_in)
    start = logged_in.now() - timedelta(hours=3)
    rows = [
        Sample(at=start, soc=80, odometer_km=1000.0),
        Sample(at=start + timedelta(minutes=5), soc=79, flags=IGNITION, odometer_km=1003.0),
        Sample(at=start + timedelta(minutes=30), soc=72, odometer_km=1025.0),
    ]
    await repo_history.add_samples(logged_in.db, [(car, s) for s in rows])
    (listing,) = await logged_in.send("/trips")
    assert "page 1 of 1" in listing.text
    assert "25 km · 25 min" in listing.text  # timed from when it was seen on the road
    seen = (start + timedelta(minutes=5)).astimezone(logged_in.services.settings.zone)
    assert [b["text"] for b in listing.buttons] == [f"{seen:%b} {seen.day} {seen:%H:%M}"]
    # Opened, the drive comes as its summary with a chart of the drive.
    (opened,) = [
        c for c in await logged_in.press(logged_in.button("hr")) if c.method == "sendPhoto"
    ]
    caption = str(opened.params["caption"])
    assert "Drive ended" in caption
    assert "📏 25 km · ⏱ 25 min" in caption
    (_, payload, _) = next(iter(opened.params["_files"].values()))
    assert Image.open(io.BytesIO(payload)).size == (WIDTH_PX, HEIGHT_PX)


async def test_a_price_per_kwh_adds_the_cost_to_stats_and_can_be_removed(logged_in: Bot) -> None:
    (none,) = await logged_in.send("/price")
    assert "No price per kWh set" in none.text
    (bad,) = await logged_in.send("/price lots")
    assert "Usage: <code>/price 0.32</code>" in bad.text
    (done,) = await logged_in.send("/price 0,30")
    assert "Price set to 0.3 per kWh" in done.text
    car = await _car_id(logged_in)
    start = logged_in.now() - timedelta(hours=2)
    await repo_history.add_samples(logged_in.db, [(car, s) for s in _evening_charge(start, 50)])
    (photo,) = await logged_in.send("/stats")
    assert "💶 3.3 (11 kWh × 0.3)" in str(photo.params["caption"])
    (cleared,) = await logged_in.send("/price off")
    assert "Price removed" in cleared.text
    (photo,) = await logged_in.send("/stats")
    assert "💶" not in str(photo.params["caption"])


async def test_a_line_of_charges_opens_that_session_as_its_summary_with_the_chart(
    logged_in: Bot,
) -> None:
    car = await _car_id(logged_in)
    first = logged_in.now().replace(hour=18, minute=0, second=0, microsecond=0)
    first -= timedelta(days=3)
    rows = [s for n in range(3) for s in _evening_charge(first + timedelta(days=n), 20 + n)]
    await repo_history.add_samples(logged_in.db, [(car, s) for s in rows])

    (listing,) = await logged_in.send("/charges")
    assert len(listing.text.splitlines()) == 4  # the header and three sessions
    assert len(logged_in.buttons("ho")) == 3
    oldest = logged_in.buttons("ho")[-1]
    (photo,) = [c for c in await logged_in.press(oldest) if c.method == "sendPhoto"]
    caption = str(photo.params["caption"])
    assert "Charging session ended" in caption
    assert "20 → 38 %" in caption  # the oldest one, not the newest
    assert "peak 11 kW" in caption
    assert photo.params["_files"]


async def test_a_price_adds_the_cost_to_each_line_of_charges(logged_in: Bot) -> None:
    car = await _car_id(logged_in)
    start = logged_in.now() - timedelta(hours=2)
    await repo_history.add_samples(logged_in.db, [(car, s) for s in _evening_charge(start, 50)])
    (plain,) = await logged_in.send("/charges")
    assert "💶" not in plain.text
    await logged_in.send("/price 0,30")
    (priced,) = await logged_in.send("/charges")
    assert priced.text.splitlines()[1].endswith("11 kWh · 1 h 01 min · AC · 💶 3.3")
