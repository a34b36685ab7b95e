"""Journeys 1-6: the real bot process, the fake Telegram and the simulated cloud."""

from __future__ import annotations

import pytest

from tests.e2e import journeys
from tests.e2e.harness import ADMIN, World, login

pytestmark = pytest.mark.slow


async def test_a_stranger_gets_one_reply_with_their_id_until_an_admin_allows_them(
    world: World,
) -> None:
    await world.start_bot()
    await journeys.stranger_is_refused_then_allowed(
        world, world.user(journeys.NEWCOMER), world.user(ADMIN)
    )


async def test_login_deletes_the_password_stores_nothing_in_clear_and_lists_the_cars(
    world: World,
) -> None:
    await world.start_bot()
    await journeys.login_stores_no_secret(world, world.user(ADMIN))


async def test_an_international_account_logs_in_and_lists_its_car(world: World) -> None:
    await world.start_bot()
    await journeys.intl_login_lists_its_car(world, world.user(ADMIN))


async def test_status_card_and_refresh_edits_the_same_message(world: World) -> None:
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await journeys.status_card_refreshes_in_place(world, user)


async def test_lock_sends_one_signed_command_and_ends_confirmed(world: World) -> None:
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await journeys.lock_is_signed_and_confirmed(world, user)


async def test_unlock_is_confirmed_once_and_its_button_expires(world: World) -> None:
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await journeys.unlock_confirms_once(world, user)


async def test_climate_22_is_sent_and_climate_45_is_refused_without_a_request(
    world: World,
) -> None:
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await journeys.climate_is_sent_and_bad_values_refused(world, user)
