"""A shared location or venue offers "Send to <car>'s navigation"; the button sends it to the
car (no second question), audited with the place's name and never its coordinates."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from telegram import Update

from bot.storage import repo_audit
from tests.tg.conftest import ADMIN, VIN_1, Bot
from tests.tg.harness import Call

_ids = itertools.count(70_000)


async def share(bot: Bot, *, venue: bool = True, language: str = "en") -> list[Call]:
    """The user shares a venue (or a bare location pin)."""
    place = {"latitude": 48.137154, "longitude": 11.576124}
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(datetime.now(UTC).timestamp()),
        "chat": {"id": ADMIN, "type": "private"},
        "from": {"id": ADMIN, "is_bot": False, "first_name": "Anna", "language_code": language},
        "location": place,
    }
    if venue:
        message["venue"] = {
            "location": place,
            "title": "Marienplatz <Mitte>",
            "address": "Marienplatz 1, 80331 München",
        }
    update = Update.de_json({"update_id": next(_ids), "message": message}, bot.app.bot)
    before = len(bot.api.calls)
    await bot.app.process_update(update)
    await bot.services.background.drain()
    return bot.api.calls[before:]


async def test_a_shared_venue_reaches_the_cars_navigation_with_its_name_and_address(
    logged_in: Bot,
) -> None:
    calls = await share(logged_in)
    offer = calls[0]
    assert "<b>Marienplatz &lt;Mitte&gt;</b>" in offer.text
    assert "Marienplatz 1, 80331 München" in offer.text
    assert [b["text"] for b in offer.buttons] == [
        "🧭 Send to Spectrum Blue #1's navigation",
        "🧭 Send to Luminous Black #5's navigation",
        "📍 Save as a place",
        "🕐 Use Europe/Berlin as my time zone",  # the bot's own zone is UTC here
    ]
    sent = await logged_in.press(logged_in.button("ds"))
    assert "sent to the navigation of <b>Spectrum Blue #1</b>" in logged_in.texts(sent)[-1]
    logged_in.advance(5)
    arrived = logged_in.sim.vehicle(VIN_1).destinations
    assert [(d["name"], d["address"]) for d in arrived] == [
        ("Marienplatz <Mitte>", "Marienplatz 1, 80331 München")
    ]
    assert abs(float(str(arrived[0]["lat"])) - 48.137154) < 1e-6
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].result, audit[0].source) == (
        "send_destination",
        "accepted",
        "button",
    )
    assert "48.13" not in str(audit[0].params)


async def test_the_send_button_works_once(logged_in: Bot) -> None:
    await share(logged_in)
    data = logged_in.button("ds")
    await logged_in.press(data)
    again = await logged_in.press(data)
    assert [c.method for c in again] == ["answerCallbackQuery"]
    logged_in.advance(5)
    assert len(logged_in.sim.vehicle(VIN_1).destinations) == 1


async def test_a_bare_location_pin_is_named_shared_location_in_german_too(logged_in: Bot) -> None:
    calls = await share(logged_in, venue=False, language="de")
    assert "<b>Geteilter Standort</b>" in calls[0].text
    assert "Ans Navi" in calls[0].buttons[0]["text"]


async def test_a_refused_destination_says_why_and_is_audited(logged_in: Bot) -> None:
    await share(logged_in)
    logged_in.sim.inject_http(503, count=10, path_contains="send/to/car")
    calls = await logged_in.press(logged_in.button("ds"))
    texts = " ".join(logged_in.texts(calls))
    assert "sent to the navigation" not in texts
    assert "Smart cloud is unreachable" in texts
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=1)
    assert audit[0].action == "send_destination"
    assert audit[0].result in ("rejected", "failed")


async def test_save_as_a_place_keeps_the_shared_venue_under_its_name(logged_in: Bot) -> None:
    calls = await share(logged_in)
    save = next(d for d in calls[0].callback_data if d.startswith("v1:pv:"))
    saved = await logged_in.press(save)
    assert logged_in.texts(saved)[0].startswith("Saved <b>Marienplatz &lt;Mitte&gt;</b>.")
    listing = await logged_in.send("/places")
    assert (
        "🏠 <b>Marienplatz &lt;Mitte&gt;</b> · Spectrum Blue #1 · 150 m · 🏁 arrival"
        in (logged_in.texts(listing)[0])
    )
    again = await logged_in.press(save)
    assert logged_in.texts(again) == [], "the offer saves once"
