"""Message catalogues: complete in both languages, same fields, valid HTML, every key used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.tg.i18n import (
    CATALOGUES,
    PLURALS,
    Html,
    Lang,
    parse_lang,
    pick_language,
    placeholders,
    t,
)
from tests.tg.harness import check_html

SOURCE = Path(__file__).resolve().parents[2] / "bot"
_KEY_IN_CODE = re.compile(r"""["']((?:[a-z_]+\.)+[a-z_0-9]+)["']""")


def test_both_languages_have_the_same_keys_and_fields() -> None:
    english, german = CATALOGUES[Lang.EN], CATALOGUES[Lang.DE]
    assert set(english) == set(german)
    for key, template in english.items():
        assert placeholders(template) == placeholders(german[key]), key


@pytest.mark.parametrize("lang", list(Lang))
def test_every_template_is_valid_telegram_html(lang: Lang) -> None:
    for key, template in CATALOGUES[lang].items():
        filled = template.format_map(dict.fromkeys(placeholders(template), "x"))
        check_html(filled)  # raises with the reason
        assert filled, key


def test_every_literal_key_in_the_code_exists() -> None:
    plural_keys = {f"{key}_plural" for key in PLURALS[Lang.EN]}
    english = {
        **CATALOGUES[Lang.EN],
        **dict.fromkeys(PLURALS[Lang.EN]),
        **dict.fromkeys(plural_keys),
    }
    prefixes = {key.split(".", 1)[0] for key in english}
    missing = set()
    for path in SOURCE.rglob("*.py"):
        if "locales" in path.parts:
            continue
        for key in _KEY_IN_CODE.findall(path.read_text()):
            if key.split(".", 1)[0] in prefixes and key not in english and not key.endswith("."):
                missing.add(f"{path.name}: {key}")
    assert not missing


def test_values_are_escaped_unless_marked_as_html() -> None:
    text = t(Lang.EN, "cars.default_set", name="<b>&Evil</b>")
    assert "&lt;b&gt;&amp;Evil&lt;/b&gt;" in text
    assert "<i>" in t(Lang.EN, "alert.header", car=Html("<i>x</i>"))


def test_the_users_language_is_picked_from_their_choice_then_telegram() -> None:
    assert pick_language("de", "en") is Lang.DE
    assert pick_language(None, "de-AT") is Lang.DE
    assert pick_language(None, "fr") is Lang.EN
    assert pick_language(None, None) is Lang.EN
    assert parse_lang("xx") is None
