"""The remote actions: one row per thing a user can ask of a car, and the only list of them.

A row names our action (`name`: the audit entry, the pending command, and the suffix of its
texts `progress.<name>`, `history.action.<name>` and, when it asks first, `confirm.<name>`),
the client call it makes (`client_action`, a row of `bot.smart.command_table`, which holds
the wire format per car model), the chat command and the words that pick it, whether it
needs a confirmation, which status field and value prove that it worked, and its cool-down.
Everything else is derived from the row: its argument rules and evidence level (from the
smart command table), the Telegram parsers and menu, the poller's expected effects and the
history labels.

An action with a `plan` is a sequence: the runner sends the steps the plan gives for the
car's model (`SmartClient.send_sequence`) as one command, under one cool-down ("warm car":
one RCE_2 on #1/#3, RCE_2 and a ZAF request per seat on a #5; "all comfort off" on a #5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.smart.comfort import Step, all_off_steps, warm_steps
from bot.smart.command_table import COMMAND_TABLE, Args, Provenance
from bot.smart.commands import spec_for
from bot.smart.const import COMMAND_COOLDOWN_SECONDS
from bot.smart.models import CarModel, VehicleStatus

# The car ignores commands that follow each other closely (the cloud's own guidance).
COOLDOWN = timedelta(seconds=COMMAND_COOLDOWN_SECONDS)
ON = ("on", "an", "ein", "start")
OFF = ("off", "aus", "stop")
# The words after `/climate` that ask for the user's climate preset with seat heat.
SEATS = ("seats", "seat", "sitze", "sitz", "preset", "warm")
ALL_MODELS: frozenset[CarModel] = frozenset()

# A sequence's steps for a car model and the command's parameters.
Plan = Callable[[CarModel, Mapping[str, Any]], list[Step]]


@dataclass(frozen=True, slots=True)
class Proof:
    """The status change that shows an action worked: `field` reads `value`, or the value of
    the command's parameter `param` (a charge limit). A set (open windows) reads as "any"."""

    field: str
    value: bool | None = None
    param: str | None = None

    def expected(self, params: Mapping[str, Any]) -> object:
        """The value the field should read after the command."""
        return params.get(self.param) if self.param is not None else self.value

    def shown_by(self, status: VehicleStatus, params: Mapping[str, Any]) -> bool:
        """True when `status` shows the change."""
        actual = getattr(status, self.field)
        if isinstance(actual, frozenset):
            actual = bool(actual)
        return actual is not None and actual == self.expected(params)


@dataclass(frozen=True, slots=True)
class Action:
    """One remote action (see the module docstring for what each field feeds).

    Attributes:
        name: our id, in the audit log, the pending command and the catalogue keys.
        client_action: the row of `bot.smart.command_table` the client sends.
        command: the chat command that reaches it ("/windows").
        words: the first words that pick this action among its command's ("close", "zu");
            empty for the command's default action.
        confirm: ask the user first (with `confirm.<name>`).
        proof: the status change that proves it worked; None when the status cannot show it.
        cooldown: how long the car takes no next command after this one.
        menu: the command is in the published command menu.
        plan: the steps of a sequence (see the module docstring); None for one request.
        models: the car models that offer it beyond what the command table says (empty:
            every model the table offers it on).
    """

    name: str
    client_action: str
    command: str
    words: tuple[str, ...] = ()
    confirm: bool = False
    proof: Proof | None = None
    cooldown: timedelta = COOLDOWN
    menu: bool = False
    plan: Plan | None = None
    models: frozenset[CarModel] = ALL_MODELS

    @property
    def args(self) -> Args:
        """Which arguments it takes, as the smart command table says."""
        return next(spec.args for spec in COMMAND_TABLE if spec.action == self.client_action)

    def supported_by(self, model: CarModel) -> bool:
        """True when the car's model offers this action."""
        if self.models and model not in self.models:
            return False
        try:
            spec_for(self.client_action, model)
        except ValueError:
            return False
        return True

    def evidence(self, model: CarModel) -> Provenance:
        """How far its wire format is known to work on `model` (captured ... documented only).

        Raises:
            ValueError: the model does not offer it.
        """
        return spec_for(self.client_action, model).provenance

    def experimental(self, model: CarModel) -> bool:
        """True when nobody has seen its wire format work on `model` (label it so)."""
        return self.supported_by(model) and self.evidence(model).experimental


def _warm(model: CarModel, params: Mapping[str, Any]) -> list[Step]:
    """Climate at the preset's temperature with its seat/wheel heat, as one command."""
    heat = params.get("heat")
    return warm_steps(
        model,
        float(params.get("temp_c", 21.0)),
        heat if isinstance(heat, Mapping) else None,
        params.get("minutes"),
    )


def _all_off(model: CarModel, _params: Mapping[str, Any]) -> list[Step]:
    return all_off_steps(model)


def _locked(value: bool) -> Proof:
    return Proof("locked", value)


_OPEN = ("open", "auf")
_CLOSE = ("close", "zu")

_ACTIONS = (
    Action("lock", "lock", "lock", proof=_locked(True), menu=True),
    Action("unlock", "unlock", "unlock", confirm=True, proof=_locked(False), menu=True),
    Action("climate_on", "climate_start", "climate", proof=Proof("climate_on", True), menu=True),
    Action("climate_off", "climate_stop", "climate", OFF, proof=Proof("climate_on", False)),
    Action(
        "warm_car", "climate_start", "climate", SEATS, proof=Proof("climate_on", True), plan=_warm
    ),
    Action("defrost_on", "defrost_on", "defrost", ON, proof=Proof("defrost_on", True)),
    Action("defrost_off", "defrost_off", "defrost", OFF, proof=Proof("defrost_on", False)),
    Action(
        "comfort_off",
        "defrost_off",
        "comfort",
        OFF,
        plan=_all_off,
        models=frozenset({CarModel.SMART_5}),
    ),
    Action("seat_heat", "seat_heating", "seatheat"),
    Action("seat_vent", "seat_ventilation", "seatvent"),
    Action("horn", "horn", "horn"),
    Action("flash", "flash", "flash"),
    Action("find", "find", "find"),
    Action("windows_close", "windows_close", "windows", _CLOSE, proof=Proof("windows_open", False)),
    Action(
        "windows_vent",
        "windows_ventilate",
        "windows",
        ("vent", *_OPEN),
        confirm=True,
        proof=Proof("windows_open", True),
    ),
    Action("sunshade_open", "sunshade_open", "sunshade", _OPEN),
    Action("sunshade_close", "sunshade_close", "sunshade", _CLOSE),
    Action("trunk_lock", "trunk_lock", "trunk", ("lock",)),
    Action("trunk_unlock", "trunk_unlock", "trunk", ("unlock",), confirm=True),
    Action(
        "charge_start",
        "charging_start",
        "charge",
        ("start", "on", "an"),
        proof=Proof("is_charging", True),
        menu=True,
    ),
    Action(
        "charge_stop",
        "charging_stop",
        "charge",
        ("stop", "off", "aus"),
        proof=Proof("is_charging", False),
    ),
    Action(
        "charge_limit",
        "charge_limit",
        "charge",
        ("limit", "target", "ziel"),
        proof=Proof("charge_target_percent", param="percent"),
    ),
    Action(
        "chargelid_open",
        "charge_lid_open",
        "chargelid",
        _OPEN,
        proof=Proof("charge_lid_open", True),
    ),
    Action(
        "chargelid_close",
        "charge_lid_close",
        "chargelid",
        _CLOSE,
        proof=Proof("charge_lid_open", False),
    ),
    Action("fridge_on", "fridge_on", "fridge", ON),
    Action("fridge_off", "fridge_off", "fridge", OFF),
    Action("fragrance_on", "fragrance_on", "fragrance", ON),
    Action("fragrance_off", "fragrance_off", "fragrance", OFF),
    Action("tracking_on", "tracking_on", "tracking", ON),
    Action("tracking_off", "tracking_off", "tracking", OFF),
    Action("locker_lock", "locker_lock", "locker", ("lock",)),
    Action("locker_unlock", "locker_unlock", "locker", ("unlock",), confirm=True),
)

ACTIONS: Mapping[str, Action] = {action.name: action for action in _ACTIONS}


def proof_of(name: str) -> Proof | None:
    """The proof of a stored pending command (our action name), None when it has none."""
    action = ACTIONS.get(name.strip().lower())
    return action.proof if action is not None else None


def by_command() -> dict[str, list[Action]]:
    """The actions grouped by their chat command, in table order."""
    grouped: dict[str, list[Action]] = {}
    for action in _ACTIONS:
        grouped.setdefault(action.command, []).append(action)
    return grouped


def menu_commands() -> tuple[str, ...]:
    """The chat commands of remote actions in the published menu, in table order."""
    return tuple(dict.fromkeys(action.command for action in _ACTIONS if action.menu))
