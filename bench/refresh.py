"""Bench 4, the whole refresh: one car's status read by pysmarthashtag, by our client and by
our poller, and the floor under them (one bare loopback request through httpx, httpcore
alone and a raw asyncio stream), CPU time per refresh, all in one run.

The simulator runs in its own process (`bench.simproc`, one car, no added latency), so the
CPU measured here (`getrusage` of this process: the event loop and the aiosqlite thread) is
the client side alone. Contenders run in interleaved batches of sequential refreshes; the
figure is the median of the batches' CPU per refresh, so a burst of load from other jobs on
the machine hits all of them alike and does not decide the result.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.common import Table, cpu_seconds, verdict

BATCH, ROUNDS = int(os.environ.get("BENCH_REFRESH_BATCH", "200")), 7
FLEET = 100  # cars of the many-car tick: one claim of POLLER_CONCURRENCY x 2
Refresh = Callable[[], Awaitable[object]]


async def _measure(contenders: dict[str, Refresh]) -> dict[str, float]:
    """Median CPU seconds per call of each contender over interleaved batches."""
    for refresh in contenders.values():  # warm up: connections, caches, first-call imports
        for _ in range(20):
            await refresh()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for number in range(ROUNDS):
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            refresh = contenders[name]
            began = cpu_seconds()
            for _ in range(BATCH):
                await refresh()
            samples[name].append((cpu_seconds() - began) / BATCH)
    return {name: statistics.median(values) for name, values in samples.items()}


class _Floor:
    """One signed status GET, sent by the bare libraries underneath our client."""

    def __init__(self, base_url: str, entry: dict[str, Any]) -> None:
        from bot.smart.const import HOST_API_V1, PATH_STATUS, Region
        from bot.smart.headers import signed_headers, vehicle_headers
        from bot.smart.signing import canonical_query, sign

        self.path = PATH_STATUS.format(vin=entry["vin"])
        self.query = canonical_query(
            {"latest": True, "target": "basic,more", "userId": entry["user_id"]}
        )
        self.url = f"{base_url}/{HOST_API_V1}{self.path}?{self.query}"
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._entry = entry
        self._sign, self._signed_headers, self._region = sign, signed_headers, Region.EU
        self._vehicle = vehicle_headers(entry["vin"], "")
        self._count = 0

    def headers(self) -> dict[str, str]:
        """Fresh nonce and signature (the cloud refuses a repeated nonce); ~5 µs."""
        import time

        self._count += 1
        nonce, stamp = f"{self._count:016x}", str(int(time.time() * 1000))
        signature = self._sign(
            self._region,
            method="GET",
            path=self.path,
            query=self.query,
            body=b"",
            nonce=nonce,
            timestamp=stamp,
        )
        headers = self._signed_headers(
            self._region,
            device_id="bench-floor",
            nonce=nonce,
            timestamp=stamp,
            signature=signature,
            access_token=self._entry["access_token"],
        )
        headers.update(self._vehicle)
        return headers


async def _raw_stream(floor: _Floor) -> tuple[Refresh, Callable[[], Awaitable[None]]]:
    """The same request as bytes on one kept-alive asyncio stream; reads the whole answer.

    The server closes a connection idle for 5 s (while the others' batches run): the stream
    is then opened again, as a pool would.
    """
    target = f"{urlsplit(floor.url).path}?{floor.query}"
    stream: list[Any] = []

    async def once() -> bytes:
        if not stream:
            stream.extend(await asyncio.open_connection(floor.host, floor.port))
        reader, writer = stream
        lines = [f"GET {target} HTTP/1.1", f"host: {floor.host}:{floor.port}"]
        lines += [f"{k}: {v}" for k, v in floor.headers().items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return await reader.readexactly(length)

    async def close() -> None:
        if stream:
            stream[1].close()
            await stream[1].wait_closed()
            stream.clear()

    async def refresh() -> bytes:
        try:
            return await once()
        except (asyncio.IncompleteReadError, ConnectionError):
            await close()
            return await once()

    return refresh, close


async def _poller(
    base_url: str, db_path: Path, entries: list[dict[str, Any]], transport: Any
) -> tuple[Any, Refresh, Callable[[], Awaitable[None]]]:
    """A poller over `entries` on its own SQLite file: (client pool, one tick, close)."""
    from cryptography.fernet import Fernet

    from bench.bench_poller_capacity import _settings
    from bench.fleet import seed_fleet
    from bot.commands.clients import ClientPool
    from bot.poller.tick import Poller
    from bot.smart.endpoints import Endpoints
    from bot.smart.http_pool import CloudHTTPClient
    from bot.storage.crypto import CredentialCipher
    from bot.storage.db import Database
    from bot.storage.migrations import upgrade_to_head

    key = Fernet.generate_key().decode()
    db_url = f"sqlite+aiosqlite:///{db_path}"
    await asyncio.to_thread(upgrade_to_head, db_url)
    await seed_fleet(db_url, key, entries, 0)
    settings = _settings(db_url, key, base_url)
    db = Database(db_url)
    http = CloudHTTPClient(transport=transport, timeout=30)  # the bot's client (no cookie jar)
    pool = ClientPool(
        db=db,
        cipher=CredentialCipher(settings.fernet_keys),
        http=http,
        endpoints=Endpoints.local(base_url),
    )
    now = [datetime.now(UTC)]
    poller = Poller(
        db=db,
        clients=pool,
        settings=settings,
        clock=lambda: now[0],
        firmware_every=timedelta(days=3650),
    )

    async def tick() -> object:
        now[0] += timedelta(hours=2)  # past any interval: every car is due
        report = await poller.tick()
        if report.polled != len(entries):
            message = f"the poller polled {report.polled} cars, not {len(entries)}: {report}"
            raise RuntimeError(message)
        return report

    async def close() -> None:
        await pool.close()
        await http.aclose()
        await db.dispose()

    return pool, tick, close


async def _ours(
    base_url: str, workdir: Path, entries: list[dict[str, Any]], transport: Any
) -> tuple[dict[str, Refresh], Callable[[], Awaitable[None]]]:
    """Our client's `get_status`, our poller's tick for one due car (claim, read, diff,
    write), and its tick for `FLEET` due cars (one claim for all), per car."""
    pool, one, close_one = await _poller(base_url, workdir / "one.db", entries[:1], transport)
    _, many, close_many = await _poller(base_url, workdir / "fleet.db", entries, transport)
    client = await pool.for_account(1)
    await many()  # cold: every client lists its car, selects it
    await many()

    async def status() -> object:
        return await client.get_status(entries[0]["vin"])

    async def fleet() -> object:
        fleet.calls = getattr(fleet, "calls", 0) + 1  # type: ignore[attr-defined]
        if fleet.calls % FLEET == 0:  # type: ignore[attr-defined]
            return await many()  # one tick per FLEET calls: the CPU divides per car
        return None

    async def close() -> None:
        await close_one()
        await close_many()

    async def one_built_per_call() -> object:
        from bot.storage import sqlcache

        sqlcache.BUILD_PER_CALL = True  # the claim as before 2026-12-01 (second run)
        try:
            return await one()
        finally:
            sqlcache.BUILD_PER_CALL = False

    contenders = {
        "ours: SmartClient.get_status": status,
        "ours: Poller.tick (one car)": one,
        "ours: Poller.tick (one car), SQL built per call": one_built_per_call,
        f"ours: Poller.tick ({FLEET} cars), per car": fleet,
    }
    return contenders, close


async def _theirs(base_url: str, entry: dict[str, Any]) -> tuple[dict[str, Refresh], Any]:
    """pysmarthashtag's status refresh and its whole `get_vehicles` refresh, against the
    simulator (`EndpointUrls`, the session set as after its login)."""
    from pysmarthashtag.account import SmartAccount
    from pysmarthashtag.const import EndpointUrls

    from bot.smart.const import HOST_API_V1, HOST_API_V2, HOST_OTA

    urls = EndpointUrls(
        api_base_url=f"{base_url}/{HOST_API_V1}",
        api_base_url_v2=f"{base_url}/{HOST_API_V2}",
        ota_server_url=f"{base_url}/{HOST_OTA}/",  # its default ends in "/" too
    )
    account = SmartAccount("bench@example.com", "x", endpoint_urls=urls)
    auth = account.config.authentication
    auth.api_access_token = entry["access_token"]
    auth.access_token = entry["access_token"]  # its login token; the OTA service takes either
    auth.api_refresh_token = entry["refresh_token"]
    auth.api_user_id = entry["user_id"]
    auth.api_client_id = entry["client_id"]
    await account._init_vehicles()  # its login is what we skip
    vehicle = account.vehicles[entry["vin"]]
    vehicle.base_url = urls.api_base_url_v2 if entry["model"] == "#5" else urls.api_base_url
    await account.select_active_vehicle(entry["vin"])

    async def status() -> object:
        return await account.get_vehicle_information(entry["vin"])

    async def refresh() -> object:
        await account.get_vehicles()  # its Home Assistant integration's update, every interval
        return vehicle

    if len(account.vehicles) != 1:
        message = f"the bench account lists {len(account.vehicles)} cars, not one"
        raise RuntimeError(message)
    contenders = {
        "theirs: get_vehicle_information": status,
        "theirs: get_vehicles (its whole refresh)": refresh,
    }
    return contenders, vehicle


async def _floors(
    base_url: str, entry: dict[str, Any]
) -> tuple[dict[str, Refresh], Callable[[], Awaitable[None]]]:
    import httpcore
    import httpx

    floor = _Floor(base_url, entry)
    client = httpx.AsyncClient()
    pool = httpcore.AsyncConnectionPool()
    raw, raw_close = await _raw_stream(floor)

    async def with_httpx() -> object:
        response = await client.get(floor.url, headers=floor.headers())
        return response.content

    async def with_httpcore() -> object:
        headers: dict[bytes | str, bytes | str] = dict(floor.headers())
        response = await pool.request("GET", floor.url, headers=headers)
        return response.content

    async def close() -> None:
        await client.aclose()
        await pool.aclose()
        await raw_close()

    floors = {
        "floor: httpx.AsyncClient.get": with_httpx,
        "floor: httpcore pool alone": with_httpcore,
        "floor: raw asyncio stream": raw,
    }
    return floors, close


async def _run(base_url: str, workdir: Path, entries: list[dict[str, Any]]) -> dict[str, float]:
    from bot.smart.http_pool import BalancedTransport

    transport = BalancedTransport(connections=64)  # the bot's connections (`BotServices`)
    entry = entries[0]
    ours, close_ours = await _ours(base_url, workdir, entries, transport)
    theirs, _vehicle = await _theirs(base_url, entry)
    floors, close_floors = await _floors(base_url, entry)
    try:
        profile = os.environ.get("BENCH_REFRESH_PROFILE")
        if profile:  # `BENCH_REFRESH_PROFILE=out.txt`, pyinstrument added for that run
            from pyinstrument import Profiler

            row = os.environ.get("BENCH_REFRESH_PROFILE_ROW", "ours: Poller.tick (one car)")
            poll = ours[row]
            with Profiler(interval=0.0002) as profiler:
                for _ in range(BATCH * 5):
                    await poll()
            text = profiler.output_text(show_all=False)
            await asyncio.to_thread(Path(profile).write_text, text)
        return await _measure({**theirs, **ours, **floors})
    finally:
        await close_ours()
        await close_floors()


def tables() -> list[Table]:
    import logging

    from bench import simproc

    logging.getLogger("pysmarthashtag").setLevel(logging.CRITICAL)
    logging.getLogger("bot").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        sim = simproc.start(FLEET, 0.0, Path(tmp))
        try:
            cpu = asyncio.run(_run(sim.base_url, Path(tmp), sim.accounts))
        finally:
            sim.stop()
    theirs = cpu["theirs: get_vehicle_information"]
    whole = cpu["theirs: get_vehicles (its whole refresh)"]
    bare = cpu["floor: httpx.AsyncClient.get"]
    table = Table(
        "One car's status refresh, CPU of the client process per refresh (median of "
        f"{ROUNDS} interleaved batches of {BATCH})",
        ["refresh", "CPU µs", "/ their status read", "/ their whole refresh", "/ bare httpx"],
    )
    for name, seconds in cpu.items():
        table.add(name, seconds * 1e6, seconds / theirs, seconds / whole, seconds / bare)
    table.notes += [
        "theirs: `SmartAccount.get_vehicle_information(vin)`, the status read of its refresh, "
        "with its `SmartVehicle` rebuilt from the answer; and `SmartAccount.get_vehicles()`, "
        "its whole refresh of the (one) car as its Home Assistant integration runs it every "
        "interval: six requests, all answered by the simulator (select, status, charging "
        "settings, OTA, a trip-journal page: 8153, no trips; its grant is cached per token, "
        "vehicle state). The session is set as after its login and the car selected once, as "
        "ours.",
        "ours: the client's `get_status` (signed GET, envelope, `parse_status`), and the "
        "poller's tick for one due car (claim with its lease, read, diff, one write "
        f"transaction on SQLite), and its tick over {FLEET} due cars (one claim for all, "
        "`POLLER_CONCURRENCY` 50 in flight), divided per car: the steady poll of a fleet. "
        "A steady poll reads the status alone: the charge target only when it may have "
        "changed, the OTA service daily, the journal after a drive.",
        "floors: the same signed GET (fresh nonce each, ~5 µs of signing) on a kept-alive "
        "loopback connection; each reads the whole answer and decodes nothing.",
    ]
    poll = cpu[f"ours: Poller.tick ({FLEET} cars), per car"]
    status = cpu["ours: SmartClient.get_status"]
    targets = Table("Targets (issue 19)", ["target", "measured", "verdict"])
    targets.add(
        "our status refresh <= 0.25 of theirs: their whole refresh",
        f"client {status / whole:.2f}, fleet poll {poll / whole:.2f}",
        verdict(poll / whole <= 0.25),
    )
    targets.add(
        "the same, against their status read alone",
        f"client {status / theirs:.2f}, fleet poll {poll / theirs:.2f}",
        verdict(poll / theirs <= 0.25),
    )
    targets.add(
        "a steady poll <= 3x the bare httpx request",
        f"client {status / bare:.2f}x, fleet poll {poll / bare:.2f}x",
        verdict(poll / bare <= 3),
    )
    return [table, targets]
