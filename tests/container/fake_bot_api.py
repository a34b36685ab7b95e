"""The loopback fake Bot API of the end-to-end tests as a process, for the image test.

`python -m tests.container.fake_bot_api --admin 42` serves it on a free port of 127.0.0.1 and
reports on stdout, one line each: `ready <TELEGRAM_API_BASE_URL>`, then `polled` once the bot
calls getUpdates, then `replied <first line>` once the bot answered the admin's /start. It
serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from tests.e2e.fake_telegram import FakeTelegram


def _say(line: str) -> None:
    print(line, flush=True)


async def serve(admin: int, timeout: float) -> None:
    """Serve until a stop signal; talk to the bot like its admin would."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with FakeTelegram() as tg:
        _say(f"ready {tg.base_url}")
        await tg.wait_polled(0, timeout=timeout)
        _say("polled")
        await tg.user_sends(admin, "/start")
        await tg.wait_for(
            lambda: bool(tg.calls_to("sendMessage", chat_id=admin)),
            timeout=timeout,
            what="the bot to answer /start",
        )
        text = tg.last_bot_message(admin).text.strip().splitlines()
        _say(f"replied {text[0] if text else ''}")
        await stop.wait()


def main() -> None:
    """Parse the options and serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin", type=int, required=True, help="the bot's ADMIN_USER_IDS")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per step")
    args = parser.parse_args()
    asyncio.run(serve(args.admin, args.timeout))


if __name__ == "__main__":
    main()
