"""The outbox sender: delivers queued alerts through the `Notifier`, at least once, never twice.

Rows are claimed with a lease (two senders never take the same row), and each ends sent,
rescheduled or dropped:

- Telegram's flood control (`DeliveryRetryAfter`) is waited exactly: the row and the rest of
  the batch are rescheduled to that instant, and this sender sends nothing before it.
- Transient failures (`DeliveryFailed`, anything unexpected) are retried with exponential
  back-off and jitter; after `max_attempts` the row is dropped but kept for inspection.
- A user who blocked the bot (`DeliveryBlocked`) is marked inactive; the row is dropped.
- A refused message (`DeliveryRejected`) is dropped with a warning.
- Who may receive it is checked again right before each attempt: a user taken off the
  allowlist (/deny), a share taken back (/unshare) or a car removed drops the row
  ("not_allowed") instead of sending it.
- Each attempt is marked "sending" (committed) before the Bot API call. A row still marked
  when it is claimed again means the process died during the call, so whether Telegram took
  the message cannot be known (the Bot API has no idempotency key): a theft alert is sent
  again (twice rather than never), any other alert is dropped ("uncertain"; never twice).
- An alert older than its usefulness is dropped with a log line instead of being sent late;
  if only some of its events went stale, the rest is sent.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.poller.alerts import (
    Alert,
    DeliveryBlocked,
    DeliveryRejected,
    DeliveryRetryAfter,
    Notifier,
)
from bot.poller.events import THEFT_KINDS, USEFUL_FOR
from bot.poller.intervals import backoff_delay
from bot.storage import repo_alerts, repo_outbox, repo_users
from bot.storage.db import Database
from bot.storage.records import NewOutboxMessage, OutboxMessage
from bot.storage.types import utcnow

_LOGGER = logging.getLogger(__name__)

SEND_BACKOFF_BASE_S = 5.0
SEND_BACKOFF_CAP_S = 600.0


def to_outbox(alert: Alert, *, vehicle_id: int | None) -> NewOutboxMessage:
    """The outbox row for an alert; it expires when its most durable event stops being useful."""
    expires = max(event.at + USEFUL_FOR[event.kind] for event in alert.events)
    return NewOutboxMessage(
        dedupe_key=alert.dedupe_key,
        user_id=alert.user_id,
        chat_id=alert.chat_id,
        kind="+".join(kind.value for kind in alert.kinds)[:64],
        payload=alert.to_json_dict(),
        vehicle_id=vehicle_id,
        expires_at=expires,
    )


@dataclass(slots=True)
class SendReport:
    """What one `run_once` did."""

    sent: int = 0
    retried: int = 0
    dropped: int = 0


class OutboxSender:
    """Sends due outbox rows. Call `run_once` repeatedly (see `bot.poller.runtime`)."""

    def __init__(
        self,
        *,
        db: Database,
        notifier: Notifier,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        batch: int = 20,
        max_attempts: int = 8,
    ) -> None:
        self._db = db
        self._notifier = notifier
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311  (jitter, not cryptography)
        self._batch = batch
        self._max_attempts = max_attempts
        self.paused_until: datetime | None = None

    async def run_once(self) -> SendReport:
        """Claim a batch of due rows and handle each; returns the counts."""
        report = SendReport()
        now = self._clock()
        if self.paused_until is not None and now < self.paused_until:
            return report
        messages = await repo_outbox.claim_due_messages(self._db, limit=self._batch, now=now)
        for index, message in enumerate(messages):
            if self.paused_until is not None and self._clock() < self.paused_until:
                for rest in messages[index:]:
                    await repo_outbox.reschedule(self._db, outbox_id=rest.id, at=self.paused_until)
                report.retried += len(messages) - index
                break
            await self._handle(message, report)
        return report

    async def _handle(self, message: OutboxMessage, report: SendReport) -> None:
        now = self._clock()
        try:
            alert = Alert.from_json_dict(message.payload)
        except (KeyError, TypeError, ValueError):
            _LOGGER.warning("outbox row %s has an unreadable payload; dropped", message.id)
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="unreadable")
            report.dropped += 1
            return
        useful = alert.useful_part(now)
        if useful is None:
            _LOGGER.info(
                "alert %s (%s) for user %s is %s old and no longer useful; dropped",
                message.id,
                message.kind,
                message.user_id,
                _age(now - alert.created_at),
            )
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="expired")
            report.dropped += 1
            return
        if not await self._may_receive(message):
            _LOGGER.info(
                "alert %s: user %s may no longer receive it; dropped", message.id, message.user_id
            )
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="not_allowed")
            report.dropped += 1
            return
        if message.sending_at is not None and not THEFT_KINDS.intersection(useful.kinds):
            _LOGGER.warning(
                "alert %s: the process died while sending it; Telegram may have it; not repeated",
                message.id,
            )
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="uncertain")
            report.dropped += 1
            return
        await repo_outbox.mark_sending(self._db, outbox_id=message.id, now=self._clock())
        await self._deliver(message, useful, report)

    async def _may_receive(self, message: OutboxMessage) -> bool:
        """The user is still allowed and, for a car's alert, still owns or shares the car."""
        if message.vehicle_id is None:
            user = await repo_users.get_user(self._db, user_id=message.user_id)
            return user is not None and user.allowed
        audience = await repo_alerts.vehicle_audience(self._db, vehicle_id=message.vehicle_id)
        return any(member.user.id == message.user_id for member in audience)

    async def _deliver(self, message: OutboxMessage, alert: Alert, report: SendReport) -> None:
        try:
            await self._notifier.deliver(alert)
        except DeliveryRetryAfter as err:
            until = self._clock() + timedelta(seconds=err.seconds)
            self.paused_until = until
            await repo_outbox.reschedule(self._db, outbox_id=message.id, at=until)
            _LOGGER.warning("Telegram asked to wait %.1f s; sending paused", err.seconds)
            report.retried += 1
        except DeliveryBlocked:
            await repo_users.set_active(self._db, user_id=message.user_id, active=False)
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="blocked")
            _LOGGER.info("user %s blocked the bot; marked inactive", message.user_id)
            report.dropped += 1
        except DeliveryRejected as err:
            await repo_outbox.drop_message(self._db, outbox_id=message.id, reason="rejected")
            _LOGGER.warning("alert %s refused by Telegram (%s); dropped", message.id, err)
            report.dropped += 1
        except Exception as err:  # DeliveryFailed and anything unexpected: a sender never stops
            await self._retry_later(message, err, report)
        else:
            await repo_outbox.mark_sent(self._db, outbox_id=message.id, now=self._clock())
            report.sent += 1

    async def _retry_later(
        self, message: OutboxMessage, err: Exception, report: SendReport
    ) -> None:
        attempts = message.attempts + 1
        delay = backoff_delay(attempts, self._rng, base=SEND_BACKOFF_BASE_S, cap=SEND_BACKOFF_CAP_S)
        now = self._clock()
        again = await repo_outbox.mark_failed(
            self._db,
            outbox_id=message.id,
            error=type(err).__name__,
            retry_at=now + timedelta(seconds=delay),
            max_attempts=self._max_attempts,
            now=now,
        )
        if again:
            _LOGGER.warning(
                "alert %s not delivered (%s), attempt %d; retry in %.0f s",
                message.id,
                type(err).__name__,
                attempts,
                delay,
            )
            report.retried += 1
        else:
            _LOGGER.error(
                "alert %s not delivered after %d attempts (%s); given up, row kept",
                message.id,
                attempts,
                type(err).__name__,
            )
            report.dropped += 1


def _age(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
