"""Fault injection and the request log.

A `Fault` hits the next `count` matching cloud requests (never `/_sim/...`): a business code
in an HTTP 200 envelope, an HTTP status (401, 403, 429 with Retry-After, 500, 502 HTML page),
an extra delay before normal handling, or a dropped connection. Every cloud request is logged
with its verdict so tests can see what the simulator saw.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultKind = Literal["code", "http", "delay", "drop"]
FAULT_KINDS: tuple[str, ...] = ("code", "http", "delay", "drop")
HTTP_FAULT_STATUSES = frozenset({401, 403, 429, 500, 502, 503})


@dataclass(slots=True)
class Fault:
    """One armed fault. `host`/`path_contains`/`method` narrow which requests it hits."""

    kind: FaultKind
    count: int = 1
    code: str | None = None
    status: int | None = None
    retry_after: int | None = None
    seconds: float = 0.0
    host: str | None = None
    path_contains: str | None = None
    method: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            msg = f"unknown fault kind {self.kind!r}"
            raise ValueError(msg)
        if self.count < 1:
            msg = "count must be at least 1"
            raise ValueError(msg)
        if self.kind == "code" and not self.code:
            msg = "a code fault needs `code`"
            raise ValueError(msg)
        if self.kind == "http" and self.status not in HTTP_FAULT_STATUSES:
            msg = f"http fault status must be one of {sorted(HTTP_FAULT_STATUSES)}"
            raise ValueError(msg)
        if self.kind == "delay" and self.seconds <= 0:
            msg = "a delay fault needs `seconds` > 0"
            raise ValueError(msg)

    def matches(self, method: str, host: str, path: str) -> bool:
        """True when this fault applies to the request."""
        return (
            (self.host is None or self.host == host)
            and (self.path_contains is None or self.path_contains in path)
            and (self.method is None or self.method.upper() == method.upper())
        )

    def label(self) -> str:
        """Short description for the request log (`fault:http-429`)."""
        detail = {"code": self.code, "http": self.status, "delay": self.seconds, "drop": ""}
        return f"fault:{self.kind}-{detail[self.kind]}".rstrip("-")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


class FaultBook:
    """Armed faults, consumed first-armed-first."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def arm(self, fault: Fault) -> Fault:
        """Add a fault."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, host: str, path: str) -> Fault | None:
        """The first fault matching this request, with its count decremented."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, host, path):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        """Disarm everything."""
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        """Faults still armed."""
        with self._lock:
            return list(self._faults)


@dataclass(slots=True)
class LoggedRequest:
    """One cloud request as received, and what the simulator made of it."""

    at: float
    method: str
    host: str
    path: str
    query: str
    headers: dict[str, str]
    body: str
    verdict: str = "unhandled"
    code: str | None = None
    status: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


class RequestLog:
    """The last `maxlen` cloud requests."""

    def __init__(self, maxlen: int = 2000) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def add(self, entry: LoggedRequest) -> None:
        """Append an entry."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        """A snapshot, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
