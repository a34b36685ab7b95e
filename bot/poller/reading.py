"""What a poll asks the cloud: the car's cached status (with the charge target only when it
may have changed) and, about once a day, the OTA service's software versions; and the part
of the cloud client the poller needs for it (`StatusReader`, `ClientSource`)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.log import short_vin
from bot.poller.step import FirmwareInfo
from bot.smart.errors import SmartAPIError
from bot.smart.models import VehicleStatus
from bot.storage.records import PollJob

_LOGGER = logging.getLogger(__name__)


class StatusReader(Protocol):
    """The part of `SmartClient` the poller uses."""

    async def get_status(self, vin: str, *, with_charge_target: bool = False) -> VehicleStatus:
        """The car's cached status."""

    async def get_charge_target(self, vin: str) -> int | None:
        """The charge limit in percent."""

    async def get_firmware(self, vin: str) -> FirmwareInfo | None:
        """The OTA service's software versions, None when it has none for the car."""


class ClientSource(Protocol):
    """Gives the client of a stored account (`bot.commands.clients.ClientPool`)."""

    async def for_account(self, account_id: int) -> StatusReader:
        """The account's client, built from its stored session on first use."""


@dataclass(frozen=True, slots=True)
class FirmwareCheck:
    """The OTA answer of this poll (None: not asked, or no data) and when to ask next."""

    info: FirmwareInfo | None
    due_at: datetime | None


async def read_status(client: StatusReader, job: PollJob) -> VehicleStatus:
    """The cached status, with the charge target when plugged in (fetched only when it
    may have changed: a new plug-in session, or a charge-limit command)."""
    status = await client.get_status(job.vin)
    previous = job.state.status
    known = previous.charge_target_percent if previous else None
    if status.charge_target_percent is not None or not (status.plugged_in or status.is_charging):
        return status
    pending = job.state.pending_command
    stale = (
        known is None
        or not (previous and (previous.plugged_in or previous.is_charging))
        or (pending is not None and "limit" in pending.command)
    )
    target = known
    if stale:
        try:
            target = await client.get_charge_target(job.vin)
        except SmartAPIError as err:
            _LOGGER.info("charge target of %s unavailable (%s)", short_vin(job.vin), err.code)
    return dataclasses.replace(status, charge_target_percent=target)


async def check_firmware(
    client: StatusReader,
    vin: str,
    due_at: datetime | None,
    now: datetime,
    *,
    limit_s: float,
    every: timedelta,
    retry: timedelta,
) -> FirmwareCheck:
    """Ask the OTA service when it is due (`every` after the last answer, waiting at most
    `limit_s`); its failures only move the next try (`retry` later)."""
    if due_at is not None and now < due_at:
        return FirmwareCheck(None, due_at)
    try:
        async with asyncio.timeout(limit_s):
            info = await client.get_firmware(vin)
    except (SmartAPIError, TimeoutError) as err:
        _LOGGER.info(
            "firmware of %s unavailable (%s); trying again later",
            short_vin(vin),
            type(err).__name__,
        )
        return FirmwareCheck(None, now + retry)
    return FirmwareCheck(info, now + every)
