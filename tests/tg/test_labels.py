"""Honest labels (issue 14): commands nobody has seen work are marked experimental in /help,
on their buttons and in their first reply; what a car's capability list lacks is hidden and
refused; the list is read once per car, not per command."""

from __future__ import annotations

from bot.commands.actions import by_command
from bot.tg.i18n import CATALOGUES, Lang
from tests.tg.conftest import VIN_1, VIN_5, Bot
from tests.tg.test_commands import commands_sent

NOTE = "this command has not been seen working on every car; tell us if it does nothing"


def line_of(text: str, command: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(command))


def capability_reads(bot: Bot) -> int:
    return sum(1 for r in bot.sim.requests if "/capability/" in r.path)


def test_every_remote_command_has_a_help_line_in_both_languages() -> None:
    for lang in Lang:
        assert [c for c in by_command() if f"help.cmd.{c}" not in CATALOGUES[lang]] == []


async def test_help_marks_the_experimental_commands_and_not_the_captured_ones(
    logged_in: Bot,
) -> None:
    text = (await logged_in.send("/help"))[0].text
    for command in ("/find", "/fridge", "/fragrance", "/tracking", "/locker"):
        assert "experimental" in line_of(text, command), command
    for command in ("/lock", "/climate", "/defrost", "/charge ", "/comfort"):
        assert "experimental" not in line_of(text, command), command
    assert "tell us if one does nothing" in text


async def test_an_experimental_command_says_so_in_its_first_reply(logged_in: Bot) -> None:
    calls = await logged_in.send("/find")
    assert NOTE in calls[0].text
    lock = await logged_in.send("/lock")
    assert NOTE not in lock[0].text


async def test_the_confirm_button_of_an_experimental_command_is_labelled(logged_in: Bot) -> None:
    calls = await logged_in.send("/locker unlock")
    assert NOTE in calls[0].text
    assert calls[0].buttons[0]["text"] == "✅ Yes, try it (experimental)"
    unlock = await logged_in.send("/unlock")
    assert unlock[0].buttons[0]["text"] == "✅ Yes, do it"


async def test_german_labels_say_experimentell(logged_in: Bot) -> None:
    calls = await logged_in.send("/find", language="de")
    assert "Experimentell" in calls[0].text


async def test_a_function_the_capability_list_lacks_is_hidden_from_help_and_refused(
    logged_in: Bot,
) -> None:
    for vin in (VIN_1, VIN_5):
        logged_in.sim.switch_capability(vin, "fragrance_exhausted_warning_2", enabled=False)
    text = (await logged_in.send("/help"))[0].text
    assert "/fragrance" not in text
    assert "/fridge" in text
    calls = await logged_in.send("/fragrance on")
    assert "The smart #1 has no such function (/fragrance)" in calls[0].text
    assert commands_sent(logged_in) == []


async def test_seat_ventilation_is_refused_on_a_car_whose_list_lacks_it(logged_in: Bot) -> None:
    calls = await logged_in.send("/seatvent 2")
    assert "no such function (/seatvent)" in calls[0].text
    calls = await logged_in.send("/seatvent passenger 1 B-SM 505")
    assert "Setting seat ventilation" in calls[0].text
    assert commands_sent(logged_in)[-1]["serviceId"] == "ZAF"


async def test_the_capability_list_is_read_once_a_day_per_car(logged_in: Bot) -> None:
    await logged_in.send("/help")
    reads = capability_reads(logged_in)
    assert reads == 2
    await logged_in.send("/help")
    await logged_in.send("/lock")
    await logged_in.send("/status")
    assert capability_reads(logged_in) == reads
    logged_in.advance(86_400 + 1)
    await logged_in.send("/help")
    assert capability_reads(logged_in) == reads + 2
