"""What each car can do, as its capability list says, kept per car for a day.

The list is read from the cloud the first time a car's functions matter (a command, /help,
the status card) and again once it is a day old; a list that could not be read counts as
"nothing known" (every function allowed) and is tried again after a few minutes. Reading it
is one request per car and day, so checking it on every command costs nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.commands.actions import ACTIONS, Action
from bot.commands.clients import ClientPool
from bot.commands.errors import UnsupportedActionError
from bot.smart.capabilities import Capabilities, CapabilitySource, Function, Presence
from bot.smart.errors import SmartAPIError
from bot.smart.redact import short_vin
from bot.storage.records import CarRecord

_LOGGER = logging.getLogger(__name__)

FRESH_FOR = timedelta(days=1)
RETRY_AFTER = timedelta(minutes=10)


@dataclass
class CapabilityCache:
    """The capability list of each car, read at most once a day; one per process."""

    clients: ClientPool
    clock: Callable[[], datetime]
    _entries: dict[str, tuple[datetime, Capabilities]] = field(default_factory=dict)

    async def of(self, car: CarRecord) -> Capabilities:
        """The car's capabilities (empty - everything allowed - when unreadable)."""
        now = self.clock()
        entry = self._entries.get(car.vin)
        if entry is not None and entry[0] > now:
            return entry[1]
        try:
            client = await self.clients.for_account(car.account_id)
            found = await client.get_capabilities(car.vin)
        except SmartAPIError as exc:
            _LOGGER.info(
                "capabilities of %s unreadable (%s)", short_vin(car.vin), type(exc).__name__
            )
            found = Capabilities()
        fresh = RETRY_AFTER if found.source is CapabilitySource.NONE else FRESH_FOR
        self._entries[car.vin] = (now + fresh, found)
        return found

    async def allows(self, car: CarRecord, action: Action) -> bool:
        """False when the model lacks `action` or the car's list says it is absent."""
        if not action.supported_by(car.model):
            return False
        return (await self.of(car)).allows_action(action.client_action)

    async def require(self, car: CarRecord, action: Action) -> None:
        """Refuse an action the car lacks.

        Raises:
            UnsupportedActionError: the model or the car's capability list lacks it.
        """
        if not await self.allows(car, action):
            raise UnsupportedActionError(model=car.model.value, command=action.command)

    async def offered(self, car: CarRecord) -> list[Action]:
        """The actions this car offers, in table order."""
        capabilities = await self.of(car)
        return [
            action
            for action in ACTIONS.values()
            if action.supported_by(car.model) and capabilities.allows_action(action.client_action)
        ]

    async def lacks(self, car: CarRecord) -> frozenset[str]:
        """The functions (`Function` values) the car's list says it lacks."""
        capabilities = await self.of(car)
        return frozenset(
            function.value
            for function in Function
            if capabilities.presence(function) is Presence.ABSENT
        )
