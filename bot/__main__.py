"""Command line of the Smart car bot: `python -m bot <command>` (`run` when none is given)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.config import (
    SETUP_NOTE,
    Settings,
    SettingsError,
    load_settings,
    load_settings_for_run,
    secret_values,
)
from bot.log import configure_logging, redact

_LOGGER = logging.getLogger("bot")


def _fail(lines: Sequence[str]) -> int:
    print("Cannot start: fix these settings (see .env.example):", file=sys.stderr)
    for line in lines:
        print(f"  - {line}", file=sys.stderr)
    return 2


def _settings_or_exit(*, for_run: bool = False, **overrides: Any) -> Settings | int:
    """The settings, or (after printing every problem in one go) the exit code 2. `for_run`
    also requires what `run` and `check` need (`Settings.problems_for_run`)."""
    try:
        settings = (load_settings_for_run if for_run else load_settings)(**overrides)
    except SettingsError as err:
        return _fail(err.lines)
    configure_logging(settings.log_level, secret_values(settings))
    return settings


def cmd_gen_key(_args: argparse.Namespace) -> int:
    """Print a new Fernet key for FERNET_KEYS."""
    print(Fernet.generate_key().decode())
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Apply every database migration."""
    settings = _settings_or_exit()
    if isinstance(settings, int):
        return settings
    from bot.storage.migrations import upgrade_to_head

    upgrade_to_head(settings.database_url)
    _LOGGER.info("database is at the newest schema")
    return 0


def cmd_check(_args: argparse.Namespace) -> int:
    """Validate settings and the database without starting the bot."""
    settings = _settings_or_exit(for_run=True)
    if isinstance(settings, int):
        return settings
    problem = _database_problem(settings)
    if problem:
        return _fail([problem])
    print("Settings and database are fine.")
    if settings.needs_setup:
        print(f"Note: {SETUP_NOTE}")
    return 0


def _database_problem(settings: Settings) -> str | None:
    """Migrate the database and try the stored credentials with FERNET_KEYS: one clear line
    when either fails (`check` and `run` both stop on it), else None."""
    from bot.storage.migrations import upgrade_to_head

    try:
        upgrade_to_head(settings.database_url)
        return asyncio.run(_stored_credentials_problem(settings))
    except Exception as err:  # any failure to open the database: one line, no traceback
        return f"DATABASE_URL: cannot open or migrate the database: {_reason(err)}"


def _reason(err: BaseException) -> str:
    """The innermost cause of a failure, by type and (redacted, short) message."""
    root = err
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    message = redact(str(root).splitlines()[0] if str(root) else "")[:160]
    return f"{type(root).__name__}: {message}" if message else type(root).__name__


async def _preflight(application: Application) -> None:  # type: ignore[type-arg]
    async with application.bot:
        me = await application.bot.get_me()
    _LOGGER.info("connected to Telegram as @%s", me.username)


def cmd_run(args: argparse.Namespace) -> int:
    """Migrate the database, then run the bot until it is stopped."""
    if getattr(args, "demo", False):
        return _run_demo()
    settings = _settings_or_exit(for_run=True)
    if isinstance(settings, int):
        return settings
    if settings.needs_setup:
        return _run_setup(settings)
    return _run_bot(settings)


def _run_demo() -> int:
    """The demo: only a bot token is needed. An ephemeral key, a database file of its own
    (deleted at the end) and, without ADMIN_USER_IDS, the first user to write is admin."""
    from bot.demo import demo_overrides, start_demo

    with demo_overrides() as overrides:
        settings = _settings_or_exit(for_run=True, **overrides)
        if isinstance(settings, int):
            return settings
        settings, simulator = start_demo(settings, sys.stdout)
        try:
            return _run_bot(settings, first_user_admin=settings.needs_setup)
        finally:
            simulator.stop()


def _run_setup(settings: Settings) -> int:
    """No admin yet: answer each user with their id and how to become admin, nothing else."""
    from bot.tg.setup_mode import build_setup_application

    _LOGGER.warning("%s", SETUP_NOTE)
    application = build_setup_application(settings)
    return _serve(
        settings, application, lambda: application.run_polling(allowed_updates=Update.ALL_TYPES)
    )


async def _stored_credentials_problem(settings: Settings) -> str | None:
    """A clear line when stored credentials cannot be read with FERNET_KEYS, else None."""
    from bot.storage.crypto import CredentialCipher, CredentialsUndecryptableError
    from bot.storage.db import Database
    from bot.storage.keys import check_keys

    db = Database(settings.database_url)
    try:
        await check_keys(db, cipher=CredentialCipher(settings.fernet_keys))
    except CredentialsUndecryptableError as err:
        return f"FERNET_KEYS: {err}. Restore the key that wrote them, or run /login again."
    finally:
        await db.dispose()
    return None


def _run_bot(settings: Settings, *, first_user_admin: bool = False) -> int:
    from bot.app import build_application

    problem = _database_problem(settings)
    if problem:
        return _fail([problem])
    application = build_application(settings, first_user_admin=first_user_admin)

    def serve() -> None:
        if settings.telegram_webhook_url:
            from bot.tg.webhook import run_webhook

            run_webhook(
                build_application(settings, updater=False, first_user_admin=first_user_admin),
                settings,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)

    return _serve(settings, application, serve)


def _serve(
    settings: Settings,
    application: Application,  # type: ignore[type-arg]
    serve: Callable[[], None],
) -> int:
    """Check the token with one getMe, then `serve()`; Telegram failures in one line."""
    try:
        # A first getMe in a loop of our own, so an unreachable API or a wrong token is
        # reported in one line instead of PTB's bootstrap traceback.
        asyncio.run(_preflight(application))
        serve()
    except InvalidToken:
        return _fail(["TELEGRAM_BOT_TOKEN: Telegram rejected the token; check it with @BotFather"])
    except NetworkError as err:
        print(
            "Cannot reach the Telegram Bot API at "
            f"{settings.telegram_api_base_url}: {err.message}. "
            "Check the network or TELEGRAM_API_BASE_URL.",
            file=sys.stderr,
        )
        return 3
    except TelegramError as err:
        print(f"Telegram refused to start the bot: {err.message}", file=sys.stderr)
        return 3
    return 0


def cmd_simulator(args: argparse.Namespace) -> int:
    """Serve the simulated Smart cloud on 127.0.0.1 until interrupted."""
    configure_logging("INFO")
    from bot.demo import describe_accounts
    from bot.simulator import Simulator
    from bot.simulator.seed import SeedError
    from bot.simulator.server import serve_forever

    try:
        sim = Simulator(seed=args.seed)
    except (SeedError, KeyError, TypeError, ValueError) as err:
        print(f"Cannot start the simulator: bad seed: {err}", file=sys.stderr)
        return 2
    print(f"Simulated Smart cloud on http://127.0.0.1:{args.port} (SMART_CLOUD_URL)")
    print("\n".join(["Accounts:", *describe_accounts(sim)]))
    serve_forever(sim, args.port)
    return 0


def cmd_set_webhook(_args: argparse.Namespace) -> int:
    """Register TELEGRAM_WEBHOOK_URL with Telegram (a deploy step, not every replica)."""
    settings = _settings_or_exit()
    if isinstance(settings, int):
        return settings
    if not settings.telegram_webhook_url or settings.telegram_bot_token is None:
        return _fail(["TELEGRAM_WEBHOOK_URL and TELEGRAM_BOT_TOKEN must be set to register it"])
    from telegram import Bot

    from bot.tg.webhook import register_webhook

    bot = Bot(
        settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_api_base_url
    )
    try:
        asyncio.run(register_webhook(bot, settings))
    except TelegramError as err:
        print(f"Telegram refused the webhook: {err.message}", file=sys.stderr)
        return 3
    print(f"Webhook registered: {settings.telegram_webhook_url}")
    return 0


def cmd_rotate_keys(_args: argparse.Namespace) -> int:
    """Re-encrypt stored credentials with the newest key of FERNET_KEYS."""
    settings = _settings_or_exit()
    if isinstance(settings, int):
        return settings
    from bot.storage.keys import rotate_keys_command

    return rotate_keys_command(settings)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use an in-process simulated Smart cloud; needs only TELEGRAM_BOT_TOKEN (an "
        "ephemeral key and database; without ADMIN_USER_IDS the first user to write is admin)",
    )


def _add_simulator_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8787, help="loopback port (default 8787)")
    parser.add_argument("--seed", type=Path, default=None, help="JSON seed file (accounts, cars)")


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "run": (cmd_run, "start the bot (default); --demo: against a simulated cloud, token only"),
    "migrate": (cmd_migrate, "apply database migrations"),
    "gen-key": (cmd_gen_key, "print a new Fernet key for FERNET_KEYS"),
    "check": (cmd_check, "validate settings and the database, then exit"),
    "simulator": (cmd_simulator, "serve the simulated Smart cloud on 127.0.0.1"),
    "rotate-keys": (cmd_rotate_keys, "re-encrypt stored credentials with the newest key"),
    "set-webhook": (cmd_set_webhook, "register TELEGRAM_WEBHOOK_URL with Telegram"),
}
# Extra arguments of sub-commands that take any.
OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "run": _add_run_options,
    "simulator": _add_simulator_options,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per entry of `COMMANDS`."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    for name, (_func, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text)
        if name in OPTIONS:
            OPTIONS[name](command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    func = COMMANDS[args.command or "run"][0]
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
