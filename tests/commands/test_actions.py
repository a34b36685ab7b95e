"""The action table is the one list of remote actions: every row is complete, and what other
layers need (parsers, menu, poller effects, history labels) comes from it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.commands.actions import ACTIONS, Action, Proof, by_command, menu_commands
from bot.poller.intervals import command_settled
from bot.poller.step import SentCommand
from bot.smart.command_table import COMMAND_TABLE, Provenance
from bot.smart.models import CarModel, VehicleStatus
from bot.tg.handlers.history import action_label
from bot.tg.i18n import CATALOGUES, Lang
from bot.tg.menu import MENU
from bot.tg.parsing import PARSERS, Parsed

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
STATUS_FIELDS = {f.name for f in dataclasses.fields(VehicleStatus)}


@pytest.mark.parametrize("action", list(ACTIONS.values()), ids=lambda a: a.name)
def test_every_action_is_complete(action: Action) -> None:
    assert any(spec.action == action.client_action for spec in COMMAND_TABLE)
    assert action.proof is None or action.proof.field in STATUS_FIELDS
    keys = [f"progress.{action.name}", f"history.action.{action.name}"]
    if action.confirm:
        keys.append(f"confirm.{action.name}")
    if action.words or len(by_command()[action.command]) > 1:
        keys.append(f"usage.{action.command}")
    for lang in Lang:
        assert [key for key in keys if key not in CATALOGUES[lang]] == []


def test_a_word_picks_one_action_of_its_command_and_a_command_has_one_default() -> None:
    for command, actions in by_command().items():
        words = [word for action in actions for word in action.words]
        assert len(words) == len(set(words)), command
        assert sum(1 for action in actions if not action.words) <= 1, command


def test_every_chat_command_reaches_its_actions() -> None:
    assert set(PARSERS) == {action.command for action in ACTIONS.values()}
    assert PARSERS["windows"](["zu", "Blue"]) == Parsed("windows_close", car="Blue")
    assert PARSERS["defrost"](["ein"]) == Parsed("defrost_on")
    assert PARSERS["climate"](["off", "Blue"]) == Parsed("climate_off", car="Blue")
    assert PARSERS["climate"](["on"]) == Parsed("climate_on", {"temp_c": 21.0})
    assert PARSERS["charge"](["ziel", "80", "B-SM"]) == Parsed(
        "charge_limit", {"percent": 80}, "B-SM"
    )
    assert PARSERS["trunk"](["unlock"]) == Parsed("trunk_unlock")


def test_the_menu_lists_the_remote_commands_marked_for_it_after_status() -> None:
    assert menu_commands() == ("lock", "unlock", "climate", "charge")
    assert MENU[:5] == ("status", "lock", "unlock", "climate", "charge")


def test_history_names_each_action_from_the_catalogue() -> None:
    assert action_label(Lang.EN, "windows_vent") == "vent windows"
    assert action_label(Lang.DE, "lock") != "lock"


def test_the_evidence_level_comes_from_the_smart_command_table() -> None:
    assert ACTIONS["lock"].evidence(CarModel.SMART_1) is Provenance.LIVE_CLIENT
    assert ACTIONS["fridge_on"].evidence(CarModel.SMART_1) is Provenance.DOCUMENTED
    with pytest.raises(ValueError, match="not available"):
        ACTIONS["chargelid_open"].evidence(CarModel.SMART_1)


def test_a_proof_reads_a_set_of_open_parts_as_any_and_a_limit_from_the_parameters() -> None:
    closed = VehicleStatus(windows_open=frozenset())
    assert Proof("windows_open", False).shown_by(closed, {})
    assert not Proof("windows_open", True).shown_by(closed, {})
    assert not Proof("windows_open", False).shown_by(VehicleStatus(), {})
    limit = Proof("charge_target_percent", param="percent")
    assert limit.shown_by(VehicleStatus(charge_target_percent=80), {"percent": 80})
    assert not limit.shown_by(VehicleStatus(charge_target_percent=90), {"percent": 80})


def test_the_poller_follows_a_command_until_its_proof_shows() -> None:
    sent = SentCommand("charge_limit", NOW, {"percent": 80})
    until = NOW + timedelta(minutes=1)
    later = NOW + timedelta(seconds=10)
    old_limit = VehicleStatus(updated_at=later, charge_target_percent=90)
    new_limit = VehicleStatus(updated_at=later, charge_target_percent=80)
    assert not command_settled(sent, old_limit, fast_poll_until=until, now=later)
    assert command_settled(sent, new_limit, fast_poll_until=until, now=later)
    assert SentCommand("lock", NOW).asked_for("locked", True)
    assert not SentCommand("unlock", NOW).asked_for("locked", True)
    assert SentCommand("climate_start", NOW).proof is None  # a wire name is not our action
