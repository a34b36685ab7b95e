"""The one cool-down between commands to a car: one command at a time, then a short break.

A car is claimed from the moment its command is about to be sent until the action's cool-down
after the cloud answered. The database is the lock between replicas: the claim records the
command as the car's pending one in the same conditional write that checks the cool-down
(`repo_commands.begin_command`), which the poller reads too. In this process a car stays
claimed while its command is in flight, however long the cloud takes to answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.commands.actions import Action
from bot.commands.errors import CarBusyError
from bot.storage import repo_commands, repo_polls
from bot.storage.db import Database
from bot.storage.records import CarRecord

# How long a sent command is followed through (status re-read) and the car polled fast.
FOLLOW_THROUGH = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Claim:
    """A car claimed for one command, recorded as its pending command at `at`."""

    car: CarRecord
    action: Action
    at: datetime


def _busy(until: datetime, now: datetime) -> CarBusyError:
    return CarBusyError(seconds=math.ceil((until - now).total_seconds()))


@dataclass
class CarCooldown:
    """Claims cars for commands; shared by every caller of the runner in this process."""

    db: Database
    clock: Callable[[], datetime]
    _free_at: dict[str, datetime] = field(default_factory=dict)
    _in_flight: set[str] = field(default_factory=set)

    async def claim(
        self, car: CarRecord, action: Action, *, params: dict[str, Any], user_id: int | None
    ) -> Claim:
        """Claim `car` for `action`, or raise `CarBusyError` saying how long to wait."""
        now = self.clock()
        until = self._free_at.get(car.vin)
        if until is not None and until > now:
            state = await repo_polls.get_vehicle_state(self.db, vehicle_id=car.id)
            if state is not None and state.pending_command is not None:
                until = max(until, state.pending_command.at + action.cooldown)
            raise _busy(until, now)
        busy_until = await repo_commands.begin_command(
            self.db,
            vehicle_id=car.id,
            command=action.name,
            params=params,
            user_id=user_id,
            cooldown=action.cooldown,
            fast_poll_until=now + FOLLOW_THROUGH,
            now=now,
        )
        if busy_until is not None and busy_until > now:
            raise _busy(busy_until, now)
        self._free_at[car.vin] = now + FOLLOW_THROUGH
        self._in_flight.add(car.vin)
        return Claim(car, action, now)

    def release(self, claim: Claim) -> None:
        """The cloud answered: the car is free after the action's cool-down."""
        self._free_at[claim.car.vin] = self.clock() + claim.action.cooldown
        self._in_flight.discard(claim.car.vin)

    async def remaining(self, car: CarRecord, action: Action) -> tuple[float, bool]:
        """How many seconds until `car` takes `action` (0: now), and whether a command of
        this process is still on its way to the car (then the wait is not known yet: the
        cool-down starts when the cloud answers). Nothing is claimed."""
        now = self.clock()
        if car.vin in self._in_flight:
            return action.cooldown.total_seconds(), True
        until = self._free_at.get(car.vin, now)
        state = await repo_polls.get_vehicle_state(self.db, vehicle_id=car.id)
        if state is not None and state.pending_command is not None:
            until = max(until, state.pending_command.at + action.cooldown)
        return max(0.0, (until - now).total_seconds()), False

    async def abandon(self, claim: Claim) -> None:
        """The claimed command will not be sent: free the car and forget the pending command."""
        self.release(claim)
        await repo_commands.cancel_command(self.db, vehicle_id=claim.car.id, at=claim.at)
