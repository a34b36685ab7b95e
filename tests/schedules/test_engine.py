"""The scheduler on a manual clock: each run fires once, at its time, or says why not."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col

from bot.schedules.engine import CommandRequest, Outcome, RunReport, Scheduler
from bot.schedules.plan import Kind, Phase, first_run, weekday_bits
from bot.schedules.timing import WORKDAYS
from bot.smart.models import VehicleStatus
from bot.storage import repo_schedules
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.repo_accounts import set_needs_login
from bot.storage.repo_schedules import Schedule
from bot.storage.repo_users import set_timezone
from bot.storage.repo_vehicles import get_vehicle
from bot.storage.tables import VehicleState
from tests.db_fixtures import seed_owner

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 6, 1, 0, 0, tzinfo=BERLIN)  # summer time, UTC+2
USER = 1001


@dataclass
class FakeRunner:
    """Records each command; answers with `outcome` (or per action)."""

    outcome: Outcome = Outcome.DONE
    per_action: dict[str, Outcome] = field(default_factory=dict)
    sent: list[tuple[datetime, CommandRequest]] = field(default_factory=list)
    clock: list[datetime] = field(default_factory=list)

    async def run(self, request: CommandRequest) -> Outcome:
        self.sent.append((self.clock[-1], request))
        return self.per_action.get(request.action, self.outcome)


@dataclass
class FakeReports:
    said: list[tuple[int, Phase, Outcome]] = field(default_factory=list)

    async def report(self, report: RunReport) -> None:
        self.said.append((report.schedule.id, report.phase, report.outcome))


@dataclass
class Bed:
    db: Database
    vehicle_id: int
    runner: FakeRunner
    reports: FakeReports
    scheduler: Scheduler
    now: list[datetime]

    async def tick(self, at: datetime) -> int:
        self.now.append(at)
        return await self.scheduler.tick(at)

    async def walk(self, start: datetime, end: datetime, step: timedelta) -> None:
        at = start
        while at < end:
            await self.tick(at)
            at += step


async def _bed(db: Database, cipher: CredentialCipher, **status: object) -> Bed:
    _, cars = await seed_owner(db, cipher, user_id=USER)
    await set_timezone(db, user_id=USER, timezone="Europe/Berlin")
    await set_status(db, cars[0].id, **status)
    now: list[datetime] = [MONDAY]
    runner = FakeRunner(clock=now)
    reports = FakeReports()
    scheduler = Scheduler(
        db=db, commands=runner, reports=reports, default_zone=ZoneInfo("UTC"), clock=lambda: now[-1]
    )
    return Bed(db, cars[0].id, runner, reports, scheduler, now)


async def set_status(db: Database, vehicle_id: int, **values: object) -> None:
    base: dict[str, object] = {"battery_percent": 60, "plugged_in": True, "speed_kmh": 0.0}
    status = VehicleStatus(**(base | values))  # type: ignore[arg-type]
    async with db.session() as session:
        await session.execute(
            update(VehicleState)
            .where(col(VehicleState.vehicle_id) == vehicle_id)
            .values(last_status=status.to_json_dict())
        )


async def _add(
    bed: Bed,
    *,
    kind: Kind = Kind.CLIMATE,
    minute: int = 7 * 60 + 30,
    weekdays: frozenset[int] = WORKDAYS,
    once_on: date | None = None,
    end_minute: int | None = None,
    params: dict[str, object] | None = None,
    ready_by: bool = False,
    now: datetime = MONDAY,
) -> Schedule:
    draft = Schedule(
        id=0, user_id=USER, vehicle_id=bed.vehicle_id, kind=kind, minute_of_day=minute,
        weekdays=weekday_bits(weekdays), once_on=once_on, ready_by=ready_by,
        end_minute=end_minute, params=dict(params or {}), paused=False, next_run_at=None,
        next_phase="start", last_run_at=None, last_outcome=None,
    )  # fmt: skip
    return await repo_schedules.create_schedule(
        bed.db,
        user_id=USER,
        vehicle_id=bed.vehicle_id,
        kind=kind,
        minute_of_day=minute,
        weekdays=draft.weekdays,
        once_on=once_on,
        ready_by=ready_by,
        end_minute=end_minute,
        params=draft.params,
        next_run_at=first_run(draft, BERLIN, now),
        now=now,
    )


async def test_a_weekday_climate_schedule_fires_once_each_workday_at_0730_over_a_week(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed, params={"temp_c": 21.0, "seat_level": 3})
    await bed.walk(MONDAY, MONDAY + timedelta(days=7), timedelta(minutes=5))
    fired = [(at.astimezone(BERLIN).strftime("%a %H:%M"), r.action) for at, r in bed.runner.sent]
    assert fired == [(f"{day} 07:30", "climate_on") for day in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    assert bed.runner.sent[0][1].params == {"temp_c": 21.0, "seat_level": 3}
    assert [outcome for _, _, outcome in bed.reports.said] == [Outcome.DONE] * 5


async def test_ready_by_0730_starts_the_cabin_the_lead_minutes_earlier(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed, ready_by=True, params={"temp_c": 21.0, "lead_minutes": 20})
    await bed.walk(MONDAY, MONDAY + timedelta(days=1), timedelta(minutes=5))
    assert [at.astimezone(BERLIN).strftime("%H:%M") for at, _ in bed.runner.sent] == ["07:10"]


async def test_a_one_off_runs_once_and_removes_itself(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed, weekdays=frozenset(), once_on=date(2026, 6, 2))
    await bed.walk(MONDAY, MONDAY + timedelta(days=3), timedelta(minutes=10))
    assert [at.astimezone(BERLIN).strftime("%a %H:%M") for at, _ in bed.runner.sent] == [
        "Tue 07:30"
    ]
    assert await repo_schedules.list_schedules(db, user_id=USER) == []


async def test_two_replicas_ticking_at_the_same_moment_fire_the_run_once(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed)
    other_db = Database(db.url)
    try:
        other = Scheduler(
            db=other_db,
            commands=bed.runner,
            reports=bed.reports,
            default_zone=ZoneInfo("UTC"),
            clock=lambda: bed.now[-1],
        )
        due = MONDAY.replace(hour=7, minute=30)
        bed.now.append(due)
        claimed = await asyncio.gather(bed.scheduler.tick(due), other.tick(due))
        again = await asyncio.gather(bed.scheduler.tick(due), other.tick(due))
    finally:
        await other_db.dispose()
    assert sorted(claimed) == [0, 1]
    assert list(again) == [0, 0]
    assert len(bed.runner.sent) == 1
    assert len(bed.reports.said) == 1


async def test_a_restart_inside_the_grace_period_still_runs_and_outside_it_reports_missed(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed)
    # Down from 07:00 to 07:39 on Monday: 9 minutes late is within the grace.
    await bed.tick(MONDAY.replace(hour=7, minute=39))
    # Down from Tuesday 07:00 to 07:45: 15 minutes late is too late for a warm car.
    await bed.tick(MONDAY.replace(hour=7, minute=45) + timedelta(days=1))
    assert len(bed.runner.sent) == 1
    assert [outcome for _, _, outcome in bed.reports.said] == [Outcome.DONE, Outcome.MISSED]
    [schedule] = await repo_schedules.list_schedules(db, user_id=USER)
    assert schedule.next_run_at == datetime(2026, 6, 3, 5, 30, tzinfo=UTC)  # Wednesday 07:30


async def test_each_reason_not_to_start_is_told_and_nothing_is_sent(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    schedule = await _add(bed, weekdays=frozenset(range(7)))
    day = MONDAY.replace(hour=7, minute=30)
    await set_status(db, bed.vehicle_id, speed_kmh=48.0)
    await bed.tick(day)
    await set_status(db, bed.vehicle_id, battery_percent=9)
    await bed.tick(day + timedelta(days=1))
    await set_needs_login(db, account_id=(await _account_id(db, bed)), needs_login=True)
    await set_status(db, bed.vehicle_id)
    await bed.tick(day + timedelta(days=2))
    assert bed.runner.sent == []
    assert bed.reports.said == [
        (schedule.id, Phase.START, Outcome.DRIVING),
        (schedule.id, Phase.START, Outcome.LOW_BATTERY),
        (schedule.id, Phase.START, Outcome.NOT_LOGGED_IN),
    ]


async def _account_id(db: Database, bed: Bed) -> int:
    car = await get_vehicle(db, vehicle_id=bed.vehicle_id)
    assert car is not None
    return car.account_id


async def test_a_charging_window_sets_the_limit_starts_and_stops_at_the_window_end(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher, is_charging=True)
    await _add(
        bed, kind=Kind.CHARGING, minute=23 * 60, end_minute=6 * 60, weekdays=frozenset(range(7)),
        params={"target_soc": 80},
    )  # fmt: skip
    await bed.walk(MONDAY, MONDAY + timedelta(days=1, hours=7), timedelta(minutes=10))
    fired = [(at.astimezone(BERLIN).strftime("%a %H:%M"), r.action) for at, r in bed.runner.sent]
    assert fired == [
        ("Mon 23:00", "charge_limit"),
        ("Mon 23:00", "charge_start"),
        ("Tue 06:00", "charge_stop"),
    ]
    assert bed.runner.sent[0][1].params == {"percent": 80}


async def test_an_unplugged_car_at_the_window_start_is_told_and_never_stopped_later(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher, plugged_in=False)
    schedule = await _add(
        bed, kind=Kind.CHARGING, minute=23 * 60, end_minute=6 * 60, weekdays=frozenset({0}),
    )  # fmt: skip
    await bed.walk(MONDAY, MONDAY + timedelta(days=1, hours=7), timedelta(minutes=10))
    assert bed.runner.sent == []
    assert bed.reports.said == [(schedule.id, Phase.START, Outcome.NOT_PLUGGED)]


async def test_start_when_plugged_waits_inside_the_window_and_starts_on_plug_in(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher, plugged_in=False)
    await _add(
        bed, kind=Kind.CHARGING, minute=23 * 60, end_minute=6 * 60, weekdays=frozenset({0}),
        params={"when_plugged": True},
    )  # fmt: skip
    minute = timedelta(minutes=1)
    await bed.walk(MONDAY.replace(hour=22), MONDAY.replace(hour=23, minute=30), minute)
    assert bed.runner.sent == []
    await set_status(db, bed.vehicle_id, plugged_in=True, is_charging=True)
    await bed.walk(MONDAY.replace(hour=23, minute=30), MONDAY + timedelta(days=1, hours=7), minute)
    fired = [(at.astimezone(BERLIN).strftime("%a %H:%M"), r.action) for at, r in bed.runner.sent]
    assert fired == [("Mon 23:30", "charge_start"), ("Tue 06:00", "charge_stop")]
    assert [outcome for _, _, outcome in bed.reports.said] == [
        Outcome.WAITING_PLUG,
        Outcome.DONE,
        Outcome.DONE,
    ]


async def test_a_paused_schedule_does_not_fire_and_resumes_from_its_next_time(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    schedule = await _add(bed)
    assert await repo_schedules.set_paused(
        db, schedule_id=schedule.id, user_id=USER, paused=True, next_run_at=None
    )
    await bed.walk(MONDAY, MONDAY + timedelta(days=1), timedelta(minutes=5))
    resumed_at = MONDAY + timedelta(days=1)
    assert await repo_schedules.set_paused(
        db, schedule_id=schedule.id, user_id=USER, paused=False,
        next_run_at=first_run(schedule, BERLIN, resumed_at),
    )  # fmt: skip
    await bed.walk(resumed_at, resumed_at + timedelta(days=1), timedelta(minutes=5))
    assert [at.astimezone(BERLIN).strftime("%a %H:%M") for at, _ in bed.runner.sent] == [
        "Tue 07:30"
    ]
    assert not await repo_schedules.set_paused(
        db, schedule_id=schedule.id, user_id=2, paused=True, next_run_at=None
    )


async def test_a_daily_0730_schedule_fires_once_a_day_at_0730_berlin_across_both_dst_changes(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    for change in (datetime(2026, 3, 28, tzinfo=BERLIN), datetime(2026, 10, 24, tzinfo=BERLIN)):
        bed.runner.sent.clear()
        await repo_schedules.create_schedule(
            db, user_id=USER, vehicle_id=bed.vehicle_id, kind="climate",
            minute_of_day=7 * 60 + 30, weekdays=127, once_on=None,
            next_run_at=datetime(2026, 1, 1, tzinfo=UTC), now=change,
        )  # fmt: skip
        [schedule] = await repo_schedules.list_schedules(db, user_id=USER)
        first = first_run(schedule, BERLIN, change)
        assert await repo_schedules.move_run(
            db, schedule_id=schedule.id, expected_at=schedule.next_run_at,
            expected_phase="start", next_run_at=first, next_phase="start",
        )  # fmt: skip
        await bed.walk(change, change + timedelta(days=3), timedelta(minutes=5))
        local = [at.astimezone(BERLIN).strftime("%d %H:%M") for at, _ in bed.runner.sent]
        days = [(change + timedelta(days=n)).strftime("%d") for n in range(3)]
        assert local == [f"{day} 07:30" for day in days]
        await repo_schedules.delete_schedule(db, schedule_id=schedule.id, user_id=USER)


async def test_a_crash_between_the_claim_and_the_send_never_sends_that_run_twice(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher)
    await _add(bed, weekdays=frozenset(range(7)))
    due = MONDAY.replace(hour=7, minute=30)

    class CrashError(Exception):
        pass

    async def crash(request: CommandRequest) -> Outcome:
        raise CrashError  # the process dies while sending, after the claim was committed

    bed.runner.run = crash  # type: ignore[method-assign]
    assert await bed.tick(due) == 0  # the claimed run failed; the error was logged
    del bed.runner.run  # the restarted process sends normally again
    assert await bed.tick(due + timedelta(seconds=30)) == 0
    assert bed.runner.sent == []
    [schedule] = await repo_schedules.list_schedules(db, user_id=USER)
    assert schedule.next_run_at == datetime(2026, 6, 2, 5, 30, tzinfo=UTC)  # Tuesday 07:30


async def test_a_failing_fresh_status_read_falls_back_to_the_last_known_one(
    db: Database, cipher: CredentialCipher
) -> None:
    bed = await _bed(db, cipher, speed_kmh=50.0)

    async def broken(car: object) -> None:
        raise RuntimeError("the account went away meanwhile")

    bed.scheduler._status = broken
    schedule = await _add(bed, weekdays=frozenset(range(7)))
    await bed.tick(MONDAY.replace(hour=7, minute=30))
    assert bed.reports.said == [(schedule.id, Phase.START, Outcome.DRIVING)]
