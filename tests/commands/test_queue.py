"""The queue behind the cool-down, without Telegram (issue 17, item 8)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.commands.queue import GRACE, CommandQueue
from bot.commands.runner import CommandRequest, command_request
from bot.simulator.simulator import Simulator
from bot.storage import repo_queue
from bot.storage.repo_queue import QueuedCommand
from tests.commands.conftest import OWNER, Reporter, World


def _commands(sim: Simulator) -> list[str]:
    return [
        json.loads(r.body)["serviceId"]
        for r in sim.requests
        if r.method == "PUT" and "telematics" in r.path
    ]


@dataclass
class QueueReporter(Reporter):
    waits: list[int] = field(default_factory=list)

    async def queued(self, request: CommandRequest, seconds: int) -> dict[str, Any] | None:
        self.waits.append(seconds)
        return {"chat_id": request.user_id, "message_id": len(self.waits)}


@dataclass
class Notices:
    replaced_: list[str] = field(default_factory=list)
    dropped_: list[str] = field(default_factory=list)

    async def replaced(self, entry: QueuedCommand) -> None:
        self.replaced_.append(entry.action)

    async def dropped(self, entry: QueuedCommand) -> None:
        self.dropped_.append(entry.action)


def _request(world: World, name: str) -> CommandRequest:
    return command_request(user_id=OWNER, car=world.cars[0], name=name, params={}, source="command")


async def _horn_sent(world: World) -> None:
    task = await world.services.commands.start(_request(world, "horn"), Reporter())
    assert task is not None
    await task


async def test_a_command_in_the_cool_down_is_queued_and_sent_when_it_ends(world: World) -> None:
    await _horn_sent(world)
    reporter, notices = QueueReporter(), Notices()
    queued = await world.services.queue.start_or_queue(_request(world, "flash"), reporter, notices)
    assert queued
    assert reporter.waits == [5]
    assert reporter.announced == []  # not started yet
    await world.services.background.drain()
    assert [r.action.name for r in reporter.announced] == ["flash"]
    assert len(reporter.outcomes) == 1
    assert _commands(world.sim) == ["RHL", "RHL"]
    assert await repo_queue.get(world.services.db, vehicle_id=world.cars[0].id) is None
    assert notices == Notices()


async def test_a_free_car_takes_the_command_at_once_without_queuing(world: World) -> None:
    reporter = QueueReporter()
    queued = await world.services.queue.start_or_queue(_request(world, "horn"), reporter, Notices())
    assert not queued
    assert reporter.waits == []
    await world.services.background.drain()
    assert _commands(world.sim) == ["RHL"]


async def test_the_newest_queued_command_wins_and_the_replaced_ones_sender_is_told(
    world: World,
) -> None:
    services = world.services
    await _horn_sent(world)
    # The waiters' pauses move the manual clock on; held until both commands are queued,
    # they cannot run the car's cool-down out between the two (however slow the machine).
    both_queued = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await both_queued.wait()
        await services.sleep(seconds)

    queue = CommandQueue(
        db=services.db,
        runner=services.commands,
        cooldown=services.cooldown,
        clock=services.clock,
        sleep=sleep,
        spawn=services.background.spawn,
    )
    older, newer, notices = QueueReporter(), QueueReporter(), Notices()
    assert await queue.start_or_queue(_request(world, "flash"), older, notices)
    assert await queue.start_or_queue(_request(world, "horn"), newer, notices)
    assert notices.replaced_ == ["flash"]
    both_queued.set()
    await services.background.drain()
    assert older.announced == []
    assert [r.action.name for r in newer.announced] == ["horn"]
    assert _commands(world.sim) == ["RHL", "RHL"]


async def test_a_queued_command_of_a_dead_process_is_dropped_and_told_never_sent(
    world: World,
) -> None:
    services = world.services
    now = services.now()
    car = world.cars[0]
    await repo_queue.put(
        services.db,
        QueuedCommand(
            vehicle_id=car.id,
            token="dead",
            user_id=OWNER,
            action="flash",
            source="command",
            due_at=now - GRACE - timedelta(seconds=1),
            queued_at=now - GRACE - timedelta(seconds=6),
        ),
    )
    notices = Notices()
    assert await services.queue.sweep(notices) == 1
    assert notices.dropped_ == ["flash"]
    assert await repo_queue.get(services.db, vehicle_id=car.id) is None
    assert _commands(world.sim) == []


async def test_a_queued_command_within_its_grace_is_left_to_its_process(world: World) -> None:
    services = world.services
    now = services.now()
    entry = QueuedCommand(
        vehicle_id=world.cars[0].id,
        token="alive",
        user_id=OWNER,
        action="flash",
        source="command",
        due_at=now - GRACE + timedelta(seconds=5),
        queued_at=now,
    )
    await repo_queue.put(services.db, entry)
    assert await services.queue.sweep(Notices()) == 0
    assert await repo_queue.take(services.db, vehicle_id=entry.vehicle_id, token="alive")
