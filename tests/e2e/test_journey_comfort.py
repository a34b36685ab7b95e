"""Issue 14's journeys: the real bot process, the fake Telegram and the simulated cloud.

A #1 owner warms the car with seat heat in one command and the car confirms it; a #5 owner
defrosts through ZAF; a DC session shows kW and minutes to full; experimental commands are
labelled and absent where the car lacks them; a forwarded venue reaches the navigation.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.e2e.cloud import command_requests
from tests.e2e.fake_telegram import StoredMessage
from tests.e2e.harness import ADMIN, VIN_1, VIN_5, User, World, button, login

pytestmark = pytest.mark.slow


def _finished(message_id: int) -> Any:
    return lambda m: m.message_id == message_id and ("✅" in m.text or "❌" in m.text)


def _pairs(body: str | None) -> list[tuple[str, str]]:
    return [(p["key"], p["value"]) for p in json.loads(body or "{}")["serviceParameters"]]


async def _set_preset(user: User) -> None:
    """Driver seat 2 and steering wheel 1 through the /preset buttons."""
    card = await user.ask("/preset", "Warm car")
    for code, needle in (("dr", "driver seat 1"), ("dr", "driver seat 2"), ("wh", "wheel 1")):
        await user.press(card, f"v1:ps:{code}")
        await user.wait_message(_edited(card, needle))


def _edited(message: StoredMessage, needle: str) -> Any:
    """A predicate: `message` now contains `needle`."""
    return lambda m: m.message_id == message.message_id and needle in m.text


async def _forward_venue(world: World, user: User) -> None:
    venue = {"latitude": 52.520008, "longitude": 13.404954}
    message = {
        "message_id": user.mark() + 1,
        "date": int(time.time()),
        "chat": {"id": user.user_id, "type": "private"},
        "from": {"id": user.user_id, "is_bot": False, "first_name": "Owner", "language_code": "en"},
        "forward_origin": {"type": "hidden_user", "sender_user_name": "Friend", "date": 1},
        "location": venue,
        "venue": {"location": venue, "title": "Alexanderplatz", "address": "10178 Berlin"},
    }
    await world.tg.push_update({"message": message})


async def test_issue_14_journey_warm_defrost_dc_labels_and_destination(world: World) -> None:
    for vin in (VIN_1, VIN_5):  # neither car's list has the fragrance function
        world.sim.switch_capability(vin, "fragrance_exhausted_warning_2", enabled=False)
    await world.start_bot()
    user = world.user(ADMIN)
    await login(user)

    # A #1 owner warms the car with seat heat in one command, confirmed by the car.
    await _set_preset(user)
    before = len(command_requests(world.sim))
    progress = await user.ask("/climate 22 seats", "Warming")
    assert "with driver seat 2, steering wheel 1" in progress.text
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)
    assert "✅ Done, confirmed by the car." in outcome.text
    sent = command_requests(world.sim)[before:]
    assert len(sent) == 1
    assert ("rce.heat", "front-left") in _pairs(sent[0].body)
    assert world.sim.vehicle(VIN_1).seat_heat["front-left"] == 2

    # A #5 owner defrosts through ZAF.
    progress = await user.ask("/defrost on B-SM 505", "defroster")
    outcome = await user.wait_message(_finished(progress.message_id), timeout=30)
    assert "confirmed by the car" in outcome.text
    zaf = command_requests(world.sim, "ZAF")
    assert ("DF", "true") in _pairs(zaf[-1].body)

    # A DC session shows kW and minutes to full.
    world.sim.drain_battery(VIN_1, 30)
    world.sim.plug_in(VIN_1, dc=True)
    card: StoredMessage = await user.ask("/status", "Charging")
    line = next(x for x in card.text.splitlines() if x.startswith("⚡"))
    assert line.startswith("⚡ Charging (DC) at ≈"), line
    assert " kW, full in " in line

    # Experimental commands are labelled; what the cars lack is absent.
    help_text = (await user.ask("/help", "Commands")).text
    find = next(x for x in help_text.splitlines() if x.startswith("/find"))
    assert "experimental" in find
    assert "/fragrance" not in help_text
    reply = await user.ask("/find B-SM 505", "Honking")
    assert "has not been seen working on every car" in reply.text
    refused = await user.ask("/fragrance on", "no such function")
    assert "/fragrance" in refused.text

    # A forwarded venue reaches the car's navigation.
    since = user.mark()
    await _forward_venue(world, user)
    offer = await user.wait_message("Alexanderplatz", since=since)
    assert "10178 Berlin" in offer.text
    await user.press(offer, button(offer, "ds"))
    await user.wait_message(
        lambda m: m.message_id == offer.message_id and "sent to the navigation" in m.text
    )

    def arrived() -> bool:
        return any(d["name"] == "Alexanderplatz" for d in world.sim.vehicle(VIN_1).destinations)

    await world.wait_until(arrived, timeout=15, what="the destination in the car")
