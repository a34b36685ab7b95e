"""Remote commands: progress edited to the outcome, confirmations, cooldown, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import update

from bot.smart.capabilities import Capabilities
from bot.smart.models import VehicleStatus
from bot.storage import repo_audit, repo_polls, repo_vehicles
from bot.storage.records import CarRecord
from bot.storage.tables import VehicleState
from bot.tg.handlers import progress
from tests.tg.conftest import ADMIN, FRIEND, Bot


def commands_sent(bot: Bot) -> list[dict[str, Any]]:
    """Bodies of the command requests the simulated cloud received."""
    return [
        json.loads(r.body)
        for r in bot.sim.requests
        if r.method == "PUT" and ("telematics" in r.path or "journalLog" in r.path)
    ]


async def unlock(bot: Bot) -> None:
    await bot.send("/unlock")
    await bot.press(bot.button("cf"))
    bot.advance(10)


async def test_lock_shows_progress_then_edits_it_to_confirmed_by_the_car(logged_in: Bot) -> None:
    await unlock(logged_in)
    calls = await logged_in.send("/lock")
    progress, outcome = calls[0], calls[-1]
    assert progress.text == "Locking Spectrum Blue #1…"
    assert outcome.method == "editMessageText"
    assert outcome.params["message_id"] == progress.result["message_id"]
    assert "Done, confirmed by the car" in outcome.text
    assert commands_sent(logged_in)[-1]["serviceId"] == "RDL_2"
    audit = await repo_audit.recent_audit(logged_in.db, user_id=ADMIN, limit=1)
    assert (audit[0].action, audit[0].result, audit[0].source) == ("lock", "confirmed", "command")


async def test_unlock_asks_first_showing_the_current_state(logged_in: Bot) -> None:
    calls = await logged_in.send("/unlock")
    question = calls[0]
    assert "Unlock the doors of <b>Spectrum Blue #1</b>?" in question.text
    assert "Now: 🔒 Locked" in question.text
    assert "expires in 60 s" in question.text
    assert commands_sent(logged_in) == []
    done = await logged_in.press(logged_in.button("cf"), message_id=900)
    edits = [c for c in done if c.method == "editMessageText"]
    assert edits[0].params["message_id"] == 900
    assert "reply_markup" not in edits[0].params or edits[0].params["reply_markup"] is None
    assert "Unlocking" in edits[0].text
    assert "confirmed by the car" in edits[-1].text
    assert commands_sent(logged_in)[-1]["serviceId"] == "RDU_2"


async def test_a_confirmation_works_once(logged_in: Bot) -> None:
    await logged_in.send("/unlock")
    data = logged_in.button("cf")
    await logged_in.press(data)
    logged_in.advance(10)
    again = await logged_in.press(data)
    assert [c.method for c in again] == ["answerCallbackQuery"]
    assert "already used" in again[0].params["text"]
    assert len(commands_sent(logged_in)) == 1


async def test_an_expired_confirmation_says_so_and_does_nothing(logged_in: Bot) -> None:
    await logged_in.send("/trunk unlock")
    logged_in.advance(61)
    calls = await logged_in.press(logged_in.button("cf"))
    assert "expired" in logged_in.texts(calls)[0]
    assert commands_sent(logged_in) == []


async def test_cancel_removes_the_question_and_the_button_stays_dead(logged_in: Bot) -> None:
    await logged_in.send("/windows vent")
    confirm, cancel = logged_in.button("cf"), logged_in.button("cx")
    calls = await logged_in.press(cancel)
    assert "Cancelled" in logged_in.texts(calls)[0]
    calls = await logged_in.press(confirm)
    assert "already used" in calls[0].params["text"]
    assert commands_sent(logged_in) == []


async def test_another_users_confirmation_cannot_be_pressed(logged_in: Bot) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    await logged_in.send("/locker unlock")
    calls = await logged_in.press(logged_in.button("cf"), user=FRIEND)
    assert "expired" in calls[0].params["text"]
    assert commands_sent(logged_in) == []
    assert (await repo_audit.recent_audit(logged_in.db, user_id=FRIEND))[0].result == "rejected"


async def test_a_second_command_within_the_cooldown_is_queued_and_sent_when_it_ends(
    logged_in: Bot,
) -> None:
    await logged_in.send("/horn")
    calls = await logged_in.send("/flash")  # the harness waits for the background work
    assert calls[0].text == (
        "Flashing the lights of Spectrum Blue #1…\n🕒 Queued: the car needs a short break "
        "between commands; this goes in 5 s."
    )
    assert len(commands_sent(logged_in)) == 2
    assert calls[-1].text.startswith("Flashing the lights of Spectrum Blue #1…\n")
    assert "Queued" not in calls[-1].text


async def test_climate_sends_the_temperature_and_confirms(logged_in: Bot) -> None:
    calls = await logged_in.send("/climate 22 10")
    assert calls[0].text.startswith("Starting the climate in Spectrum Blue #1 at 22 °C for 10")
    assert "confirmed by the car" in calls[-1].text
    body = commands_sent(logged_in)[-1]
    assert body["serviceId"] == "RCE_2"
    assert {"key": "rce.temp", "value": "22.0"} in body["serviceParameters"]


async def test_a_command_the_car_does_not_confirm_in_a_minute_says_so(logged_in: Bot) -> None:
    logged_in.sim.config.command_delay = 600
    calls = await logged_in.send("/climate off")
    calls = await logged_in.send("/climate 21")
    assert "has not confirmed it yet" in calls[-1].text


async def test_a_refused_command_shows_the_reason(logged_in: Bot) -> None:
    logged_in.sim.inject_code("8160", path_contains="telematics")
    calls = await logged_in.send("/lock")
    assert "❌ Refused" in calls[-1].text


async def test_a_cloud_outage_during_a_command_is_explained(logged_in: Bot) -> None:
    logged_in.sim.inject_http(502, count=10, path_contains="telematics")
    calls = await logged_in.send("/horn")
    assert "unreachable" in calls[-1].text


async def test_an_expired_session_is_renewed_without_the_user_noticing(logged_in: Bot) -> None:
    logged_in.sim.expire_tokens()
    calls = await logged_in.send("/horn")
    assert "accepted it" in calls[-1].text


async def test_a_rate_limit_says_when_to_retry(logged_in: Bot) -> None:
    logged_in.sim.inject_http(429, count=10, retry_after=30, path_contains="telematics")
    calls = await logged_in.send("/flash")
    assert "try again in 30 s" in calls[-1].text


async def test_a_function_the_model_lacks_says_so(logged_in: Bot) -> None:
    calls = await logged_in.send("/chargelid open")
    assert "The smart #1 has no such function (/chargelid)" in calls[0].text
    assert commands_sent(logged_in) == []
    calls = await logged_in.send("/chargelid open B-SM 505")
    assert "charge lid" in calls[0].text


async def test_the_status_buttons_run_commands(logged_in: Bot) -> None:
    await logged_in.send("/status")
    calls = await logged_in.press(logged_in.button("c1"))
    assert "at 21 °C" in logged_in.texts(calls)[0]
    logged_in.advance(10)
    await logged_in.send("/status")
    calls = await logged_in.press(logged_in.button("ul"))
    assert "Unlock the doors" in logged_in.texts(calls)[0]


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("/lock", "RDL_2"),
        ("/climate 22", "RCE_2"),
        ("/climate off", "RCE_2"),
        ("/defrost on", "RCE_2"),
        ("/defrost off", "RCE_2"),
        ("/seatheat driver 2", "RCE_2"),
        ("/seatheat wheel 0", "RCE_2"),
        ("/horn", "RHL"),
        ("/flash", "RHL"),
        ("/find", "RHL"),
        ("/windows close", "RWS_2"),
        ("/sunshade open", "RWS_2"),
        ("/sunshade close", "RWS_2"),
        ("/trunk lock", "RDL_2"),
        ("/charge start", "rcs"),
        ("/charge stop", "rcs"),
        ("/charge limit 80", "rcs"),
        ("/chargelid close B-SM 505", "RDC"),
        ("/fridge on", "UFR"),
        ("/fridge off", "UFR"),
        ("/fragrance on", "RFD_2"),
        ("/fragrance off", "RFD_2"),
        ("/tracking on", "VTM"),
        ("/tracking off", "VTM"),
        ("/locker lock", "RPC"),
    ],
)
async def test_every_command_reaches_the_cloud_and_reports_an_outcome(
    logged_in: Bot, text: str, service: str
) -> None:
    calls = await logged_in.send(text)
    assert calls[0].text.splitlines()[0].endswith("…"), calls[0].text
    assert calls[-1].method == "editMessageText"
    assert calls[-1].text.startswith(calls[0].text)
    assert any(mark in calls[-1].text for mark in ("✅", "☑️")), calls[-1].text
    assert commands_sent(logged_in)[-1]["serviceId"] == service


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/climate abc", "Usage: /climate"),
        ("/climate", "Usage: /climate"),
        ("/climate 45", "45 °C is out of range"),
        ("/climate 15.5", "15.5 °C is out of range"),
        ("/climate 22 99", "99 minutes is out of range"),
        ("/charge limit 42", "42 % is not a valid limit"),
        ("/charge limit 101", "101 % is not a valid limit"),
        ("/charge limit", "Usage: /charge"),
        ("/charge now", "Usage: /charge"),
        ("/defrost maybe", "Usage: /defrost"),
        ("/seatheat butt 2", "Usage: /seatheat"),
        ("/seatheat driver 7", "Usage: /seatheat"),
        ("/seatvent", "Usage: /seatvent"),
        ("/seatvent 9", "Usage: /seatvent"),
        ("/windows", "Usage: /windows"),
        ("/sunshade half", "Usage: /sunshade"),
        ("/trunk open", "Usage: /trunk"),
        ("/chargelid", "Usage: /chargelid"),
        ("/fridge", "Usage: /fridge"),
        ("/fragrance lots", "Usage: /fragrance"),
        ("/tracking", "Usage: /tracking"),
        ("/locker open", "Usage: /locker"),
        ("/lock Bluebird", "I do not know a car called “Bluebird”"),
        ("/frobnicate", "I do not know that command"),
    ],
)
async def test_bad_input_gets_a_precise_reply_and_nothing_is_sent(
    logged_in: Bot, text: str, expected: str
) -> None:
    calls = await logged_in.send(text)
    assert len(calls) == 1
    assert expected in calls[0].text
    assert "Example" in calls[0].text or "/help" in calls[0].text
    assert commands_sent(logged_in) == []


async def test_history_lists_the_last_commands(logged_in: Bot) -> None:
    await logged_in.send("/horn")
    logged_in.advance(6)
    await logged_in.send("/charge limit 90")
    calls = await logged_in.send("/history")
    lines = calls[0].text.splitlines()
    assert lines[0] == "<b>Last commands</b>"
    assert "charge limit" in lines[1]
    assert "horn" in lines[2]
    assert "Spectrum Blue #1" in lines[1]


async def test_history_is_empty_at_first(bot: Bot) -> None:
    assert "No commands yet" in (await bot.send("/history"))[0].text


async def test_a_replayed_confirmation_is_refused_and_audited(logged_in: Bot) -> None:
    await logged_in.send("/unlock")
    data = logged_in.button("cf")
    await logged_in.press(data)
    logged_in.advance(10)
    await logged_in.press(data)
    refusals = [
        entry
        for entry in await repo_audit.recent_audit(logged_in.db, user_id=ADMIN)
        if entry.result == "rejected"
    ]
    assert [entry.params for entry in refusals] == [{"reason": "replayed_confirmation"}]
    assert len(commands_sent(logged_in)) == 1


async def test_another_replicas_command_on_the_car_counts_for_the_cooldown(
    logged_in: Bot,
) -> None:
    await logged_in.send("/horn")
    logged_in.services.cooldown._free_at.clear()  # as seen by a replica that sent nothing itself
    calls = await logged_in.send("/flash")
    assert calls[0].text.endswith(
        "🕒 Queued: the car needs a short break between commands; this goes in 5 s."
    )
    assert len(commands_sent(logged_in)) == 2, "sent once the other replica's cool-down ended"


async def test_a_command_whose_progress_message_cannot_be_shown_is_not_sent_nor_kept(
    logged_in: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_message(*_args: object, **_kwargs: object) -> None:
        return None

    monkeypatch.setattr(progress, "send", no_message)
    await logged_in.send("/horn")
    assert commands_sent(logged_in) == []
    car = (await repo_vehicles.list_user_vehicles(logged_in.db, user_id=ADMIN))[0]
    state = await repo_polls.get_vehicle_state(logged_in.db, vehicle_id=car.id)
    assert state is not None
    assert state.pending_command is None
    monkeypatch.undo()
    logged_in.advance(6)  # the usual pause after a command
    calls = await logged_in.send("/horn")
    assert "Queued" not in calls[0].text
    assert len(commands_sent(logged_in)) == 1


async def test_try_anyway_after_an_old_unplugged_status_prepares_the_request_once_and_sends_it(
    logged_in: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    car = (await repo_vehicles.list_user_vehicles(logged_in.db, user_id=ADMIN))[0]
    an_hour_ago = logged_in.now()  # the stored status says unplugged, then an hour of silence
    async with logged_in.db.session() as session:
        await session.execute(
            update(VehicleState)
            .where(VehicleState.vehicle_id == car.id)  # type: ignore[arg-type]
            .values(
                last_status=VehicleStatus(updated_at=an_hour_ago, plugged_in=False).to_json_dict(),
                fetched_at=an_hour_ago,
            )
        )
    logged_in.advance(3600)
    capabilities = logged_in.services.capabilities
    lookups: list[str] = []
    looked_up = capabilities.of

    async def counted(checked: CarRecord) -> Capabilities:
        lookups.append(checked.vin)
        return await looked_up(checked)

    monkeypatch.setattr(capabilities, "of", counted)
    calls = await logged_in.send("/charge start")
    assert "Try anyway" in str(calls[-1].params.get("reply_markup"))
    assert lookups == [car.vin], "the refused request is prepared once, not again for the offer"
    assert commands_sent(logged_in) == []
    await logged_in.press(logged_in.button("cf"))
    assert len(commands_sent(logged_in)) == 1
