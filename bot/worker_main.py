"""One poller worker process: `python -m bot.worker_main <index>`, started by `bot.workers`.

It reads the settings (JSON, `bot.config.settings_payload`) from stdin, opens the services
the poller needs (database, HTTP client, client pool), a Bot API client for the live maps,
and runs the real `Poller` under its own lease owner every POLL_INTERVAL_AFTER_COMMAND
seconds (at once again after a tick that left cars due) in the Telegram process's
loop, `PollerRuntime`, without its sender. It sends no alerts (the Telegram process's outbox
sender does), answers no updates and runs no schedules. After each tick it writes
`tick <cars polled> <polls failed>` to stdout (the heartbeat). SIGTERM or SIGINT stop it
after the current tick's cars (within `FINISH_TICK_S`, then it is cancelled); so does its
parent going away (seen after a tick).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from typing import TextIO

from bot.app import build_bot
from bot.config import Settings, SettingsError, secret_values, settings_from_payload
from bot.log import configure_logging
from bot.poller.runtime import PollerRuntime
from bot.poller.tick import Poller, TickReport, default_owner
from bot.services import BotServices
from bot.tg.live import TelegramLiveMap

_LOGGER = logging.getLogger("bot.worker")

# After SIGTERM the current tick may poll its cars this long (the supervisor kills at 10 s).
FINISH_TICK_S = 5.0
STOP_GRACE_S = 3.0


async def run_worker(settings: Settings, index: int, heartbeat: TextIO) -> None:
    """Poll until SIGTERM/SIGINT or the parent process is gone."""
    parent = os.getppid()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    services = BotServices(settings=settings, run_poller=False)
    services.open()
    bot = build_bot(settings)
    # No `bot.initialize()`: its getMe is the Telegram process's; the live maps only edit.
    await bot.request.initialize()
    owner = f"{default_owner()}-w{index}"
    poller = Poller(
        db=services.db,
        clients=services.clients,
        settings=settings,
        clock=services.clock,
        owner=owner,
        live_map=TelegramLiveMap(bot),
    )
    _LOGGER.info("poller worker %d polls as %s", index, owner)

    def beat(report: TickReport) -> None:
        """The heartbeat after each tick; the worker stops once its parent is gone."""
        if os.getppid() != parent:
            stop.set()
            return
        try:
            heartbeat.write(f"tick {report.polled} {report.failed}\n")
            heartbeat.flush()
        except BrokenPipeError:  # the supervisor is gone
            stop.set()
            return
        if report.polled:
            _LOGGER.debug("poller worker %d polled %d car(s)", index, report.polled)

    runtime = PollerRuntime(
        poller,
        None,
        tick_seconds=float(settings.poll_interval_after_command),
        clock=services.clock,
        on_tick=beat,
    )
    runtime.start()
    try:
        await stop.wait()
    finally:
        await runtime.stop(grace=STOP_GRACE_S, finish_within=FINISH_TICK_S)
        await bot.request.shutdown()
        await services.close()
        _LOGGER.info("poller worker %d stopped", index)


def main(argv: list[str]) -> int:
    """Entry point of the worker process; returns its exit code."""
    index = int(argv[0]) if argv and argv[0].isdigit() else 1
    try:
        settings = settings_from_payload(sys.stdin.readline())
    except (SettingsError, ValueError) as err:
        print(f"poller worker {index}: unreadable settings: {type(err).__name__}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secret_values(settings))
    try:
        asyncio.run(run_worker(settings, index, sys.stdout))
    except BrokenPipeError:  # the supervisor is gone
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
