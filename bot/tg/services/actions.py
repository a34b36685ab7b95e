"""The bot's remote actions as data: which client action each sends, how its progress reads,
whether it needs a confirmation, and which change in the status proves the car did it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.smart.commands import spec_for
from bot.smart.models import CarModel, VehicleStatus

Expectation = Callable[[VehicleStatus, Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class RemoteAction:
    """One thing a user can ask of a car.

    Attributes:
        name: our id; also the catalogue suffix of `progress.<name>` and the audit action.
        client_action: the action name in `bot.smart.commands.ACTIONS`.
        confirm: catalogue key of the confirmation question, None when it runs at once.
        expect: the status change that confirms it; None when the status cannot show it.
        reads_charge_target: the confirming status needs the charge target (an extra call).
    """

    name: str
    client_action: str
    confirm: str | None = None
    expect: Expectation | None = None
    reads_charge_target: bool = False

    def supported_by(self, model: CarModel) -> bool:
        """True when the car's model offers this action."""
        try:
            spec_for(self.client_action, model)
        except ValueError:
            return False
        return True

    def confirmed_by(self, status: VehicleStatus, params: Mapping[str, Any]) -> bool:
        """True when `status` shows the action took effect."""
        return self.expect is not None and self.expect(status, params)


def _locked(value: bool) -> Expectation:
    return lambda status, _params: status.locked is value


def _climate(value: bool) -> Expectation:
    return lambda status, _params: status.climate_on is value


def _charging(value: bool) -> Expectation:
    return lambda status, _params: status.is_charging is value


def _lid(value: bool) -> Expectation:
    return lambda status, _params: status.charge_lid_open is value


def _windows_closed(status: VehicleStatus, _params: Mapping[str, Any]) -> bool:
    return status.windows_open is not None and not status.windows_open


def _windows_open(status: VehicleStatus, _params: Mapping[str, Any]) -> bool:
    return bool(status.windows_open)


def _limit(status: VehicleStatus, params: Mapping[str, Any]) -> bool:
    return status.charge_target_percent == params.get("percent")


_ACTIONS = (
    RemoteAction("lock", "lock", expect=_locked(True)),
    RemoteAction("unlock", "unlock", confirm="confirm.unlock", expect=_locked(False)),
    RemoteAction("climate_on", "climate_start", expect=_climate(True)),
    RemoteAction("climate_off", "climate_stop", expect=_climate(False)),
    RemoteAction("defrost_on", "defrost_on"),
    RemoteAction("defrost_off", "defrost_off"),
    RemoteAction("seat_heat", "seat_heating"),
    RemoteAction("seat_vent", "seat_ventilation"),
    RemoteAction("horn", "horn"),
    RemoteAction("flash", "flash"),
    RemoteAction("find", "find"),
    RemoteAction("windows_close", "windows_close", expect=_windows_closed),
    RemoteAction(
        "windows_vent", "windows_ventilate", confirm="confirm.windows_vent", expect=_windows_open
    ),
    RemoteAction("sunshade_open", "sunshade_open"),
    RemoteAction("sunshade_close", "sunshade_close"),
    RemoteAction("trunk_lock", "trunk_lock"),
    RemoteAction("trunk_unlock", "trunk_unlock", confirm="confirm.trunk_unlock"),
    RemoteAction("charge_start", "charging_start", expect=_charging(True)),
    RemoteAction("charge_stop", "charging_stop", expect=_charging(False)),
    RemoteAction("charge_limit", "charge_limit", expect=_limit, reads_charge_target=True),
    RemoteAction("chargelid_open", "charge_lid_open", expect=_lid(True)),
    RemoteAction("chargelid_close", "charge_lid_close", expect=_lid(False)),
    RemoteAction("fridge_on", "fridge_on"),
    RemoteAction("fridge_off", "fridge_off"),
    RemoteAction("fragrance_on", "fragrance_on"),
    RemoteAction("fragrance_off", "fragrance_off"),
    RemoteAction("tracking_on", "tracking_on"),
    RemoteAction("tracking_off", "tracking_off"),
    RemoteAction("locker_lock", "locker_lock"),
    RemoteAction("locker_unlock", "locker_unlock", confirm="confirm.locker_unlock"),
)

ACTIONS: Mapping[str, RemoteAction] = {action.name: action for action in _ACTIONS}
