"""The process's HTTP connections to the cloud (`bot.smart.http_pool`), over real loopback
sockets: a poller's fifty polls in flight keep their connections from one round to the next,
and every request gives its place back, answered, failed or dropped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.smart.http_pool import BalancedTransport, cloud_http_client


class _SlowServer:
    """An HTTP/1.1 loopback server that holds each answer for `delay` seconds and counts the
    connections it accepts (keep-alive: one connection serves request after request)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.connections = 0
        self.heads: list[bytes] = []  # each request's head, as received
        self.release = asyncio.Event()
        self.release.set()
        self._server: asyncio.Server | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                self.heads.append(await reader.readuntil(b"\r\n\r\n"))
                await asyncio.sleep(self.delay)
                await self.release.wait()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nset-cookie: gmid=account-a; Path=/\r\n"
                    b"content-length: 2\r\n\r\nok"
                )
                await writer.drain()
        writer.close()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}/status"
        finally:
            self._server.close()


async def _round(http: httpx.AsyncClient, url: str, count: int) -> None:
    answers = await asyncio.gather(*(http.get(url) for _ in range(count)))
    assert [a.text for a in answers] == ["ok"] * count


async def test_fifty_polls_in_flight_round_after_round_keep_their_fifty_connections() -> None:
    server = _SlowServer(delay=0.05)
    async with server.running() as url, cloud_http_client(connections=50, timeout=10) as http:
        for _ in range(4):
            await _round(http, url, 50)
    # httpx's default pool (keep-alive limit 20, counted over busy connections too) opens
    # a new connection for most answers of a later round: 50 + 3 x ~30 here.
    assert server.connections == 50


async def test_each_request_goes_to_the_least_busy_pool_and_frees_it_when_answered() -> None:
    server = _SlowServer(delay=0)
    server.release.clear()
    transport = BalancedTransport(connections=16, per_transport=8)
    async with server.running() as url, httpx.AsyncClient(transport=transport) as http:
        pending = [asyncio.create_task(http.get(url)) for _ in range(12)]
        while sum(transport.in_flight) < 12:
            await asyncio.sleep(0.01)
        assert transport.in_flight == (6, 6)
        server.release.set()
        await asyncio.gather(*pending)
        assert transport.in_flight == (0, 0)

        async with http.stream("GET", url) as response:
            assert sum(transport.in_flight) == 1  # the body not yet read holds its connection
            await response.aread()
        assert transport.in_flight == (0, 0)


async def test_a_request_that_fails_or_is_cancelled_gives_its_place_back() -> None:
    transport = BalancedTransport(connections=8)
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")  # the discard port: nothing listens
        assert transport.in_flight == (0,)

        server = _SlowServer(delay=10)
        async with server.running() as url:
            call = asyncio.create_task(http.get(url))
            while not server.connections:
                await asyncio.sleep(0.01)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
        assert transport.in_flight == (0,)


def test_a_pool_of_no_connections_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        BalancedTransport(connections=0)


async def test_a_cookie_one_answer_sets_is_kept_nowhere_and_sent_with_no_later_request() -> None:
    server = _SlowServer(delay=0)
    async with server.running() as url, cloud_http_client(connections=4, timeout=10) as http:
        await http.get(url)  # the cloud sets a cookie for one account
        await http.get(url)  # the client is shared: this may be another account's request
        assert len(http.cookies) == 0
        with pytest.raises(TypeError, match="keeps no cookies"):
            http.cookies = {"gmid": "x"}
    assert len(server.heads) == 2
    assert b"cookie" not in server.heads[1].lower().replace(b"set-cookie", b"")
