from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.config import Settings, SettingsError, load_settings, load_settings_for_run
from tests.conftest import TEST_TOKEN


def _load(**values: object) -> Settings:
    return load_settings(_env_file=None, **values)


def test_defaults_use_sqlite_and_the_official_bot_api() -> None:
    settings = _load()
    assert settings.database_url == "sqlite+aiosqlite:///./data/bot.db"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.poll_interval_idle == 300
    assert settings.smart_cloud_url is None


def test_comma_lists_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, fernet_key: str
) -> None:
    second = Fernet.generate_key().decode()
    monkeypatch.setenv("FERNET_KEYS", f"{fernet_key}, {second}")
    monkeypatch.setenv("ADMIN_USER_IDS", "11, 22")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    settings = _load()
    assert [k.get_secret_value() for k in settings.fernet_keys] == [fernet_key, second]
    assert settings.admin_user_ids == [11, 22]
    assert settings.problems_for_run() == []


def test_each_invalid_value_gets_one_line_naming_the_variable_and_an_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "alice")
    monkeypatch.setenv("TZ", "Mars/Olympus")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    monkeypatch.setenv("FERNET_KEYS", "not-a-key")
    with pytest.raises(SettingsError) as info:
        _load()
    lines = info.value.lines
    assert len(lines) == 4
    by_var = {line.split(":", 1)[0]: line for line in lines}
    assert set(by_var) == {"ADMIN_USER_IDS", "TZ", "LOG_LEVEL", "FERNET_KEYS"}
    assert "not a known time zone" in by_var["TZ"]
    assert "example: Europe/Berlin" in by_var["TZ"]
    assert "not a Fernet key" in by_var["FERNET_KEYS"]
    assert "not-a-key" not in "\n".join(lines)


def test_placeholders_from_the_env_example_are_refused() -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    with pytest.raises(SettingsError) as info:
        load_settings(_env_file=example)
    text = "\n".join(info.value.lines)
    assert "TELEGRAM_BOT_TOKEN: is still the placeholder from .env.example" in text
    assert "FERNET_KEYS: key 1 is still the placeholder from .env.example" in text


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(SettingsError) as info:
        _load(telegram_bot_token="12345:short")
    assert info.value.lines[0].startswith("TELEGRAM_BOT_TOKEN: does not look like a bot token")
    assert "short" not in info.value.lines[0].split("(example")[0].split(":", 1)[1][:40]


def test_missing_run_settings_are_listed_with_the_env_example() -> None:
    problems = _load().problems_for_run()
    assert len(problems) == 2
    assert problems[0].startswith("TELEGRAM_BOT_TOKEN: not set")
    assert problems[1].startswith("FERNET_KEYS: not set")
    assert all(".env.example" in line for line in problems)


def test_no_admin_is_not_a_problem_but_set_up_mode(fernet_key: str) -> None:
    settings = load_settings_for_run(
        _env_file=None, telegram_bot_token=TEST_TOKEN, fernet_keys=fernet_key
    )
    assert settings.needs_setup
    assert not _load(admin_user_ids="7").needs_setup


def test_invalid_and_missing_settings_are_reported_in_one_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HEALTH_PORT", "eighty")
    monkeypatch.setenv("TZ", "Mars/Olympus")
    with pytest.raises(SettingsError) as info:
        load_settings_for_run(_env_file=None)
    variables = [line.split(":", 1)[0] for line in info.value.lines]
    assert variables == ["HEALTH_PORT", "TZ", "TELEGRAM_BOT_TOKEN", "FERNET_KEYS"]


def test_a_placeholder_is_reported_once_not_also_as_missing(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    with pytest.raises(SettingsError) as info:
        load_settings_for_run(_env_file=example)
    variables = [line.split(":", 1)[0] for line in info.value.lines]
    assert variables == ["TELEGRAM_BOT_TOKEN", "FERNET_KEYS"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SMART_CLOUD_URL", "https://api.ecloudeu.com"),
        ("TELEGRAM_API_BASE_URL", "http://api.telegram.org/bot"),
        ("DATABASE_URL", "mysql://root@localhost/bot"),
    ],
)
def test_urls_that_would_leave_the_machine_unencrypted_or_unsupported_are_refused(
    variable: str, value: str
) -> None:
    with pytest.raises(SettingsError) as info:
        _load(**{variable.lower(): value})
    assert info.value.lines[0].startswith(f"{variable}:")


def test_loopback_urls_are_allowed_for_the_simulator_and_a_fake_bot_api() -> None:
    settings = _load(
        smart_cloud_url="http://127.0.0.1:8787/", telegram_api_base_url="http://localhost:81/bot"
    )
    assert settings.smart_cloud_url == "http://127.0.0.1:8787"


def test_a_webhook_needs_a_long_shared_secret() -> None:
    with pytest.raises(SettingsError) as info:
        _load(telegram_webhook_url="https://bot.example.com/hook")
    assert "TELEGRAM_WEBHOOK_SECRET must be set" in info.value.lines[0]


def test_secrets_do_not_appear_in_the_settings_repr(fernet_key: str) -> None:
    settings = _load(telegram_bot_token=TEST_TOKEN, fernet_keys=fernet_key)
    assert TEST_TOKEN not in repr(settings)
    assert fernet_key not in repr(settings)


def _filled_env_example(tmp_path: Path, fernet_key: str) -> Path:
    """`cp .env.example .env` and fill in what the example asks for."""
    text = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    text = text.replace("123456789:replace-with-the-token-from-botfather", TEST_TOKEN)
    text = text.replace("replace-with-output-of-python-m-bot-gen-key", fernet_key)
    text = text.replace("\nADMIN_USER_IDS=\n", "\nADMIN_USER_IDS=42\n")
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_a_copy_of_the_env_example_with_its_placeholders_filled_in_starts(
    tmp_path: Path, fernet_key: str
) -> None:
    settings = load_settings(_env_file=_filled_env_example(tmp_path, fernet_key))
    assert settings.problems_for_run() == []
    assert settings.health_port is None
    assert settings.telegram_webhook_url is None
    assert settings.smart_cloud_url is None


@pytest.mark.parametrize(
    ("variable", "field", "default"),
    [
        ("HEALTH_PORT", "health_port", None),
        ("WEBHOOK_PORT", "webhook_port", 8080),
        ("POLL_INTERVAL_IDLE", "poll_interval_idle", 300),
        ("DATABASE_URL", "database_url", "sqlite+aiosqlite:///./data/bot.db"),
        ("LOG_LEVEL", "log_level", "INFO"),
        ("TZ", "tz", "UTC"),
        ("ADMIN_USER_IDS", "admin_user_ids", []),
    ],
)
def test_an_empty_variable_means_unset(
    monkeypatch: pytest.MonkeyPatch, variable: str, field: str, default: object
) -> None:
    monkeypatch.setenv(variable, "")
    assert getattr(_load(), field) == default


def _env_file_values(path: Path) -> dict[str, str]:
    """What `docker run --env-file` / compose `env_file:` set: KEY=VALUE lines, verbatim."""
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value
    return values


def _image_environment() -> dict[str, str]:
    """The ENV instructions of the Dockerfile's last stage."""
    dockerfile = (Path(__file__).resolve().parents[1] / "Dockerfile").read_text()
    joined = dockerfile.replace("\\\n", " ")
    last_stage = joined.split("\nFROM ")[-1]
    values: dict[str, str] = {}
    for line in last_stage.splitlines():
        if line.startswith("ENV "):
            for pair in line.removeprefix("ENV ").split():
                key, value = pair.split("=", 1)
                values[key] = value.strip('"')
    return values


def test_the_env_example_as_a_containers_env_file_keeps_the_database_on_the_volume(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fernet_key: str
) -> None:
    image = _image_environment()
    assert image["DATABASE_URL"] == "sqlite+aiosqlite:////data/bot.db"
    env_file = _env_file_values(_filled_env_example(tmp_path, fernet_key))
    for key, value in {**image, **env_file}.items():  # the env file wins over the image
        if key not in ("PATH", "TZ"):
            monkeypatch.setenv(key, value)
    settings = _load()
    assert settings.database_url == "sqlite+aiosqlite:////data/bot.db"
    assert settings.health_port == int(image["HEALTH_PORT"])
    assert settings.problems_for_run() == []


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "33", ""])
def test_a_bad_poller_workers_value_gets_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("POLLER_WORKERS", value or " ")
    with pytest.raises(SettingsError) as caught:
        _load()
    assert caught.value.lines == [
        "POLLER_WORKERS: must be a whole number from 1 to 32, or auto (one poller process "
        "per CPU core) (example: 2)"
    ]


def test_poller_workers_is_one_by_default_and_auto_means_one_per_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    assert _load().poller_workers == 1
    monkeypatch.setenv("POLLER_WORKERS", " Auto ")
    assert _load().poller_workers == len(os.sched_getaffinity(0))
    monkeypatch.setenv("POLLER_WORKERS", "3")
    assert _load().poller_workers == 3


def test_a_worker_process_reads_the_same_settings_from_its_payload(fernet_key: str) -> None:
    from bot.config import settings_from_payload, settings_payload

    settings = _load(
        telegram_bot_token=TEST_TOKEN,
        fernet_keys=fernet_key,
        admin_user_ids="7,8",
        tz="Europe/Berlin",
    )
    assert settings_from_payload(settings_payload(settings)) == settings
