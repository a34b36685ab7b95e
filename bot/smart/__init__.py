"""Async client for the Smart vehicle cloud (EU and INTL). Imports nothing from the bot."""

from __future__ import annotations

from bot.smart.client import SmartClient
from bot.smart.command_table import ACTIONS, COMMAND_TABLE, CommandSpec, Provenance
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
from bot.smart.models import CarModel, CommandResult, Firmware, Tokens, Vehicle, VehicleStatus
from bot.smart.status import parse_status

__all__ = [
    "ACTIONS",
    "COMMAND_TABLE",
    "AuthenticationError",
    "CarModel",
    "CloudUnavailableError",
    "CommandRejectedError",
    "CommandResult",
    "CommandSpec",
    "Endpoints",
    "Firmware",
    "InvalidCredentialsError",
    "NotFoundError",
    "Provenance",
    "RateLimitedError",
    "Region",
    "SignatureError",
    "SmartAPIError",
    "SmartClient",
    "TokenExpiredError",
    "Tokens",
    "Vehicle",
    "VehicleNotLinkedError",
    "VehicleNotSelectedError",
    "VehicleStatus",
    "parse_status",
]
