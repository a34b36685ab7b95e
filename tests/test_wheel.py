"""The built wheel is the whole application: installed into a fresh virtualenv, with no checkout
on the path, `smart-car-bot check` and `smart-car-bot migrate` work on a new SQLite database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.storage.migrations import alembic_config
from tests.conftest import TEST_TOKEN

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> str:
    """uv as `make` runs it (`uv run` names itself in $UV), else the one on PATH or in .tools."""
    for candidate in (os.environ.get("UV"), shutil.which("uv"), str(ROOT / ".tools/bin/uv")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("uv is needed to build the wheel: run the tests through `make test`")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own tools, fixed arguments)
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with only the built wheel and its locked dependencies; its bin/."""
    uv = _uv()
    base = tmp_path_factory.mktemp("wheel")
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    env.pop("PYTHONPATH", None)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    built = _run([uv, "build", "--wheel", "--out-dir", str(base / "dist")], ROOT, env)
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("smart_car_bot-*.whl")
    requirements = base / "requirements.txt"
    exported = _run(
        [uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project",
         "--output-file", str(requirements)],
        ROOT,
        env,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    venv = base / "venv"
    created = _run([uv, "venv", "--python", sys.executable, str(venv)], base, env)
    assert created.returncode == 0, created.stderr
    python = str(venv / "bin" / "python")
    install = [uv, "pip", "install", "--python", python, "-r", str(requirements), str(wheel)]
    installed = _run(install, base, env)
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


def _bare_env(**values: str) -> dict[str, str]:
    """An environment with none of the bot's settings and no way back to the checkout."""
    keep = ("PATH", "HOME", "LANG", "TMPDIR", "SSL_CERT_FILE")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(values)
    return env


def test_the_installed_package_is_imported_from_the_virtualenv_not_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = _run(
        [str(installed / "python"), "-c", "import bot, sys; print(bot.__file__)"],
        tmp_path,
        _bare_env(),
    )
    assert where.returncode == 0, where.stderr
    location = Path(where.stdout.strip())
    assert location.is_relative_to(installed.parent)
    assert not location.is_relative_to(ROOT)


def test_check_without_settings_names_each_missing_one_and_exits_2(
    installed: Path, tmp_path: Path
) -> None:
    result = _run([str(installed / "smart-car-bot"), "check"], tmp_path, _bare_env())
    assert result.returncode == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert [line.split(":")[0] for line in problems] == [
        "  - TELEGRAM_BOT_TOKEN",
        "  - FERNET_KEYS",
    ]


def test_the_installed_package_speaks_german_from_its_shipped_catalogues(
    installed: Path, tmp_path: Path
) -> None:
    code = (
        "from bot.tg.i18n import LOCALES, Lang, t, tn; print(LOCALES); "
        "print(t(Lang.DE, 'status.temp', value=17.507, unit='°C')); "
        "print(tn(Lang.DE, 'login.ok', 'login.ok_plural', 2, cars='x'))"
    )
    result = _run([str(installed / "python"), "-c", code], tmp_path, _bare_env())
    assert result.returncode == 0, result.stderr
    where, temperature, plural = result.stdout.splitlines()[:3]
    assert Path(where).is_relative_to(installed.parent)
    assert temperature == "17,5 °C"
    assert plural == "Angemeldet. Ich habe 2 Autos gefunden:"


def test_check_and_migrate_create_the_newest_schema_on_a_new_sqlite_database(
    installed: Path, tmp_path: Path, fernet_key: str
) -> None:
    database = tmp_path / "state" / "bot.db"
    env = _bare_env(
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        FERNET_KEYS=fernet_key,
        ADMIN_USER_IDS="42",
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
    )
    check = _run([str(installed / "smart-car-bot"), "check"], tmp_path, env)
    assert check.returncode == 0, check.stderr
    assert "Settings and database are fine." in check.stdout
    migrate = _run([str(installed / "smart-car-bot"), "migrate"], tmp_path, env)
    assert migrate.returncode == 0, migrate.stderr
    head = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://")).get_current_head()
    with sqlite3.connect(database) as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert version == head
    assert {"users", "vehicles"} <= tables
