"""The wire: every byte the client sends goes through `Transport`.

It owns (or borrows) the `httpx.AsyncClient`, builds URLs only through `Endpoints` (the
allowlist), signs API calls over the exact bytes it sends, and turns every failure into the
error tree: transport errors, timeouts, 5xx, HTML/non-JSON pages, HTTP 401/403/429 and
business codes. Nothing from httpx leaves this module.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from bot.smart.const import REQUEST_TIMEOUT_SECONDS, SUCCESS_CODES, Region
from bot.smart.endpoints import Endpoints
from bot.smart.errors import (
    CloudUnavailableError,
    RateLimitedError,
    SmartAPIError,
    TokenExpiredError,
    UnreadableAnswerError,
    error_for_code,
)
from bot.smart.headers import signed_headers
from bot.smart.jsonsafe import JSONTooDeepError, loads_limited
from bot.smart.redact import redact_path
from bot.smart.signing import canonical_query, sign

_LOGGER = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 60.0
_HTTP_UNAUTHORIZED = 401
_HTTP_FORBIDDEN = 403
_HTTP_TOO_MANY = 429
_HTTP_SERVER_ERROR = 500
_HTTP_CLIENT_ERROR = 400
_QUOTA_WORDS = ("quota", "rate limit", "too many", "throttl", "try again later")
_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_EXTENSIONS = {"timeout": httpx.Timeout(REQUEST_TIMEOUT_SECONDS).as_dict()}


class _Redacted:
    """A path for a log line, redacted only when the line is written."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __str__(self) -> str:
        return redact_path(self.path)


@dataclass(frozen=True, slots=True)
class RawResponse:
    """What came back from one request, detached from httpx."""

    status: int
    url: str
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        """The redirect target, or `""`."""
        return self.headers.get("location", "")

    @property
    def is_redirect(self) -> bool:
        """True for a 3xx answer carrying a `Location`."""
        return 300 <= self.status < 400 and bool(self.location)

    def json_object(self) -> dict[str, Any] | None:
        """The body as a JSON object, or `None` when it is not one.

        Raises:
            UnreadableAnswerError: the JSON nests deeper than `MAX_DEPTH` levels (decoding it
                would exhaust the interpreter's recursion limit).
        """
        try:
            value = loads_limited(self.text)
        except JSONTooDeepError as err:
            msg = f"cloud answered unreadable JSON (HTTP {self.status}): {err}"
            raise UnreadableAnswerError(msg, http_status=self.status) from None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None


def compact_json(payload: object) -> bytes:
    """The body bytes that are both signed and sent: JSON without spaces."""
    return json.dumps(payload, separators=(",", ":")).encode()


def retry_after_seconds(
    value: str | None, now: float, message: str = "", default: float = DEFAULT_RETRY_AFTER
) -> float:
    """Seconds to wait: a `Retry-After` header (seconds or HTTP date), else the first number
    in the cloud's message, else `default`."""
    value = (value or "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError, IndexError):
            pass
    match = _FIRST_NUMBER.search(message)
    if match:
        return float(match.group(0))
    return default


def check_http(response: RawResponse, now: float) -> None:
    """Raise the error an HTTP status means before the body is looked at."""
    status = response.status
    if status == _HTTP_TOO_MANY:
        wait = retry_after_seconds(response.headers.get("retry-after"), now)
        raise RateLimitedError("rate limited by the cloud", retry_after=wait, http_status=status)
    if status == _HTTP_UNAUTHORIZED:
        raise TokenExpiredError("token rejected", http_status=status)
    if status == _HTTP_FORBIDDEN:
        text = response.text[:500].lower()
        if any(word in text for word in _QUOTA_WORDS) or "retry-after" in response.headers:
            wait = retry_after_seconds(response.headers.get("retry-after"), now)
            raise RateLimitedError("quota exceeded", retry_after=wait, http_status=status)
    if status >= _HTTP_SERVER_ERROR:
        raise CloudUnavailableError(f"cloud answered HTTP {status}", http_status=status)


def check_envelope(response: RawResponse, now: float) -> dict[str, Any]:
    """The JSON envelope of an API answer, or the mapped error (HTTP status or business code)."""
    check_http(response, now)
    body = response.json_object()
    if body is None:
        raise CloudUnavailableError(
            f"cloud answered a non-JSON page (HTTP {response.status})",
            http_status=response.status,
        )
    code = body.get("code")
    code_text = "" if code is None else str(code)
    if code_text in SUCCESS_CODES:
        return body
    message = body.get("message") if isinstance(body.get("message"), str) else ""
    if code_text:
        raise error_for_code(code_text, message or "", http_status=response.status)
    if response.status >= _HTTP_CLIENT_ERROR or body.get("success") is False:
        raise SmartAPIError(
            message or f"cloud refused the request (HTTP {response.status})",
            http_status=response.status,
        )
    return body


class Transport:
    """Sends requests to the Smart cloud hosts named in `Endpoints`."""

    def __init__(
        self,
        region: Region,
        *,
        endpoints: Endpoints,
        http: httpx.AsyncClient | None,
        clock: Callable[[], float],
        nonce: Callable[[], str],
    ) -> None:
        self.region = region
        self.endpoints = endpoints
        self.clock = clock
        self._nonce = nonce
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient()
        # The client's own headers, by lower-case name (ours replace them name by name).
        self._defaults = {name: (name, value) for name, value in self._http.headers.items()}

    async def aclose(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self._owns_http:
            await self._http.aclose()

    def timestamp(self) -> str:
        """The current time as epoch milliseconds, the `x-timestamp` format."""
        return str(int(self.clock() * 1000))

    async def fetch(
        self,
        method: str,
        host: str,
        path: str,
        *,
        query: str = "",
        headers: Mapping[str, str] | None = None,
        content: bytes = b"",
    ) -> RawResponse:
        """One request without redirects or cookie jar; transport failures are mapped.

        The URL is built by `Endpoints.url`, so a host outside the allowlist raises
        `SmartAPIError` before anything is sent. Cookies are only what `headers` say:
        the (possibly shared) client's jar never adds another account's cookies.
        """
        url = self.endpoints.url(host, path, query)
        # Built as httpx.Request, not through `build_request`: the client's defaults are merged
        # once (`_defaults`) and its cookie jar is never asked, so the cookies sent are exactly
        # those in `headers` and the shared jar never adds another account's.
        merged = self._defaults.copy()
        for name, value in (headers or {}).items():
            merged[name.lower()] = (name, value)
        request = httpx.Request(
            method,
            url,
            headers=list(merged.values()),
            content=content or None,
            extensions=_EXTENSIONS,
        )
        try:
            response = await self._http.send(request, follow_redirects=False)
            text = response.text
        except httpx.TimeoutException as err:
            _LOGGER.debug("%s %s%s timed out", method, host, _Redacted(path))
            msg = f"timeout talking to {host}"
            raise CloudUnavailableError(msg) from err
        except httpx.HTTPError as err:
            _LOGGER.debug("%s %s%s failed: %s", method, host, _Redacted(path), type(err))
            msg = f"cannot reach {host}: {type(err).__name__}"
            raise CloudUnavailableError(msg) from err
        _LOGGER.debug("%s %s%s -> %s", method, host, _Redacted(path), response.status_code)
        return RawResponse(
            status=response.status_code,
            url=str(response.url),
            text=text,
            headers=dict(response.headers.items()),  # httpx gives the names in lower case
        )

    async def call(
        self,
        method: str,
        host: str,
        path: str,
        *,
        device_id: str,
        params: Mapping[str, object] | None = None,
        payload: object = None,
        access_token: str = "",
        client_id: str = "",
        extra_headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """A signed API call; returns the success envelope or raises the mapped error.

        The query is `canonical_query(params)` and the body the compact JSON of `payload`;
        exactly those strings are signed and sent.
        """
        query = canonical_query(params) if params else ""
        body = compact_json(payload) if payload is not None else b""
        nonce = self._nonce()
        timestamp = self.timestamp()
        signature = sign(
            self.region,
            method=method,
            path=path,
            query=query,
            body=body,
            nonce=nonce,
            timestamp=timestamp,
        )
        headers = signed_headers(
            self.region,
            device_id=device_id,
            nonce=nonce,
            timestamp=timestamp,
            signature=signature,
            access_token=access_token,
            client_id=client_id,
        )
        headers.update(extra_headers or {})
        response = await self.fetch(method, host, path, query=query, headers=headers, content=body)
        return check_envelope(response, self.clock())
