"""What a failed poll does to the car's and the account's schedule.

- Rate limited (429): the account pauses exactly as long as the cloud asked.
- Authentication failures: the account backs off; after `AUTH_FAILURE_LIMIT` in a row (or at
  once when the stored password was refused) polling of the account stops and its owner is
  told, once, to /login again. A new /login clears the flag (`repo_accounts.save_account`).
- The car left the account: that car is retried hourly; the account goes on.
- Other cloud failures (outage, timeout, odd answer): the account backs off exponentially with
  jitter; other accounts are not affected.
- A bug or an unreadable payload: only that car backs off, and it is logged with a traceback.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime

from bot.log import short_vin
from bot.poller.alerts import Alert
from bot.poller.events import Event, EventKind, episode_key
from bot.poller.intervals import NOT_LINKED_RETRY_S, after, backoff_delay
from bot.poller.sender import to_outbox
from bot.smart.errors import (
    AuthenticationError,
    InvalidCredentialsError,
    RateLimitedError,
    SmartAPIError,
    VehicleNotLinkedError,
)
from bot.storage import repo_accounts, repo_outbox, repo_polls
from bot.storage.db import Database
from bot.storage.records import PollJob

_LOGGER = logging.getLogger(__name__)

AUTH_FAILURE_LIMIT = 3


def describe(err: BaseException) -> str:
    """A short, secret-free description for `last_error` columns: class name and code."""
    code = getattr(err, "code", None)
    return f"{type(err).__name__}:{code}" if code else type(err).__name__


class FailurePolicy:
    """Applies the rules above. Returns, for account-wide failures, when the account resumes."""

    def __init__(self, *, db: Database, owner: str, rng: random.Random) -> None:
        self._db = db
        self._owner = owner
        self._rng = rng

    async def handle(self, job: PollJob, err: BaseException, now: datetime) -> datetime | None:
        """Record the failure; the account's resume time when the whole account must wait."""
        if isinstance(err, RateLimitedError):
            return await self._rate_limited(job, err, now)
        if isinstance(err, AuthenticationError):
            return await self._auth_failed(job, err, now)
        if isinstance(err, VehicleNotLinkedError):
            _LOGGER.warning("car %s is no longer on its account", short_vin(job.vin))
            await self._car_failed(job, err, after(now, NOT_LINKED_RETRY_S), now)
            return None
        if isinstance(err, SmartAPIError | TimeoutError):
            return await self._account_failed(job, err, now)
        failures = job.state.consecutive_failures + 1
        _LOGGER.error(
            "polling car %s failed unexpectedly (%d in a row)",
            short_vin(job.vin),
            failures,
            exc_info=err,
        )
        await self._car_failed(job, err, after(now, backoff_delay(failures, self._rng)), now)
        return None

    async def _car_failed(
        self, job: PollJob, err: BaseException, next_poll_at: datetime, now: datetime
    ) -> None:
        await repo_polls.record_poll_failure(
            self._db,
            vehicle_id=job.vehicle_id,
            owner=self._owner,
            error=describe(err),
            next_poll_at=next_poll_at,
            now=now,
        )

    async def _rate_limited(self, job: PollJob, err: RateLimitedError, now: datetime) -> datetime:
        until = after(now, max(float(err.retry_after), 1.0))
        _LOGGER.warning("account %s rate limited; paused %.0f s", job.account_id, err.retry_after)
        await repo_accounts.record_account_poll_failure(
            self._db, account_id=job.account_id, backoff_until=until, now=now
        )
        await self._car_failed(job, err, until, now)
        return until

    async def _account_failed(self, job: PollJob, err: BaseException, now: datetime) -> datetime:
        info = await repo_accounts.get_account_by_id(self._db, account_id=job.account_id)
        failures = (info.poll_failures if info else 0) + 1
        until = after(now, backoff_delay(failures, self._rng))
        _LOGGER.warning(
            "account %s: poll of %s failed (%s), %d in a row; backing off until %s",
            job.account_id,
            short_vin(job.vin),
            describe(err),
            failures,
            until.isoformat(timespec="seconds"),
        )
        await repo_accounts.record_account_poll_failure(
            self._db, account_id=job.account_id, backoff_until=until, now=now
        )
        await self._car_failed(job, err, until, now)
        return until

    async def _auth_failed(self, job: PollJob, err: AuthenticationError, now: datetime) -> datetime:
        before = await repo_accounts.get_account_by_id(self._db, account_id=job.account_id)
        failures = (before.auth_failures if before else 0) + 1
        until = after(now, backoff_delay(failures, self._rng))
        info = await repo_accounts.record_account_poll_failure(
            self._db, account_id=job.account_id, backoff_until=until, auth=True, now=now
        )
        await self._car_failed(job, err, until, now)
        refused = isinstance(err, InvalidCredentialsError)
        if info is None or not (refused or info.auth_failures >= AUTH_FAILURE_LIMIT):
            _LOGGER.warning("account %s: authentication failed (%d)", job.account_id, failures)
            return until
        if await repo_accounts.set_needs_login(
            self._db, account_id=job.account_id, needs_login=True, now=now
        ):
            _LOGGER.warning("account %s: polling stopped until the user logs in", job.account_id)
            await self._tell_to_login(info.user_id, job.account_id, now)
        return until

    async def _tell_to_login(self, user_id: int, account_id: int, now: datetime) -> None:
        event = Event(
            kind=EventKind.LOGIN_REQUIRED,
            vin="",
            at=now,
            episode=f"account{account_id}-{episode_key(now)}",
        )
        alert = Alert.build(user_id=user_id, vin="", car_name="", events=(event,), created_at=now)
        await repo_outbox.enqueue_messages(
            self._db, messages=[to_outbox(alert, vehicle_id=None)], now=now
        )
