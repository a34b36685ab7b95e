"""Key rotation (A → B, then A dropped) and the clear error when the keys do not fit."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.config import Settings
from bot.storage.crypto import (
    KEYS_MISMATCH_MESSAGE,
    CredentialCipher,
    CredentialsUndecryptableError,
)
from bot.storage.db import Database
from bot.storage.keys import check_keys, rotate_keys, rotate_keys_command, rows_by_key
from bot.storage.migrations import upgrade_to_head
from bot.storage.repo_accounts import load_credentials
from bot.storage.repo_login import get_login_step, save_login_step
from tests.db_fixtures import seed_owner

ROOT = Path(__file__).resolve().parents[2]
FAR = datetime(2100, 1, 1, tzinfo=UTC)
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


async def _seed(db: Database, cipher: CredentialCipher, users: tuple[int, ...] = (1,)) -> None:
    for user in users:
        await seed_owner(db, cipher, user_id=user, email=f"u{user}@example.com")
        await save_login_step(
            db,
            cipher=cipher,
            user_id=user,
            step="password",
            email=f"u{user}@example.com",
            expires_at=FAR,
        )


async def _assert_all_readable(
    db: Database, cipher: CredentialCipher, users: tuple[int, ...]
) -> None:
    await check_keys(db, cipher=cipher)
    for user in users:
        progress = await get_login_step(
            db, cipher=cipher, user_id=user, now=FAR - timedelta(days=1)
        )
        assert progress is not None
        assert progress.email == f"u{user}@example.com"
    for account_id in range(1, len(users) + 1):
        creds = await load_credentials(db, cipher=cipher, account_id=account_id)
        assert creds is not None
        assert creds.tokens is not None
        assert creds.password == "owner-password-1"


async def test_rotating_from_key_a_to_b_then_dropping_a_keeps_everything_readable(
    db: Database,
) -> None:
    await _seed(db, CredentialCipher([KEY_A]))
    both = CredentialCipher([KEY_B, KEY_A])
    report = await rotate_keys(db, cipher=both)
    assert (report.rotated, report.remaining_old, report.undecryptable) == (2, 0, 0)
    assert await rows_by_key(db) == {both.primary_key_id: 2}

    await _assert_all_readable(db, CredentialCipher([KEY_B]), (1,))
    again = await rotate_keys(db, cipher=both)
    assert (again.rotated, again.remaining_old) == (0, 0)


class _CrashError(Exception):
    pass


async def test_an_interrupted_rotation_loses_nothing_and_resumes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seed(db, CredentialCipher([KEY_A]), users=(1, 2))
    both = CredentialCipher([KEY_B, KEY_A])
    real_rotate = CredentialCipher.rotate
    calls = 0

    def crash_on_second_row(self: CredentialCipher, ciphertext: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 4:  # three columns per account row: this is the second row
            raise _CrashError
        return real_rotate(self, ciphertext)

    monkeypatch.setattr(CredentialCipher, "rotate", crash_on_second_row)
    with pytest.raises(_CrashError):
        await rotate_keys(db, cipher=both, batch_size=1)
    assert await rows_by_key(db) == {
        both.primary_key_id: 1,
        CredentialCipher([KEY_A]).primary_key_id: 3,
    }
    await _assert_all_readable(db, both, (1, 2))

    monkeypatch.setattr(CredentialCipher, "rotate", real_rotate)
    report = await rotate_keys(db, cipher=both, batch_size=1)
    assert (report.rotated, report.remaining_old) == (3, 0)
    await _assert_all_readable(db, CredentialCipher([KEY_B]), (1, 2))


async def test_lost_keys_give_the_clear_error_at_start(db: Database) -> None:
    await check_keys(db, cipher=CredentialCipher([KEY_A]))  # nothing stored yet: fine
    await _seed(db, CredentialCipher([KEY_A]))
    with pytest.raises(CredentialsUndecryptableError, match=KEYS_MISMATCH_MESSAGE) as err:
        await check_keys(db, cipher=CredentialCipher([KEY_B]))
    assert KEY_A not in str(err.value)
    assert KEY_B not in str(err.value)
    report = await rotate_keys(db, cipher=CredentialCipher([KEY_B]))
    assert (report.rotated, report.undecryptable, report.remaining_old) == (0, 2, 2)


def test_the_rotate_keys_command_rotates_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    upgrade_to_head(url)

    async def seed() -> None:
        db = Database(url)
        await _seed(db, CredentialCipher([KEY_A]))
        await db.dispose()

    asyncio.run(seed())
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "rotate-keys"],
        env={
            **base,
            "PYTHONPATH": str(ROOT),
            "FERNET_KEYS": f"{KEY_B},{KEY_A}",
            "DATABASE_URL": url,
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Re-encrypted 2 rows" in result.stdout
    assert "Rows still using an old key: 0." in result.stdout
    assert KEY_A not in result.stdout + result.stderr

    settings = Settings(_env_file=None, fernet_keys=KEY_B, database_url=url)
    assert rotate_keys_command(settings) == 0
    assert "Re-encrypted 0 rows" in capsys.readouterr().out
