"""The command line as an operator meets it: clear messages, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from tests.conftest import TEST_TOKEN

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bot", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _refusing_port() -> socket.socket:
    """A bound but not listening socket: connecting to its port is refused, and no other
    process can take the port while the test holds it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def test_run_without_a_token_names_the_env_example_and_exits_non_zero(tmp_path: Path) -> None:
    result = _run(["run"], {}, tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN: not set" in result.stderr
    assert ".env.example" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_every_subcommand_with_what_it_does(tmp_path: Path) -> None:
    from bot.__main__ import COMMANDS

    result = _run(["--help"], {}, tmp_path)
    assert result.returncode == 0
    for name, (_func, help_text) in COMMANDS.items():
        assert f"    {name} " in result.stdout
        assert help_text in " ".join(result.stdout.split())
    assert "--demo" in _run(["run", "--help"], {}, tmp_path).stdout


def test_a_copied_env_example_reports_every_problem_at_once(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text() + "HEALTH_PORT=x\n")
    result = _run(["run"], {}, tmp_path)
    assert result.returncode == 2
    listed = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    variables = [line[4:].split(":", 1)[0] for line in listed]
    assert variables == ["TELEGRAM_BOT_TOKEN", "HEALTH_PORT", "FERNET_KEYS"]


def test_gen_key_prints_a_usable_fernet_key(tmp_path: Path) -> None:
    result = _run(["gen-key"], {}, tmp_path)
    assert result.returncode == 0
    Fernet(result.stdout.strip().encode())


def test_an_unreachable_bot_api_is_reported_in_one_clear_line(tmp_path: Path) -> None:
    closed = _refusing_port()
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "ADMIN_USER_IDS": "1",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{closed.getsockname()[1]}/bot",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
    }
    with closed:
        result = _run(["run"], env, tmp_path)
    assert result.returncode == 3
    assert "Cannot reach the Telegram Bot API at http://127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert TEST_TOKEN not in result.stderr + result.stdout


def test_check_validates_settings_and_migrates_the_database(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "ADMIN_USER_IDS": "1",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/sub/bot.db",
    }
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Settings and database are fine." in result.stdout
    assert (tmp_path / "sub" / "bot.db").exists()


def _store_with_old_key(tmp_path: Path) -> tuple[str, str]:
    """A migrated SQLite database holding one account encrypted with a key now gone."""
    import asyncio

    from bot.storage.crypto import CredentialCipher
    from bot.storage.db import Database
    from bot.storage.migrations import upgrade_to_head
    from bot.storage.repo_accounts import save_account
    from bot.storage.repo_users import allow_user

    url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    old_key = Fernet.generate_key().decode()
    upgrade_to_head(url)

    async def store() -> None:
        db = Database(url)
        try:
            await allow_user(db, user_id=1)
            await save_account(
                db,
                cipher=CredentialCipher([old_key]),
                user_id=1,
                region="EU",
                email="owner@example.com",
                password="secret-pass-1",
                tokens=None,
                device_id="0123456789abcdef",
            )
        finally:
            await db.dispose()

    asyncio.run(store())
    return url, old_key


def test_run_and_check_both_stop_when_the_keys_cannot_read_stored_credentials(
    tmp_path: Path,
) -> None:
    url, old_key = _store_with_old_key(tmp_path)
    closed = _refusing_port()
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "ADMIN_USER_IDS": "1",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{closed.getsockname()[1]}/bot",
        "DATABASE_URL": url,
    }
    with closed:
        run = _run(["run"], env, tmp_path)
        check = _run(["check"], env, tmp_path)
    for result in (run, check):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "credentials cannot be decrypted with the configured keys" in result.stderr
        assert "Traceback" not in result.stderr
        assert old_key not in result.stderr
    assert "fine" not in check.stdout


def test_run_and_check_with_an_unreachable_database_print_one_line(tmp_path: Path) -> None:
    closed = _refusing_port()
    (tmp_path / "a-file").write_text("")
    urls = [
        f"postgresql+asyncpg://bot:pa55word-in-url@127.0.0.1:{closed.getsockname()[1]}/bot",
        f"sqlite+aiosqlite:///{tmp_path}/a-file/bot.db",
    ]
    with closed:
        for url in urls:
            env = {
                "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
                "FERNET_KEYS": Fernet.generate_key().decode(),
                "ADMIN_USER_IDS": "1",
                "DATABASE_URL": url,
            }
            for command in ("run", "check"):
                result = _run([command], env, tmp_path)
                lines = [line for line in result.stderr.splitlines() if line.strip()]
                assert result.returncode == 2, result.stderr
                assert "Traceback" not in result.stderr
                assert len(lines) == 2, lines  # "Cannot start: ..." and the one reason
                assert "DATABASE_URL: cannot open or migrate the database" in lines[1]
                assert "pa55word" not in result.stderr


def test_check_without_admins_says_the_bot_will_start_in_set_up_mode(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
    }
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Note: ADMIN_USER_IDS: not set, so the bot starts in set-up mode" in result.stdout
