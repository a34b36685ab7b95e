"""Smart cloud clients for stored accounts: built on first use, kept per account, dropped on
logout.

Secrets are decrypted late: the session tokens when the client is built, the password only
when the cloud forces a full re-login (the client's credentials provider reads it from the
database at that moment). Renewed tokens are written back encrypted through `on_tokens`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

import httpx

from bot.commands.errors import NotLoggedInError
from bot.commands.reads import CoalescedReads
from bot.smart.auth import CredentialsProvider, TokensCallback
from bot.smart.client import SmartClient
from bot.smart.const import Region
from bot.smart.endpoints import Endpoints
from bot.smart.models import Tokens
from bot.storage import repo_accounts
from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database

_LOGGER = logging.getLogger(__name__)


class PoolClosedError(RuntimeError):
    """A client was asked for after `ClientPool.close()` (a shutdown in progress)."""


class ClientPool:
    """One `SmartClient` per stored account, sharing the process's HTTP client."""

    def __init__(
        self,
        *,
        db: Database,
        cipher: CredentialCipher,
        http: httpx.AsyncClient,
        endpoints: Endpoints,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._db = db
        self._cipher = cipher
        self._http = http
        self._endpoints = endpoints
        self._clock = clock
        self._sleep = sleep  # the pause between a sequence's requests (tests: their clock's)
        self._clients: dict[int, SmartClient] = {}
        self._closed = False
        self._building: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        # Status reads of users (not the poller's), one in flight per car.
        self.status_reads = CoalescedReads() if clock is None else CoalescedReads(clock=clock)

    def new_client(self, region: Region) -> SmartClient:
        """A fresh client without a session (for /login)."""
        return SmartClient(
            region, endpoints=self._endpoints, http=self._http, clock=self._clock, sleep=self._sleep
        )

    async def for_account(self, account_id: int) -> SmartClient:
        """The account's client, built from its stored (decrypted) tokens on first use.

        Raises:
            NotLoggedInError: the account no longer exists.
            CredentialsUndecryptableError: the configured keys do not fit.
            PoolClosedError: the pool is closed (or closing): no client is built any more.
        """
        if self._closed:
            raise PoolClosedError
        client = self._clients.get(account_id)
        if client is not None:
            return client
        # One lock per account: building one client (a database read and a decryption) never
        # waits for another account's, so a cold start of thousands of accounts runs at once.
        async with self._building[account_id]:
            if self._closed:  # closed while this call waited for the lock
                raise PoolClosedError
            client = self._clients.get(account_id)
            if client is not None:
                return client
            credentials = await repo_accounts.load_credentials(
                self._db, cipher=self._cipher, account_id=account_id
            )
            if self._closed:  # closed during the read: build nothing close() would miss
                raise PoolClosedError
            if credentials is None:
                raise NotLoggedInError
            client = SmartClient(
                Region(credentials.region),
                tokens=credentials.tokens,
                endpoints=self._endpoints,
                http=self._http,
                clock=self._clock,
                sleep=self._sleep,
                credentials=self._password_provider(account_id),
                on_tokens=self._token_saver(account_id),
            )
            del credentials
            self._clients[account_id] = client
            return client

    def _password_provider(self, account_id: int) -> CredentialsProvider:
        async def provide() -> tuple[str, str] | None:
            stored = await repo_accounts.load_credentials(
                self._db, cipher=self._cipher, account_id=account_id
            )
            if stored is None or stored.password is None:
                return None
            return stored.email, stored.password

        return provide

    def _token_saver(self, account_id: int) -> TokensCallback:
        async def save(tokens: Tokens) -> None:
            await repo_accounts.save_tokens(
                self._db, cipher=self._cipher, account_id=account_id, tokens=tokens
            )
            _LOGGER.debug("stored renewed session of account %s", account_id)

        return save

    async def forget(self, account_id: int) -> None:
        """Drop the account's client (after logout, deny or a new login)."""
        self.status_reads.forget(account_id)
        async with self._building[account_id]:
            client = self._clients.pop(account_id, None)
        if client is not None:
            await client.aclose()

    async def close(self) -> None:
        """Close every client (shutdown).

        From the first call on, `for_account` raises `PoolClosedError`. Builds in flight are
        waited for (each holds its account's build lock); they end with that error instead
        of a client, so no client is left open or handed out after the close.
        """
        self._closed = True
        for lock in list(self._building.values()):
            async with lock:
                pass
        clients = list(self._clients.values())
        self._clients.clear()
        for client in clients:
            await client.aclose()
