"""Serving the simulator over HTTP with uvicorn: in a background thread on a free loopback
port (end-to-end tests, demo mode), or in the foreground (`python -m bot simulator`)."""

from __future__ import annotations

import logging
import socket
import threading
from types import TracebackType

import uvicorn

from bot.simulator.middleware import DroppedConnectionError
from bot.simulator.simulator import Simulator

_LOGGER = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"
START_TIMEOUT = 10.0


class _HideDroppedConnections(logging.Filter):
    """uvicorn logs an injected dropped connection as an application error; it is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnectionError)


def _quiet_uvicorn() -> None:
    error_logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _HideDroppedConnections) for f in error_logger.filters):
        error_logger.addFilter(_HideDroppedConnections())


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening-ready TCP socket on 127.0.0.1 (`port` 0 picks a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    return sock


class RunningSimulator:
    """A simulator served by uvicorn in a daemon thread. Use as a context manager or call
    `stop()`. `base_url` is what `Endpoints.local(...)` and `SMART_CLOUD_URL` take."""

    def __init__(self, sim: Simulator, *, port: int = 0, log_level: str = "warning") -> None:
        _quiet_uvicorn()
        self.sim = sim
        self._socket = bind_loopback(port)
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(sim.app, log_level=log_level, access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            daemon=True,
            name="smart-sim",
        )
        self._thread.start()
        self._wait_started()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{LOOPBACK}:{self.port}"

    def _wait_started(self) -> None:
        ready = threading.Event()

        def poll() -> None:
            while not self._server.started and self._thread.is_alive():
                ready.wait(0.01)
            ready.set()

        poll()
        if not self._server.started:
            msg = "simulator did not start"
            raise RuntimeError(msg)
        _LOGGER.info("Smart cloud simulator listening on %s", self.base_url)

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=START_TIMEOUT)
        self._socket.close()

    def __enter__(self) -> RunningSimulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_in_thread(sim: Simulator | None = None, *, port: int = 0) -> RunningSimulator:
    """Start `sim` (a fresh demo simulator by default) on a free loopback port."""
    return RunningSimulator(sim or Simulator(), port=port)


def serve_forever(sim: Simulator, port: int) -> None:
    """Run in the foreground on 127.0.0.1:`port` until interrupted."""
    _quiet_uvicorn()
    # No access log (paths carry VINs) and no own handlers: records go through the root
    # logger's redacting handler installed by `configure_logging`.
    uvicorn.run(
        sim.app,
        host=LOOPBACK,
        port=port,
        log_level="info",
        log_config=None,
        access_log=False,
        lifespan="off",
    )
