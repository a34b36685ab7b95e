"""The command runner without Telegram: what a schedule or a rule will call."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from bot.commands.actions import ACTIONS
from bot.commands.errors import CarBusyError, UnsupportedActionError
from bot.commands.runner import Result, command_request
from bot.simulator.simulator import Simulator
from bot.storage import repo_audit, repo_polls
from tests.commands.conftest import OWNER, Reporter, World


def _commands(sim: Simulator) -> list[str]:
    return [
        json.loads(r.body)["serviceId"]
        for r in sim.requests
        if r.method == "PUT" and "telematics" in r.path
    ]


async def test_a_schedule_runs_a_command_and_hears_that_the_car_confirmed_it(
    world: World,
) -> None:
    car = world.cars[0]
    world.sim.vehicle(car.vin).locked = False
    request = command_request(user_id=OWNER, car=car, name="lock", params={}, source="schedule")
    reporter = Reporter()
    task = await world.services.commands.start(request, reporter)
    assert task is not None
    outcome = await task
    assert outcome.result is Result.CONFIRMED
    assert reporter.announced == [request]
    assert reporter.outcomes == [outcome]
    assert _commands(world.sim) == ["RDL_2"]
    (entry,) = await repo_audit.recent_audit(world.services.db, user_id=OWNER, limit=5)
    assert (entry.action, entry.source, entry.result) == ("lock", "schedule", "confirmed")


async def test_an_action_the_status_cannot_show_ends_as_accepted(world: World) -> None:
    request = command_request(
        user_id=OWNER, car=world.cars[0], name="horn", params={}, source="schedule"
    )
    task = await world.services.commands.start(request, Reporter())
    assert task is not None
    assert (await task).result is Result.ACCEPTED


async def test_a_second_command_within_the_cool_down_is_refused_with_the_wait(
    world: World,
) -> None:
    car = world.cars[0]
    commands = world.services.commands
    first = await commands.start(
        command_request(user_id=OWNER, car=car, name="horn", params={}, source="schedule"),
        Reporter(),
    )
    assert first is not None
    await first
    world.sim.advance(2)
    with pytest.raises(CarBusyError) as refused:
        await commands.start(
            command_request(user_id=OWNER, car=car, name="flash", params={}, source="rule"),
            Reporter(),
        )
    assert refused.value.details == {"seconds": 3}
    assert _commands(world.sim) == ["RHL"]


async def test_the_cool_down_is_the_actions_own(world: World) -> None:
    car = world.cars[0]
    slow = dataclasses.replace(ACTIONS["horn"], cooldown=timedelta(seconds=30))
    commands = world.services.commands
    request = command_request(user_id=OWNER, car=car, name="horn", params={}, source="rule")
    first = await commands.start(dataclasses.replace(request, action=slow), Reporter())
    assert first is not None
    await first
    world.sim.advance(10)  # past the usual 5 s, within this action's 30 s
    with pytest.raises(CarBusyError):
        await commands.start(dataclasses.replace(request, action=slow), Reporter())


async def test_a_caller_who_can_tell_nobody_sends_nothing_and_records_no_command(
    world: World,
) -> None:
    car = world.cars[0]
    request = command_request(user_id=OWNER, car=car, name="horn", params={}, source="rule")
    assert await world.services.commands.start(request, Reporter(can_tell=False)) is None
    assert _commands(world.sim) == []
    state = await repo_polls.get_vehicle_state(world.services.db, vehicle_id=car.id)
    assert state is not None
    assert state.pending_command is None
    world.sim.advance(6)  # the usual pause after a command
    again = await world.services.commands.start(request, Reporter())
    assert again is not None


def test_an_action_the_model_lacks_is_refused_before_anything_is_claimed(
    world: World,
) -> None:
    smart_1 = next(car for car in world.cars if car.model.value == "#1")
    with pytest.raises(UnsupportedActionError) as refused:
        command_request(
            user_id=OWNER, car=smart_1, name="chargelid_open", params={}, source="schedule"
        )
    assert refused.value.details == {"model": "#1", "command": "chargelid"}
