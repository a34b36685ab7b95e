"""Sessions: login, session exchange and the token ladder, in one place.

Ladder (REFERENCE §5.2) when the cloud says the token is bad:
1. 1402 / HTTP 401: re-exchange the session with the stored Gigya (EU) or IAM (INTL) token;
2. 1501 / 8500 (also when step 1 answers them): the refresh-token PUT (EU), then step 1;
3. otherwise a full login, only when a credentials provider is configured, behind the
   per-account back-off.
One `asyncio.Lock` per client (a client is one account): concurrent callers that hit an
expired token share one renewal. The password is never stored here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.smart.backoff import LOGIN_BACKOFF, LoginBackoff
from bot.smart.const import (
    HOST_API_V1,
    HOST_API_V2,
    IDENTITY_TYPES,
    PATH_SESSION_SECURE,
    Region,
)
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    RateLimitedError,
    SignatureError,
    SmartAPIError,
    TokenExpiredError,
)
from bot.smart.headers import new_device_id
from bot.smart.login_eu import web_login
from bot.smart.login_intl import iam_authorize, iam_login
from bot.smart.models import Tokens
from bot.smart.transport import Transport

_LOGGER = logging.getLogger(__name__)

TokensCallback = Callable[[Tokens], Awaitable[None]]
CredentialsProvider = Callable[[], Awaitable[tuple[str, str] | None]]

MAIN_TOKEN_EXPIRED_CODES = frozenset({"1501", "8500"})
# Failures that say nothing about the token: never escalate them to the next rung.
_NOT_A_TOKEN_PROBLEM = (CloudUnavailableError, RateLimitedError, SignatureError)


def _session_host(region: Region) -> str:
    return HOST_API_V2 if region is Region.INTL else HOST_API_V1


async def exchange_session(
    transport: Transport, device_id: str, body: dict[str, str]
) -> dict[str, Any]:
    """Step 4 / layer 1: POST the session exchange; returns its `data`."""
    region = transport.region
    envelope = await transport.call(
        "POST",
        _session_host(region),
        PATH_SESSION_SECURE,
        device_id=device_id,
        params={"identity_type": IDENTITY_TYPES[region]},
        payload=body,
    )
    data = envelope.get("data")
    if not isinstance(data, dict) or not data.get("accessToken"):
        msg = "session exchange answered without an access token"
        raise AuthenticationError(msg)
    return data


async def refresh_main_token(transport: Transport, tokens: Tokens) -> dict[str, Any]:
    """Layer 2: the refresh-token PUT; `data.accessToken` is a new OAuth access token."""
    envelope = await transport.call(
        "PUT",
        HOST_API_V1,
        PATH_SESSION_SECURE,
        device_id=tokens.device_id,
        payload={"refreshToken": tokens.refresh_token, "proprietaryPlatform": "0"},
        extra_headers={"X-CLIENT-ID": tokens.client_id},
    )
    data = envelope.get("data")
    if not isinstance(data, dict) or not data.get("accessToken"):
        msg = "refresh exchange answered without an access token"
        raise TokenExpiredError(msg)
    return data


def apply_session(tokens: Tokens, data: dict[str, Any], now: float) -> Tokens:
    """`tokens` updated with what a session exchange returned."""
    expires_in = data.get("expiresIn")
    expires_at = now + expires_in if isinstance(expires_in, int | float) else tokens.expires_at
    return dataclasses.replace(
        tokens,
        access_token=str(data["accessToken"]),
        refresh_token=str(data.get("refreshToken") or tokens.refresh_token),
        user_id=str(data.get("userId") or tokens.user_id),
        client_id=str(data.get("clientId") or tokens.client_id),
        expires_at=expires_at,
    )


class Authenticator:
    """Holds one account's tokens and renews them."""

    def __init__(
        self,
        transport: Transport,
        *,
        tokens: Tokens | None = None,
        credentials: CredentialsProvider | None = None,
        on_tokens: TokensCallback | None = None,
        backoff: LoginBackoff = LOGIN_BACKOFF,
    ) -> None:
        self._transport = transport
        self._tokens = tokens
        self._credentials = credentials
        self._on_tokens = on_tokens
        self._backoff = backoff
        self._lock = asyncio.Lock()

    @property
    def tokens(self) -> Tokens | None:
        """The current session tokens (changed by logins and renewals)."""
        return self._tokens

    async def login(self, email: str, password: str) -> Tokens:
        """Full login with e-mail and password; replaces the session."""
        async with self._lock:
            tokens = await self._login(email, password, automatic=False)
            await self._store(tokens)
            return tokens

    async def ensure(self) -> Tokens:
        """The current tokens; logs in through the credentials provider if there are none."""
        async with self._lock:
            if self._tokens is not None:
                return self._tokens
            tokens = await self._login_from_provider(None)
            await self._store(tokens)
            return tokens

    async def renew(self, stale: Tokens, error: TokenExpiredError) -> Tokens:
        """Renew after `error` hit a request made with `stale`; shared by concurrent callers."""
        async with self._lock:
            current = self._tokens
            if current is not None and current.access_token != stale.access_token:
                return current
            tokens = await self._ladder(current or stale, error)
            await self._store(tokens)
            return tokens

    async def _ladder(self, tokens: Tokens, error: TokenExpiredError) -> Tokens:
        main_expired = error.code in MAIN_TOKEN_EXPIRED_CODES
        if not main_expired:
            try:
                return await self._reexchange(tokens)
            except _NOT_A_TOKEN_PROBLEM:
                raise
            except SmartAPIError as err:
                _LOGGER.info("session re-exchange failed (%s)", err.code or type(err).__name__)
                main_expired = err.code in MAIN_TOKEN_EXPIRED_CODES
        if main_expired and self._transport.region is Region.EU and tokens.refresh_token:
            try:
                data = await refresh_main_token(self._transport, tokens)
                refreshed = dataclasses.replace(
                    tokens,
                    oauth_access_token=str(data["accessToken"]),
                    refresh_token=str(data.get("refreshToken") or tokens.refresh_token),
                    client_id=str(data.get("clientId") or tokens.client_id),
                )
                return await self._reexchange(refreshed)
            except _NOT_A_TOKEN_PROBLEM:
                raise
            except SmartAPIError as err:
                _LOGGER.info("refresh-token exchange failed (%s)", err.code or type(err).__name__)
        return await self._login_from_provider(tokens)

    async def _reexchange(self, tokens: Tokens) -> Tokens:
        if not tokens.oauth_access_token:
            msg = "no login token to re-exchange"
            raise TokenExpiredError(msg)
        if self._transport.region is Region.INTL:
            code = await iam_authorize(self._transport, tokens.oauth_access_token, tokens.id_token)
            body = {"authCode": code}
        else:
            body = {"accessToken": tokens.oauth_access_token}
        data = await exchange_session(self._transport, tokens.device_id, body)
        _LOGGER.info("session renewed by re-exchange")
        return apply_session(tokens, data, self._transport.clock())

    async def _login_from_provider(self, previous: Tokens | None) -> Tokens:
        credentials = await self._credentials() if self._credentials else None
        if credentials is None:
            msg = "session expired; log in again"
            raise TokenExpiredError(msg)
        email, password = credentials
        return await self._login(email, password, automatic=True, previous=previous)

    async def _login(
        self, email: str, password: str, *, automatic: bool, previous: Tokens | None = None
    ) -> Tokens:
        region = self._transport.region
        key = f"{region}:{email.strip().lower()}"
        now = self._transport.clock()
        self._backoff.check(key, now, automatic=automatic)
        device_id = previous.device_id if previous else new_device_id(region)
        try:
            tokens = await self._run_login(email, password, device_id)
        except SmartAPIError as err:
            self._backoff.failed(key, self._transport.clock(), err)
            raise
        self._backoff.succeeded(key)
        _LOGGER.info("logged in (%s, automatic=%s)", region, automatic)
        return tokens

    async def _run_login(self, email: str, password: str, device_id: str) -> Tokens:
        transport = self._transport
        region = transport.region
        if region is Region.INTL:
            iam = await iam_login(transport, email, password)
            code = await iam_authorize(transport, iam.access_token, iam.id_token)
            data = await exchange_session(transport, device_id, {"authCode": code})
            base = Tokens(
                region=region,
                device_id=device_id,
                user_id=iam.user_id,
                oauth_access_token=iam.access_token,
                oauth_refresh_token=iam.refresh_token,
                id_token=iam.id_token,
            )
        else:
            oidc = await web_login(transport, email, password)
            data = await exchange_session(transport, device_id, {"accessToken": oidc.access_token})
            base = Tokens(
                region=region,
                device_id=device_id,
                user_id="",
                oauth_access_token=oidc.access_token,
                oauth_refresh_token=oidc.refresh_token,
                id_token=oidc.id_token,
            )
        return apply_session(base, data, transport.clock())

    async def _store(self, tokens: Tokens) -> None:
        self._tokens = tokens
        if self._on_tokens is None:
            return
        try:
            await self._on_tokens(tokens)
        except Exception:
            _LOGGER.exception("on_tokens callback failed; the new session is kept in memory")
