"""One poller tick: claim due cars, read their cached status, diff, store state and alerts.

Work is claimed through the storage layer's poll leases, so several replicas can share one
database and each car is polled by one of them per period. Within a replica, one account's
cars are read one at a time (one session per account), and a global semaphore bounds the
requests in flight. The status read is the cloud's cached one; the poller never sends a
wake-up. The claim also brings each car's name, diff memory (episodes) and listeners, so a
poll touches the database once more: new status, diff memory and outbox rows are written in
one transaction, shared with the other polls that finish at the same time
(`bot.poller.writer`). A poll with events reads the listeners again in that transaction (a
/deny or an unshare during the poll counts). Nothing in a single car's or
account's failure stops the tick.

A tick does not wait for the slowest of its cars before it claims more: whenever the cars it
has not read yet (waiting for a request slot or in flight) drop to `poller_concurrency` and
its last claim came back full, it claims the next ones, so the requests in flight stay near
`poller_concurrency` instead of draining to nothing at the end of every batch. Cars whose
results are being written still hold their leases: a tick holds at most two batches. It
stops claiming after `refill_for` seconds (then it ends with its cars polled,
`TickReport.more_due`, and the runtime ticks again at once) or when the runtime asks it to
finish.

The OTA service is asked about a car's software about once a day (`firmware_every`), not at
every poll; when it is next due is part of the car's diff memory, so restarts and other
replicas keep the pace. A failed OTA call never fails the poll: it is retried after
`firmware_retry`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import secrets
import socket
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings
from bot.log import short_vin
from bot.poller.alerts import Alert
from bot.poller.audience import alerts_for, diff_context
from bot.poller.diff import diff
from bot.poller.failures import FailurePolicy
from bot.poller.held import HeldCars
from bot.poller.intervals import Intervals, after, command_settled, next_delay
from bot.poller.journal import read_journal
from bot.poller.memory import PollMemory
from bot.poller.places import LiveMap, PlaceWatch
from bot.poller.reading import ClientSource, FirmwareCheck, check_firmware, read_status
from bot.poller.samples import SampleBuffer
from bot.poller.sender import to_outbox
from bot.poller.step import SentCommand
from bot.poller.timed import timer_due_in
from bot.poller.writer import ResultWriter
from bot.smart.models import VehicleStatus
from bot.storage import repo_alerts, repo_polls, repo_vehicles
from bot.storage.db import Database
from bot.storage.poll_writes import PollResult
from bot.storage.records import AudienceMember, Episode, NewOutboxMessage, PendingCommand, PollJob
from bot.storage.types import utcnow

_LOGGER = logging.getLogger(__name__)

# Short and renewed every LEASE_RENEW_S while the tick runs: a process killed mid-poll holds
# its cars (and their accounts) for at most DEFAULT_LEASE.
DEFAULT_LEASE = timedelta(seconds=15)
LEASE_RENEW_S = 5.0
# How long one tick goes on claiming more cars as its first ones finish; its samples are
# written and its report told (the worker's heartbeat) when it ends.
REFILL_FOR_S = 10.0
REQUEST_TIMEOUT_S = 30.0
FIRMWARE_EVERY = timedelta(days=1)
FIRMWARE_RETRY = timedelta(hours=1)


def _sender(pending: PendingCommand | None) -> int | None:
    """The user whose command is pending (chat, button or schedule): the changes it causes
    are reported to them by the command itself (its reply or its schedule report), never
    as an alert; the diff attributes a change only while its command is pending."""
    return None if pending is None else pending.user_id


@dataclass(slots=True)
class TickReport:
    """What one tick did."""

    claimed: int = 0
    polled: int = 0
    failed: int = 0
    alerts: int = 0
    more_due: bool = False  # it stopped claiming while its claims still came back full


def default_owner() -> str:
    """A worker id unique to this process: host name plus a random suffix."""
    return f"{socket.gethostname()[:40]}-{secrets.token_hex(4)}"


class Poller:
    """Polls due cars. `tick()` is called periodically by `bot.poller.runtime`."""

    def __init__(
        self,
        *,
        db: Database,
        clients: ClientSource,
        settings: Settings,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        lease: timedelta = DEFAULT_LEASE,
        request_timeout: float = REQUEST_TIMEOUT_S,
        firmware_every: timedelta = FIRMWARE_EVERY,
        firmware_retry: timedelta = FIRMWARE_RETRY,
        live_map: LiveMap | None = None,
        refill_for: float = REFILL_FOR_S,
    ) -> None:
        self.owner = owner or default_owner()
        self._db = db
        self._clients = clients
        self._zone = settings.zone
        self._intervals = Intervals.from_settings(settings)
        self._fast_window = float(settings.fast_poll_window)
        self._clock = clock
        self._lease = lease
        self._timeout = request_timeout
        self._firmware_every = firmware_every
        self._firmware_retry = firmware_retry
        self._batch = settings.poller_concurrency * 2
        self._concurrency = settings.poller_concurrency
        self._refill_for = refill_for
        self._limit = asyncio.Semaphore(settings.poller_concurrency)
        self._account_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        rng = rng or random.Random()  # noqa: S311  (jitter, not cryptography)
        self._failures = FailurePolicy(db=db, owner=self.owner, rng=rng)
        self._samples = SampleBuffer()
        self._writer = ResultWriter(db)
        self._places = PlaceWatch(db=db, zone=settings.zone, live_map=live_map)

    async def tick(self, *, go_on: Callable[[], bool] = lambda: True) -> TickReport:
        """Claim the cars that are due and poll them, claiming more as the first ones finish
        (until `refill_for` has passed or `go_on()` is False); returns the counts."""
        report = TickReport()
        held = HeldCars(room=self._concurrency, most=2 * self._batch)
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + self._refill_for
        jobs = await self._claim(self._batch)
        renewer = asyncio.create_task(self._renew(held.leased))
        try:
            async with asyncio.TaskGroup() as polls:
                want = self._batch
                while True:
                    report.claimed += len(jobs)
                    held.add(jobs)
                    by_account: defaultdict[int, list[PollJob]] = defaultdict(list)
                    for job in jobs:
                        by_account[job.account_id].append(job)
                    for account_jobs in by_account.values():
                        polls.create_task(self._run_account(account_jobs, report, held))
                    if len(jobs) < want:  # nothing more is due
                        break
                    if loop.time() < ends_at and go_on():
                        await held.wait_for_room()
                    if loop.time() >= ends_at or not go_on():
                        report.more_due = True
                        break
                    want = held.wanted(self._batch)
                    try:
                        jobs = await self._claim(want)
                    except Exception:  # the cars held are still polled; the next tick claims
                        _LOGGER.exception("claiming more cars failed")
                        break
        finally:
            renewer.cancel()
        report.alerts += await self._samples.flush(self._db, now=self._clock(), zone=self._zone)
        return report

    async def _claim(self, limit: int) -> list[PollJob]:
        return await repo_polls.claim_due_vehicles(
            self._db, owner=self.owner, limit=limit, lease=self._lease, now=self._clock()
        )

    async def _renew(self, vehicle_ids: set[int]) -> None:
        """Keep the leases of the cars this tick holds alive until it ends (cancelled then)."""
        while True:
            await asyncio.sleep(LEASE_RENEW_S)
            try:
                async with self._writer.exclusive():
                    await repo_polls.renew_leases(
                        self._db,
                        owner=self.owner,
                        vehicle_ids=sorted(vehicle_ids),
                        lease=self._lease,
                        now=self._clock(),
                    )
            except Exception:  # the leases then expire; the poll's result is discarded
                _LOGGER.exception("poll leases could not be renewed")

    async def _run_account(
        self, jobs: Sequence[PollJob], report: TickReport, held: HeldCars
    ) -> None:
        """The account's cars one after the other; an account-wide failure stops the rest."""
        async with self._account_locks[jobs[0].account_id]:
            for index, job in enumerate(jobs):
                try:
                    resume_at = await self._poll(job, report, held)
                except Exception:
                    # Storage trouble: the lease expires and the car is polled again later.
                    _LOGGER.exception("poll of car %s could not be stored", short_vin(job.vin))
                    report.failed += 1
                    resume_at = None
                finally:
                    held.done(job)
                if resume_at is not None:
                    await self._release(jobs[index + 1 :], resume_at, held)
                    return

    async def _release(self, jobs: Sequence[PollJob], resume_at: datetime, held: HeldCars) -> None:
        """Give the leases of an account's remaining cars back, due again at `resume_at`."""
        for job in jobs:
            try:
                await repo_polls.release_lease(
                    self._db, vehicle_id=job.vehicle_id, owner=self.owner, next_poll_at=resume_at
                )
            except Exception:  # the lease then expires and the car is polled again later
                _LOGGER.exception("lease of car %s could not be released", short_vin(job.vin))
            finally:
                held.done(job)

    async def _poll(self, job: PollJob, report: TickReport, held: HeldCars) -> datetime | None:
        now = self._clock()
        stored = job.episodes
        if stored is None:  # not read with the claim
            stored = await repo_alerts.get_episodes(self._db, vehicle_id=job.vehicle_id)
        memory = PollMemory.from_episodes({kind: ep.data for kind, ep in stored.items()})
        try:
            async with self._limit:
                client = await self._clients.for_account(job.account_id)
                async with asyncio.timeout(self._timeout):
                    status = await read_status(client, job)
                firmware = await check_firmware(
                    client,
                    job.vin,
                    memory.firmware_due_at,
                    now,
                    limit_s=self._timeout,
                    every=self._firmware_every,
                    retry=self._firmware_retry,
                )
                trips = await read_journal(
                    client, job.vin, job.state.status, status, now=now, limit_s=self._timeout
                )
        except Exception as err:  # every failure has a rule in FailurePolicy
            held.read(job)
            report.failed += 1
            return await self._failures.handle(job, err, now)
        held.read(job)
        report.polled += 1
        self._samples.add_trips(job.vehicle_id, trips)
        # Not `report.alerts += await …`: that reads the count before the await, and the
        # other polls of the tick add to it meanwhile.
        alerts = await self._store(
            job, status, now=self._clock(), stored=stored, memory=memory, firmware=firmware
        )
        report.alerts += alerts
        return None

    async def _car_name(self, job: PollJob) -> str:
        if job.car_name is not None:
            return job.car_name
        car = await repo_vehicles.get_vehicle(self._db, vehicle_id=job.vehicle_id)  # not claimed
        return car.label if car else ""

    async def _store(
        self,
        job: PollJob,
        status: VehicleStatus,
        *,
        now: datetime,
        stored: dict[str, Episode],
        memory: PollMemory,
        firmware: FirmwareCheck,
    ) -> int:
        """Diff against the stored state and write everything in one transaction."""
        audience = job.audience
        if audience is None:  # not read with the claim
            audience = tuple(
                await repo_alerts.vehicle_audience(self._db, vehicle_id=job.vehicle_id)
            )
        pending = job.state.pending_command
        sent = (
            SentCommand(pending.command, pending.at, pending.params, pending.user_id)
            if pending
            else None
        )
        watch = await self._places.look(job.vehicle_id, places=job.places, lives=job.lives)
        context = diff_context(audience, last_command=sent, firmware=firmware.info)
        result = diff(job.state.status, status, memory, vin=job.vin, now=now, context=context)
        new_memory = dataclasses.replace(result.memory, firmware_due_at=firmware.due_at)
        alerts: list[Alert] = []
        messages_for: Callable[[Sequence[AudienceMember]], list[NewOutboxMessage]] | None = None
        if result.events:
            events, hushed = result.events, watch.hushed(status)
            car_name = await self._car_name(job)

            # Who hears the alerts is read again, in the transaction that queues them: a
            # /deny or an unshare while the car was being polled must already count.
            def messages_for(listeners: Sequence[AudienceMember]) -> list[NewOutboxMessage]:
                alerts[:] = alerts_for(
                    events,
                    listeners,
                    vin=job.vin,
                    car_name=car_name,
                    now=now,
                    zone=self._zone,
                    commanded_by=_sender(pending),
                    hushed=hushed,
                )
                return [to_outbox(alert, vehicle_id=job.vehicle_id) for alert in alerts]

        keep = status if result.fresh or job.state.status is None else job.state.status
        fast_until = job.state.fast_poll_until
        settled = command_settled(sent, keep, fast_poll_until=fast_until, now=now)
        # A command the car has just confirmed: it is being used, so keep polling fast for
        # FAST_POLL_WINDOW more (a plug-in or a door right after /lock is then seen at once).
        confirmed = sent is not None and settled and fast_until is not None and now < fast_until
        lingering = sent is None and fast_until is not None and now < fast_until
        delay = next_delay(
            keep,
            self._intervals,
            following_command=not settled or confirmed or lingering,
            followed=watch.followed(now),
            now=now,
        )
        due = timer_due_in(new_memory, context, now)
        if due is not None:  # a timed alert falls due before the next poll: poll then
            delay = min(delay, max(self._intervals.after_command, due))
        episodes = [
            Episode(kind=kind, data=data)
            for kind, data in new_memory.to_episodes().items()
            if kind not in stored or stored[kind].data != data
        ]
        recovered = job.state.consecutive_failures or job.state.last_error
        written = await self._writer.write(
            PollResult(
                vehicle_id=job.vehicle_id,
                owner=self.owner,
                status=keep,
                next_poll_at=after(now, delay),
                now=now,
                episodes=episodes,
                messages_for=messages_for,
                clear_pending_command=sent is not None and settled,
                seen_pending_at=sent.at if sent else None,
                claimed_next_poll_at=job.state.next_poll_at,
                fast_poll_until=after(now, self._fast_window) if confirmed else None,
                account_recovered=job.account_id if recovered else None,
            )
        )
        if not written:
            _LOGGER.warning("lease on car %s was lost; result discarded", short_vin(job.vin))
            return 0
        self._samples.add(job, status, fresh=result.fresh, now=now)
        placed = await self._places.after_poll(
            watch,
            keep,
            vehicle_id=job.vehicle_id,
            vin=job.vin,
            car_name=await self._car_name(job) if watch.places else "",
            now=now,
        )
        if result.events:
            _LOGGER.info(
                "car %s: %s -> %d alert(s)",
                short_vin(job.vin),
                ",".join(event.kind.value for event in result.events),
                len(alerts),
            )
        return len(alerts) + placed
