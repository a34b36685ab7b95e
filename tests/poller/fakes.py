"""Small fakes for poller tests: a clock, a scriptable cloud, a recording notifier."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.poller.alerts import Alert
from bot.smart.models import Firmware, VehicleStatus
from bot.storage.types import utcnow


class FakeClock:
    """An aware UTC clock that moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = (start or utcnow()).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


class FakeCloud:
    """Serves a status per VIN stamped with the clock; can fail per VIN or per account."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.statuses: dict[str, VehicleStatus] = {}
        self.targets: dict[str, int | None] = {}
        self.errors: dict[str, BaseException] = {}
        self.account_errors: dict[int, BaseException] = {}
        self.reads: Counter[str] = Counter()
        self.target_reads: Counter[str] = Counter()
        self.firmware: dict[str, Firmware | None] = {}
        self.firmware_errors: dict[str, BaseException] = {}
        self.firmware_reads: Counter[str] = Counter()
        # Awaited inside every status read: what happens while a poll is in flight.
        self.during_read: Callable[[], Awaitable[None]] | None = None

    def offer_update(self, vin: str, version: str) -> None:
        """The OTA service offers `version` over what the car runs."""
        current = self.firmware.get(vin)
        installed = current.current_version if current else "1.0"
        self.firmware[vin] = Firmware(installed, version, update_available=True)

    def set(self, vin: str, **changes: Any) -> VehicleStatus:
        """Change the car; the cloud stamps the new status with the current time."""
        base = self.statuses.get(vin, VehicleStatus())
        self.statuses[vin] = replace(base, updated_at=self.clock.now, **changes)
        return self.statuses[vin]

    async def for_account(self, account_id: int) -> _Reader:
        return _Reader(self, account_id)


class _Reader:
    def __init__(self, cloud: FakeCloud, account_id: int) -> None:
        self._cloud = cloud
        self._account_id = account_id

    async def get_status(self, vin: str, *, with_charge_target: bool = False) -> VehicleStatus:
        self._cloud.reads[vin] += 1
        if self._cloud.during_read is not None:
            await self._cloud.during_read()
        error = self._cloud.account_errors.get(self._account_id) or self._cloud.errors.get(vin)
        if error is not None:
            raise error
        return self._cloud.statuses[vin]

    async def get_charge_target(self, vin: str) -> int | None:
        self._cloud.target_reads[vin] += 1
        return self._cloud.targets.get(vin)

    async def get_firmware(self, vin: str) -> Firmware | None:
        self._cloud.firmware_reads[vin] += 1
        error = self._cloud.firmware_errors.get(vin)
        if error is not None:
            raise error
        return self._cloud.firmware.get(vin)


class RecordingNotifier:
    """Records delivered alerts; `failures` are raised, in order, before delivering."""

    def __init__(self) -> None:
        self.delivered: list[Alert] = []
        self.failures: list[BaseException] = []
        self.attempts = 0

    async def deliver(self, alert: Alert) -> None:
        self.attempts += 1
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(alert)

    def take(self) -> list[Alert]:
        """The alerts delivered since the last call."""
        taken, self.delivered = self.delivered, []
        return taken
