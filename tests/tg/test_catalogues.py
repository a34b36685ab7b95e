"""The gettext catalogues: extracted from the code, complete in both languages, compiled as
committed, with real plural forms and each language's notation for numbers."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.poller.events import Event, EventKind
from bot.tg.formatting import day, day_time, full_date
from bot.tg.i18n import CATALOGUES, LOCALES, PLURALS, Lang, placeholders, t, tn
from bot.tg.notifier import event_line

ROOT = Path(__file__).resolve().parents[2]
VIN = "HESCA2C48RS000001"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
sys.path.insert(0, str(ROOT))
from tools import dicts_to_po  # noqa: E402


def _po(lang: Lang) -> Path:
    return LOCALES / lang.value / "LC_MESSAGES" / "messages.po"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else str(m.id[0]) for m in catalog if m.id}


def test_every_key_of_the_pot_is_in_both_languages_with_the_same_placeholders() -> None:
    keys = _ids(LOCALES / "messages.pot")
    for lang in Lang:
        assert keys == set(CATALOGUES[lang]) | set(PLURALS[lang]), lang
        assert all(CATALOGUES[lang][k] for k in CATALOGUES[lang]), "no empty translation"
    for key, english in CATALOGUES[Lang.EN].items():
        assert placeholders(english) == placeholders(CATALOGUES[Lang.DE][key]), key
    for key, forms in PLURALS[Lang.EN].items():
        german = PLURALS[Lang.DE][key]
        assert len(forms) == len(german) == 2, key
        assert placeholders(forms[-1]) == placeholders(german[-1]), key
        assert all(placeholders(f) <= placeholders(forms[-1]) for f in (*forms, *german)), key


def test_extraction_from_the_code_finds_every_key_and_nothing_else() -> None:
    extracted = {
        m.id if isinstance(m.id, str) else str(m.id[0]) for m in dicts_to_po.extract() if m.id
    }
    assert extracted == _ids(LOCALES / "messages.pot"), "run `make messages`"
    for lang in Lang:
        assert _ids(_po(lang)) == extracted, f"{lang}: run `make messages`"


@pytest.mark.parametrize("lang", list(Lang))
def test_the_committed_mo_is_a_fresh_compile_of_the_po(lang: Lang) -> None:
    with _po(lang).open("rb") as handle:
        catalog = read_po(handle)
    fresh = io.BytesIO()
    write_mo(fresh, catalog, use_fuzzy=False)
    assert _po(lang).with_suffix(".mo").read_bytes() == fresh.getvalue(), "run `make messages`"


def test_german_and_english_have_real_plural_forms() -> None:
    assert tn(Lang.DE, "login.ok", "login.ok_plural", 1, cars="") == (
        "Angemeldet. Ich habe 1 Auto gefunden:\n"
    )
    assert "3 Autos gefunden" in tn(Lang.DE, "login.ok", "login.ok_plural", 3, cars="")
    assert "found 1 car:" in tn(Lang.EN, "login.ok", "login.ok_plural", 1, cars="")
    assert "in 1 drive ·" in tn(Lang.EN, "stats.driven", "stats.driven_plural", 1, km=4, per100=1)
    assert "in 2 Fahrten" in tn(Lang.DE, "stats.driven", "stats.driven_plural", 2, km=4, per100=1)
    assert "car(s)" not in "".join(CATALOGUES[Lang.EN].values())
    assert "Auto(s)" not in "".join(CATALOGUES[Lang.DE].values())


def test_an_alert_shows_one_decimal_with_a_german_decimal_comma() -> None:
    event = Event(EventKind.CLIMATE_FINISHED, VIN, NOW, "e1", {"interior_c": 17.507})
    assert event_line(Lang.DE, event) == t(Lang.DE, "alert.climate_finished", inside="17,5 °C")
    assert "17,5 °C" in event_line(Lang.DE, event)
    assert "17.5 °C" in event_line(Lang.EN, event)
    low = Event(EventKind.AUX_BATTERY_LOW, VIN, NOW, "e2", {"volts": 11.64})
    assert "11,6 V" in event_line(Lang.DE, low)


def test_range_odometer_and_12_volt_battery_have_their_own_emoji_and_label() -> None:
    lines = [t(Lang.DE, "status.range", distance=1), t(Lang.DE, "status.odometer", distance=1)]
    lines.append(t(Lang.DE, "status.aux", volts=12.5))
    emoji = [line.strip(" ·")[0] for line in lines]
    assert len(set(emoji)) == 3
    assert "🔋" not in "".join(lines), "🔋 is the battery's charge"
    assert "Reichweite" in lines[0]
    assert "Kilometerstand" in lines[1]
    assert "12-V-Batterie" in lines[2]
    assert "12,5 V" in lines[2]


def test_the_tool_that_moves_dict_modules_is_idempotent(tmp_path: Path) -> None:
    module = tmp_path / "demo_en.py"
    module.write_text('MESSAGES: dict[str, str] = {"setup.reply_short": "x" "y"}\n')
    assert dicts_to_po.read_messages(module) == {"setup.reply_short": "xy"}
    assert dicts_to_po.language_of(module) == "en"
    assert dicts_to_po.language_of(Path("bot/tg/locales/de.py")) == "de"


def test_dates_and_times_are_written_in_the_users_locale() -> None:
    moment = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    assert (day(Lang.EN, moment), day(Lang.DE, moment)) == ("Dec 1", "1. Dez.")
    assert (day_time(Lang.EN, moment), day_time(Lang.DE, moment)) == (
        "Dec 1 14:05",
        "1. Dez. 14:05",
    )
    assert (full_date(Lang.EN, moment), full_date(Lang.DE, moment)) == ("Dec 1, 2026", "01.12.2026")
