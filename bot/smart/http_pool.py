"""The process's HTTP connections to the cloud: several small httpx pools, least busy first.

One `httpx.AsyncClient` with the default limits serves a poller with 50 polls in flight
badly, for two reasons in httpcore 1.0's pool (encode/httpcore#1035):

- it closes an idle connection whenever the pool holds more connections than
  `max_keepalive_connections` (20), counting the busy ones too, so with 50 in flight most
  answers close their connection and the next poll opens a new one: a TCP and TLS handshake
  with the cloud for four polls in five;
- raising the keep-alive limit keeps them open, but every request and every answer then
  scans the pool once per idle connection over all connections (quadratic): at 50
  connections that scan cost more CPU than the rest of the poll.

`BalancedTransport` keeps both away: it holds several httpx transports of a few
connections each (every connection kept alive), and hands each request to the one with
the fewest requests in flight. A request holds its transport from sending until its
answer is closed (read to the end, or given up), as it holds the connection.

The client keeps no cookies (`CloudHTTPClient`): it is shared by every account, and
`bot.smart.transport` sends exactly the cookies a request's headers name, so the cookie
jar httpx fills from every answer only cost CPU (5 % of a fleet poll) and kept other
accounts' cookies in memory.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Callable

import httpx

CONNECTIONS_PER_TRANSPORT = 8


class _Released(httpx.AsyncByteStream):
    """An answer's body that tells its transport when it is closed."""

    def __init__(self, inner: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._inner = inner
        self._release = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """The body as the transport reads it."""
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        """Close the body and give the connection's place back."""
        try:
            await self._inner.aclose()
        finally:
            self._release()


class BalancedTransport(httpx.AsyncBaseTransport):
    """Requests spread over ceil(connections / per_transport) httpx transports, each with
    `per_transport` connections kept alive, the least busy first."""

    def __init__(self, *, connections: int, per_transport: int = CONNECTIONS_PER_TRANSPORT) -> None:
        if connections < 1 or per_transport < 1:
            message = "connections and per_transport must be at least 1"
            raise ValueError(message)
        limits = httpx.Limits(
            max_connections=per_transport, max_keepalive_connections=per_transport
        )
        # One TLS context for all (httpx's default one: certifi, or SSL_CERT_FILE/DIR):
        # loading the CA store once, not once per transport.
        context = httpx.create_ssl_context()
        count = math.ceil(connections / per_transport)
        self._transports = [
            httpx.AsyncHTTPTransport(verify=context, limits=limits) for _ in range(count)
        ]
        self._busy = [0] * count

    @property
    def in_flight(self) -> tuple[int, ...]:
        """Requests in flight on each transport (sent, answer not yet closed)."""
        return tuple(self._busy)

    def _least_busy(self) -> int:
        busy = self._busy
        return busy.index(min(busy))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send on the least busy transport; its place is held until the answer is closed."""
        index = self._least_busy()
        self._busy[index] += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._busy[index] -= 1

        try:
            response = await self._transports[index].handle_async_request(request)
        except BaseException:
            release()
            raise
        if not isinstance(response.stream, httpx.AsyncByteStream):  # pragma: no cover
            release()  # httpx's own transports always answer with an async stream
            return response
        response.stream = _Released(response.stream, release)
        return response

    async def aclose(self) -> None:
        """Close every transport's connections."""
        for transport in self._transports:
            await transport.aclose()


class _NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing an answer sets."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep none of the answer's cookies."""


class CloudHTTPClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` without a cookie jar: `cookies` is always empty."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        """Always empty: cookies go in a request's headers, and none is kept."""
        return self._no_cookies

    @cookies.setter
    def cookies(self, _cookies: object) -> None:
        msg = "the cloud client keeps no cookies; send them in the request's headers"
        raise TypeError(msg)


def cloud_http_client(*, connections: int, timeout: float) -> httpx.AsyncClient:
    """The process's one HTTP client for the cloud, for about `connections` in flight."""
    return CloudHTTPClient(transport=BalancedTransport(connections=connections), timeout=timeout)
