"""Bench 6: start-up time of `python -m bot run` until it polls Telegram, and idle memory.

The bot runs as its own process against the loopback fake Bot API, with a SQLite database
in a temporary folder: a first start (empty file, all migrations run) and warm starts (schema
already current). "Polling" is the first `getUpdates` the fake receives (its `wait_polled`).
Idle memory is the resident set of the bot process a few seconds after that, with nobody
using it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

from bench.common import REPO_ROOT, Table, child_env
from tests.e2e.fake_telegram import FakeTelegram

TITLE = "6. Start-up: process start to polling for updates, and idle memory"
TOKEN = "123456789:AAE" + "b" * 32
ADMIN_ID = 1001
IDLE_SECONDS = 3.0
WARM_STARTS = 3


def _proc_status(pid: int) -> dict[str, float]:
    """VmRSS / VmHWM of a process, in MiB."""
    values: dict[str, float] = {}
    for text in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = text.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024
    return values


async def _one_start(workdir: Path, keys: str) -> dict[str, float]:
    async with FakeTelegram() as tg:
        env = child_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=tg.base_url,
            FERNET_KEYS=keys,
            ADMIN_USER_IDS=str(ADMIN_ID),
            DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'bot.db'}",
            SMART_CLOUD_URL="http://127.0.0.1:9",  # nobody is logged in: never contacted
            LOG_LEVEL="WARNING",
        )
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=workdir,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        await tg.wait_polled(0, timeout=60)  # the first getUpdates
        polling_after = time.monotonic() - started
        await asyncio.sleep(IDLE_SECONDS)
        memory = _proc_status(proc.pid)
        stopping = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
        if proc.returncode not in (0, -signal.SIGINT, 130):
            message = f"bot exited with {proc.returncode}: {err.decode()[-2000:]}"
            raise RuntimeError(message)
        return {
            "polling_s": polling_after,
            "idle_rss": memory.get("VmRSS", float("nan")),
            "peak_rss": memory.get("VmHWM", float("nan")),
            "stop_s": time.monotonic() - stopping,
        }


async def _import_seconds() -> float:
    """Time a fresh interpreter spends importing the bot's modules (measured inside it)."""
    code = (
        "import time; t = time.perf_counter(); import bot.__main__, bot.app; "
        "print(time.perf_counter() - t)"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, env=child_env(), cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    return float(out.decode().strip())


async def _measure() -> list[Table]:
    keys = Fernet.generate_key().decode()
    table = Table(
        "python -m bot run, SQLite, fake Bot API on loopback",
        [
            "start",
            "to first getUpdates (s)",
            f"idle RSS after {IDLE_SECONDS:.0f} s (MiB)",
            "peak RSS (MiB)",
            "SIGINT to exit (s)",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        for index in range(1 + WARM_STARTS):
            result = await _one_start(workdir, keys)
            label = "first (empty DB, migrations)" if index == 0 else f"warm #{index}"
            table.add(
                label, result["polling_s"], result["idle_rss"], result["peak_rss"], result["stop_s"]
            )
    imports = await _import_seconds()
    table.notes.append(
        f"Importing the bot's modules takes {imports:.2f} s of that. "
        "No target in the issue; figures for operators."
    )
    table.notes.append(f"{os.cpu_count()} CPUs; the bot process is measured alone via /proc.")
    return [table]


def run() -> list[Table]:
    return asyncio.run(_measure())
