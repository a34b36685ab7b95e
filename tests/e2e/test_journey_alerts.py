"""Journey 7: the simulated car starts charging and finishes; the user gets exactly those two
alerts, delivered by the real poller and outbox sender of the bot process."""

from __future__ import annotations

import pytest

from tests.e2e.cloud import set_car
from tests.e2e.harness import ADMIN, VIN_1, World, alert_texts, login

pytestmark = pytest.mark.slow


async def test_charging_start_and_finish_give_exactly_two_alerts(world: World) -> None:
    # Plugged in but not charging before the bot first sees the car: no alert for that.
    set_car(
        world.sim,
        VIN_1,
        plugged_in=True,
        charge_lid_open=True,
        charging=False,
        soc=60.0,
        charge_target=80,
    )
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)
    await world.first_poll_stored(VIN_1)
    assert alert_texts(user) == [], "no alert on the first observation"

    world.sim.start_charging(VIN_1)
    started = await user.wait_message("Charging started", timeout=30)
    assert "Spectrum Blue #1" in started.text
    assert "at 60 %" in started.text

    world.sim.drain_battery(VIN_1, 80)  # the battery reaches the target; charging ends
    finished = await user.wait_message("Charge target reached", timeout=30)
    assert "80 %" in finished.text

    await world.polled_since(VIN_1, 1)
    alerts = alert_texts(user)
    assert len(alerts) == 2, alerts
    assert ["Charging started" in alerts[0], "Charge target reached" in alerts[1]] == [True, True]
    rows = await world.sql("SELECT sent_at IS NOT NULL, dropped_at FROM outbox ORDER BY id")
    assert rows == [(True, None), (True, None)], "both alerts sent, none dropped"


FRIEND = 2002


async def test_a_command_alerts_the_other_listeners_but_not_the_user_who_sent_it(
    world: World,
) -> None:
    set_car(world.sim, VIN_1, locked=False)
    await world.start_bot()
    owner, friend = world.user(ADMIN), world.user(FRIEND)
    await login(owner)
    await owner.ask(f"/allow {FRIEND} Ben", "may now use the bot")
    await owner.ask(f"/share {FRIEND} Blue", "is now shared with")
    await world.first_poll_stored(VIN_1)

    progress = await owner.ask("/lock", "Locking")
    alert = await friend.wait_message("Locked", timeout=30)
    assert "(by this bot (User1001))" in alert.text
    outcome = await owner.wait_message(
        lambda m: m.message_id == progress.message_id and "✅" in m.text, timeout=30
    )
    assert "confirmed by the car" in outcome.text
    await world.polled_since(VIN_1, 1)
    assert alert_texts(owner) == [], "the sender follows the command in its own reply"
    assert alert_texts(friend) == [alert.text]
