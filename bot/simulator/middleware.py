"""The outermost ASGI layer: host-prefix split, request log, latency and fault injection.

Every cloud request is buffered (so handlers and the signature check see the exact bytes),
logged, delayed by the configured latency, and possibly answered by an armed fault before
the Starlette routes see it. `/_sim/...` control requests bypass all of this.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.log import redact
from bot.simulator.codes import error_body
from bot.simulator.faults import Fault, FaultBook, LoggedRequest, RequestLog
from bot.simulator.state import CloudState
from bot.smart.const import ALLOWED_HOSTS

_LOGGER = logging.getLogger(__name__)
CONTROL_PREFIX = "/_sim"
Sleep = Callable[[float], Awaitable[None]]

_BAD_GATEWAY_HTML = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


class DroppedConnectionError(httpx.RemoteProtocolError):
    """Raised to cut a response short. In-process (ASGI transport) the client receives it as
    an httpx transport error; under uvicorn the server closes the socket mid-response."""

    def __init__(self) -> None:
        super().__init__("simulated dropped connection")


def split_host(path: str) -> tuple[str, str]:
    """(`host`, real API path) of a simulator path `/<host>/<api path>`."""
    host, _, rest = path.lstrip("/").partition("/")
    return host, "/" + rest


def logged(request: Request) -> LoggedRequest:
    """The log entry of the request being handled."""
    entry: LoggedRequest = request.scope["sim.entry"]
    return entry


def raw_body(request: Request) -> bytes:
    """The exact body bytes received."""
    body: bytes = request.scope["sim.body"]
    return body


def api_path(request: Request) -> str:
    """The real API path, without the `/<host>` prefix."""
    path: str = request.scope["sim.api_path"]
    return path


def cloud_host(request: Request) -> str:
    """Which cloud host the request was addressed to."""
    host: str = request.scope["sim.host"]
    return host


class CloudMiddleware:
    """Wraps the route app; see the module docstring."""

    def __init__(
        self, app: ASGIApp, *, state: CloudState, faults: FaultBook, log: RequestLog, sleep: Sleep
    ) -> None:
        self.app = app
        self.state = state
        self.faults = faults
        self.log = log
        self.sleep = sleep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        host, path = split_host(scope["path"])
        if host not in ALLOWED_HOSTS:
            await _send_json(send, 404, {"message": "Not Found"})
            return
        body = await _read_body(receive)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        entry = LoggedRequest(
            at=self.state.now(),
            method=scope["method"],
            host=host,
            path=path,
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body.decode("utf-8", errors="replace"),
        )
        self.log.add(entry)
        scope.update({"sim.entry": entry, "sim.body": body, "sim.host": host, "sim.api_path": path})
        if self.state.config.latency > 0:
            await self.sleep(self.state.config.latency)
        fault = self.faults.take(scope["method"], host, path)
        if fault is not None:
            entry.extra["fault"] = fault.label()
            _LOGGER.info("injecting %s into %s %s", fault.label(), scope["method"], redact(path))
            if fault.kind == "delay":
                await self.sleep(fault.seconds)
            else:
                entry.verdict = fault.label()
                await self._answer_fault(fault, entry, send)
                return
        await self.app(scope, _replay(body), _recording(send, entry))

    async def _answer_fault(self, fault: Fault, entry: LoggedRequest, send: Send) -> None:
        if fault.kind == "code":
            entry.code, entry.status = fault.code, 200
            await _send_json(send, 200, error_body(fault.code or ""))
            return
        if fault.kind == "drop":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"512"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b'{"code":"10', "more_body": True})
            raise DroppedConnectionError
        status = fault.status or 500
        entry.status = status
        if status in (502, 503):
            await _send(send, status, _BAD_GATEWAY_HTML, b"text/html")
            return
        extra: list[tuple[bytes, bytes]] = []
        body: dict[str, Any] = {"message": {401: "Unauthorized", 403: "Forbidden"}.get(status, "")}
        if status == 429:
            wait = fault.retry_after if fault.retry_after is not None else 30
            extra.append((b"retry-after", str(wait).encode()))
            body = {"code": "429", "message": f"Too many requests, retry after {wait} seconds"}
        elif status == 403:
            extra.append((b"x-amzn-errortype", b"ForbiddenException"))
        elif status == 500:
            body = {"code": "500", "message": "Internal Server Error"}
        await _send(send, status, json.dumps(body).encode(), b"application/json", extra)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _recording(send: Send, entry: LoggedRequest) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry.status = int(message["status"])
        await send(message)

    return wrapped


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    await _send(send, status, json.dumps(body).encode(), b"application/json")


async def _send(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
