"""The scheduler: finds due runs, claims each exactly once, checks the car, fires, reports.

`Scheduler.tick(now)` is one pass; `run_forever` calls it every `interval` seconds. Each due
run is claimed first (`repo_schedules.claim_run`, one conditional UPDATE), so of several
replicas one fires it, and a crash after the claim loses the run rather than sending it
twice. A start that was due more than `grace` ago (the bot was down) is reported as missed
and not run; a window's "stop" always runs, since stopping late is still what was asked.

Before a start the car's last known state is checked, and the run says why instead of doing
something useless: not logged in, driving, battery too low for climate, not plugged in.
The command itself goes through the same runner as a button press (`CommandPort`), and the
owner hears one outcome through `ReportPort`; neither knows about Telegram here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.schedules.plan import (
    Kind,
    NextRun,
    Phase,
    after_start,
    next_start,
    waiting_for_plug,
)
from bot.schedules.service import zone_of
from bot.smart.models import VehicleStatus
from bot.storage import repo_accounts, repo_polls, repo_schedules, repo_vehicles
from bot.storage.db import Database
from bot.storage.records import CarRecord
from bot.storage.repo_schedules import Schedule

_LOGGER = logging.getLogger(__name__)

GRACE = timedelta(minutes=10)
CLIMATE_MIN_BATTERY_PERCENT = 15


class Outcome(StrEnum):
    """How one run went, as the owner is told."""

    DONE = "done"  # the car confirmed it
    SENT = "sent"  # the cloud accepted it, the car has not confirmed yet
    FAILED = "failed"  # the cloud or the car refused
    MISSED = "missed"  # the bot was down at the time
    NOT_LOGGED_IN = "not_logged_in"
    DRIVING = "driving"
    LOW_BATTERY = "low_battery"
    NOT_PLUGGED = "not_plugged"
    WAITING_PLUG = "waiting_plug"  # not plugged yet; starts when it is, inside the window
    NOTHING_TO_STOP = "nothing_to_stop"  # silent: the window ended with the car not charging


SILENT = frozenset({Outcome.NOTHING_TO_STOP})


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """One command a run sends, as the runner understands it."""

    user_id: int
    vehicle_id: int
    action: str
    params: dict[str, Any] = field(default_factory=dict)


class CommandPort(Protocol):
    """Runs a command as a button press would (cool-down, selection, follow-through, audit
    with source "schedule") and says how it ended."""

    async def run(self, request: CommandRequest) -> Outcome:
        """Send the command and follow it through; DONE, SENT or FAILED."""


@dataclass(frozen=True, slots=True)
class RunReport:
    """How one run of a schedule went: which run (`phase`, `due`), and what the car showed."""

    schedule: Schedule
    phase: Phase
    outcome: Outcome
    due: datetime
    battery_percent: int | None = None


class ReportPort(Protocol):
    """Tells the owner how a run went (one short message with buttons)."""

    async def report(self, report: RunReport) -> None:
        """Deliver the outcome of one run."""


@dataclass(frozen=True, slots=True)
class CarFacts:
    """What the bot knows of the car when a run is due (None: unknown)."""

    logged_in: bool
    driving: bool | None
    battery_percent: int | None
    plugged_in: bool | None
    charging: bool | None


def start_refusal(kind: Kind, facts: CarFacts) -> Outcome | None:
    """Why a start cannot help now, or None when it should be sent."""
    if not facts.logged_in:
        return Outcome.NOT_LOGGED_IN
    if facts.driving:
        return Outcome.DRIVING
    if kind is Kind.CLIMATE:
        battery = facts.battery_percent
        if battery is not None and battery < CLIMATE_MIN_BATTERY_PERCENT:
            return Outcome.LOW_BATTERY
    elif facts.plugged_in is False:
        return Outcome.NOT_PLUGGED
    return None


def start_commands(schedule: Schedule) -> list[CommandRequest]:
    """The commands a start sends: climate with its preset, or limit then charge."""
    user_id, vehicle_id, params = schedule.user_id, schedule.vehicle_id, schedule.params
    if schedule.kind == Kind.CLIMATE:
        keys = ("temp_c", "seat_level", "wheel_level", "minutes")
        climate: dict[str, Any] = {key: params[key] for key in keys if key in params}
        return [CommandRequest(user_id, vehicle_id, "climate_on", climate)]
    commands = []
    target = params.get("target_soc")
    if isinstance(target, int):
        commands.append(CommandRequest(user_id, vehicle_id, "charge_limit", {"percent": target}))
    commands.append(CommandRequest(user_id, vehicle_id, "charge_start"))
    return commands


# Reads the car's status as the cloud has it now (falling back to the poller's last one), so
# a run decides on fresh facts: a car plugged in a minute ago is not told "not plugged in".
StatusReader = Callable[[CarRecord], Awaitable[VehicleStatus | None]]


class Scheduler:
    """Fires due schedules. One per process; any number of processes may share a database."""

    def __init__(
        self,
        *,
        db: Database,
        commands: CommandPort,
        reports: ReportPort,
        default_zone: ZoneInfo,
        clock: Callable[[], datetime],
        grace: timedelta = GRACE,
        status: StatusReader | None = None,
    ) -> None:
        self._db = db
        self._status = status
        self._commands = commands
        self._reports = reports
        self._default_zone = default_zone
        self._clock = clock
        self._grace = grace

    async def zone_of(self, user_id: int) -> ZoneInfo:
        """The user's time zone (the bot's when they set none)."""
        return await zone_of(self._db, user_id, self._default_zone)

    async def facts(self, vehicle_id: int) -> CarFacts:
        """The car's state (fresh when a status reader is given, else the poller's last) and
        whether its account can be used."""
        car = await repo_vehicles.get_vehicle(self._db, vehicle_id=vehicle_id)
        account = (
            await repo_accounts.get_account_by_id(self._db, account_id=car.account_id)
            if car
            else None
        )
        status = None
        if self._status is not None and car is not None:
            try:
                status = await self._status(car)
            except Exception as exc:  # a failed read must not keep the run from being decided
                _LOGGER.info("fresh status for a schedule unavailable (%s)", type(exc).__name__)
        if status is None:
            state = await repo_polls.get_vehicle_state(self._db, vehicle_id=vehicle_id)
            status = state.status if state else None
        driving = None
        if status is not None and status.speed_kmh is not None:
            driving = status.speed_kmh > 0
        return CarFacts(
            logged_in=account is not None and not account.needs_login,
            driving=driving,
            battery_percent=status.battery_percent if status else None,
            plugged_in=status.plugged_in if status else None,
            charging=status.is_charging if status else None,
        )

    async def tick(self, now: datetime | None = None) -> int:
        """Fire every run due at `now`; returns how many this process claimed."""
        now = now or self._clock()
        claimed = 0
        for schedule in await repo_schedules.due_schedules(self._db, now=now):
            try:
                if await self._fire(schedule, now):
                    claimed += 1
            except Exception:  # one odd schedule never stops the others
                _LOGGER.exception("schedule %s failed unexpectedly", schedule.id)
        return claimed

    async def _fire(self, schedule: Schedule, now: datetime) -> bool:
        if schedule.next_run_at is None:
            return False
        due = schedule.next_run_at
        zone = await self.zone_of(schedule.user_id)
        phase = Phase(schedule.next_phase)
        facts = await self.facts(schedule.vehicle_id)
        outcome: Outcome | None = None
        # A window's "stop" follows only a start that sent "charge": a missed or refused start
        # goes straight on to the next start, so the bot never stops a charge it did not begin.
        following = next_start(schedule, zone, due)
        if phase is Phase.STOP:
            pass
        elif now - due > self._grace:
            outcome = Outcome.MISSED
        else:
            outcome = start_refusal(Kind(schedule.kind), facts)
            if outcome is Outcome.NOT_PLUGGED and schedule.params.get("when_plugged"):
                following = waiting_for_plug(schedule, zone, due)
                outcome = Outcome.WAITING_PLUG
            elif outcome is None:
                following = after_start(schedule, zone, due)
        if not await repo_schedules.claim_run(
            self._db,
            schedule=schedule,
            next_run_at=following.at,
            next_phase=following.phase,
            now=now,
        ):
            return False  # another replica (or an earlier pass) has it
        if outcome is None:
            outcome = await self._send(schedule, phase, facts)
            if outcome is Outcome.FAILED and following.phase is Phase.STOP:
                retry = next_start(schedule, zone, due)
                await repo_schedules.move_run(
                    self._db,
                    schedule_id=schedule.id,
                    expected_at=following.at,
                    expected_phase=following.phase,
                    next_run_at=retry.at,
                    next_phase=retry.phase,
                )
                following = retry
        report = RunReport(schedule, phase, outcome, due, facts.battery_percent)
        await self._finish(report, following, now)
        return True

    async def _send(self, schedule: Schedule, phase: Phase, facts: CarFacts) -> Outcome:
        if phase is Phase.STOP:
            if facts.charging is False:
                return Outcome.NOTHING_TO_STOP
            request = CommandRequest(
                user_id=schedule.user_id, vehicle_id=schedule.vehicle_id, action="charge_stop"
            )
            return await self._commands.run(request)
        outcome = Outcome.DONE
        for request in start_commands(schedule):
            outcome = await self._commands.run(request)
            if outcome is Outcome.FAILED:
                break
        return outcome

    async def _finish(self, report: RunReport, following: NextRun, now: datetime) -> None:
        schedule, outcome = report.schedule, report.outcome
        await repo_schedules.record_outcome(
            self._db, schedule_id=schedule.id, outcome=outcome.value, now=now
        )
        waiting_again = outcome is Outcome.WAITING_PLUG and report.phase is Phase.WAIT_PLUG
        if outcome not in SILENT and not waiting_again:
            try:
                await self._reports.report(report)
            except Exception:  # the run is done and recorded; only telling went wrong
                _LOGGER.exception("could not report schedule %s", schedule.id)
        if following.at is None:
            await repo_schedules.delete_finished(self._db, schedule_id=schedule.id)

    async def run_now(self, schedule: Schedule) -> Outcome:
        """Start `schedule` at once (the user's "run now"); its stored runs stay as they are."""
        now = self._clock()
        facts = await self.facts(schedule.vehicle_id)
        outcome = start_refusal(Kind(schedule.kind), facts)
        if outcome is None:
            outcome = await self._send(schedule, Phase.START, facts)
        report = RunReport(schedule, Phase.START, outcome, now, facts.battery_percent)
        await self._reports.report(report)
        return outcome

    async def run_forever(self, interval: float = 15.0) -> None:
        """Tick until cancelled; a failing pass is logged and the next one runs."""
        while True:
            try:
                await self.tick()
            except Exception:
                _LOGGER.exception("scheduler pass failed")
            await asyncio.sleep(interval)
