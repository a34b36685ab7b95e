"""Async client for the Smart vehicle cloud (EU and INTL). Imports nothing from the bot."""

from __future__ import annotations

from bot.smart.capabilities import (
    Capabilities,
    CapabilitySource,
    Function,
    Presence,
    available_actions,
)
from bot.smart.charging import ChargerConnection, ChargingState
from bot.smart.client import SmartClient
from bot.smart.command_table import ACTIONS, COMMAND_TABLE, CommandSpec, Provenance
from bot.smart.commands import evidence, is_experimental
from bot.smart.const import Region
from bot.smart.endpoints import Endpoints
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    CommandRejectedError,
    InvalidCredentialsError,
    NotFoundError,
    RateLimitedError,
    SignatureError,
    SmartAPIError,
    TokenExpiredError,
    VehicleNotLinkedError,
    VehicleNotSelectedError,
)
from bot.smart.models import (
    CarModel,
    CommandResult,
    Firmware,
    SequenceResult,
    StepResult,
    Tokens,
    Vehicle,
    VehicleStatus,
)
from bot.smart.status import parse_status

__all__ = [
    "ACTIONS",
    "COMMAND_TABLE",
    "AuthenticationError",
    "Capabilities",
    "CapabilitySource",
    "CarModel",
    "ChargerConnection",
    "ChargingState",
    "CloudUnavailableError",
    "CommandRejectedError",
    "CommandResult",
    "CommandSpec",
    "Endpoints",
    "Firmware",
    "Function",
    "InvalidCredentialsError",
    "NotFoundError",
    "Presence",
    "Provenance",
    "RateLimitedError",
    "Region",
    "SequenceResult",
    "SignatureError",
    "SmartAPIError",
    "SmartClient",
    "StepResult",
    "TokenExpiredError",
    "Tokens",
    "Vehicle",
    "VehicleNotLinkedError",
    "VehicleNotSelectedError",
    "VehicleStatus",
    "available_actions",
    "evidence",
    "is_experimental",
    "parse_status",
]
