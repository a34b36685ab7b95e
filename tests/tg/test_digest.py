"""The weekly digest: opt-in in /alerts, sent once on Monday morning with last week's
figures."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.poller.sender import OutboxSender
from bot.storage import repo_history
from bot.storage.repo_history import IGNITION, Sample
from bot.tg.notifier import TelegramNotifier
from tests.tg.conftest import Bot
from tests.tg.test_journal import _car_id, _evening_charge


def _next_monday_nine(now: datetime) -> datetime:
    days = (7 - now.weekday()) % 7 or 7
    return (now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


async def test_the_weekly_digest_arrives_once_on_monday_morning_when_turned_on(
    logged_in: Bot,
) -> None:
    services = logged_in.services
    sender = OutboxSender(
        db=services.db,
        notifier=TelegramNotifier(logged_in.app.bot, services.db),
        clock=services.clock,
    )
    jobs = logged_in.app.job_queue
    assert jobs is not None
    (digest,) = jobs.get_jobs_by_name("send_digests")
    car = await _car_id(logged_in)
    monday = _next_monday_nine(logged_in.now())
    wednesday = monday.replace(hour=0) - timedelta(days=5)
    rows = [*_evening_charge(wednesday + timedelta(hours=18), 40)]
    rows += [
        Sample(at=wednesday + timedelta(hours=8), soc=70, odometer_km=5000.0),
        Sample(at=wednesday + timedelta(hours=8, minutes=5), soc=69, flags=IGNITION),
        Sample(at=wednesday + timedelta(hours=8, minutes=45), soc=60, odometer_km=5050.0),
    ]
    await repo_history.add_samples(logged_in.db, [(car, s) for s in rows])
    logged_in.advance((monday - logged_in.now()).total_seconds())

    await digest.run(logged_in.app)
    await sender.run_once()
    assert [c for c in logged_in.api.of("sendMessage") if "Your week" in c.text] == []  # off

    await logged_in.send("/price 0,30")
    await logged_in.send("/alerts")
    toggle = next(d for d in logged_in.buttons("at") if d.endswith("weekly_digest"))
    await logged_in.press(toggle)
    for _ in range(3):  # the job runs every hour of the morning
        await digest.run(logged_in.app)
        await sender.run_once()
        logged_in.advance(3600)
    found = [c for c in logged_in.api.of("sendMessage") if "Your week" in c.text]
    (message,) = found  # one car had a week to tell of; the other stood still
    assert "🛣 50 km in 1 drive ·" in message.text
    assert "⚡ 11 kWh charged in 1 session ·" in message.text
    assert "💶 3.3 (11 kWh × 0.3)" in message.text  # at the owner's price
    start = monday - timedelta(days=7)
    assert f"{start:%b} {start.day} – " in message.text  # "Nov 30 – Dec 6": English dates
