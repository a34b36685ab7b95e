"""A loopback proxy in front of the simulated cloud that can replace answers with bodies the
simulator never sends: JSON nested thousands of levels deep, bytes that are not UTF-8.

    async with CloudProxy(world.cloud.base_url) as proxy:
        bot = await world.start_bot(SMART_CLOUD_URL=proxy.base_url)
        proxy.poison("/remote-control/vehicle/status/", DEEP_JSON, count=10)
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.e2e.fake_telegram import free_port

DEEP_JSON = b'{"code":"1000","data":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
NOT_UTF8 = b'\xff\xfe{"code":"1000","data":{}}'
_HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


@dataclass
class _Poison:
    path_contains: str
    body: bytes
    count: int


class CloudProxy:
    """Forwards every request to the simulator unless a poison matches its path."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = free_port()
        self.poisons: list[_Poison] = []
        self.served = 0  # poisoned answers sent
        self._client = httpx.AsyncClient(timeout=30)
        self._app = Starlette(
            routes=[Route("/{path:path}", self._forward, methods=["GET", "POST", "PUT"])]
        )
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        """Value for SMART_CLOUD_URL."""
        return f"http://127.0.0.1:{self.port}"

    def poison(self, path_contains: str, body: bytes, *, count: int = 1) -> None:
        """The next `count` requests whose path contains `path_contains` get `body` (HTTP 200)."""
        self.poisons.append(_Poison(path_contains, body, count))

    async def __aenter__(self) -> CloudProxy:
        config = uvicorn.Config(
            self._app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout=5)
        await self._client.aclose()

    async def _forward(self, request: Request) -> Response:
        path = request.url.path
        for poison in self.poisons:
            if poison.count > 0 and poison.path_contains in path:
                poison.count -= 1
                self.served += 1
                return Response(
                    poison.body, media_type="application/json; charset=utf-8", status_code=200
                )
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        url = self.upstream + path + (f"?{request.url.query}" if request.url.query else "")
        answer = await self._client.request(
            request.method, url, headers=headers, content=await request.body()
        )
        out = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_HEADERS}
        out.pop("content-encoding", None)
        if "location" in out:  # redirects name the simulator's own address
            out["location"] = out["location"].replace(self.upstream, self.base_url)
        return Response(answer.content, status_code=answer.status_code, headers=out)
