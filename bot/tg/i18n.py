"""Message catalogues and the functions that turn a key into user text: `t()`, `tn()`.

The texts live in gettext catalogues, one per language, the format translators' tools read:
`bot/tg/locales/<lang>/LC_MESSAGES/messages.po` (msgid = the message key, msgstr = the
text; plural texts have msgid_plural and one msgstr per plural form), compiled to the `.mo`
files next to them, which are loaded here with `babel.support.Translations` (from a
checkout and from the installed wheel alike). `make messages` extracts `messages.pot` from
the code, updates the .po files and compiles them; `tools/dicts_to_po.py` moves the texts of
a dict module pair (`<feature>_en.py` / `_de.py`) into them.

Templates are HTML (the bot's default parse mode). Every value passed to `t()` is
`html.escape`d, and cut to 256 characters (`bot.tg.limits.clip`: user input echoed back),
unless it is wrapped in `Html`, which marks text that was already rendered (for example a
status card built from other catalogue entries). A float is written in the language's
notation with at most one decimal ("17,5" in German); `bot.tg.formatting` has more digits.
"""

from __future__ import annotations

import html
import io
import logging
from enum import StrEnum
from pathlib import Path
from string import Formatter

from babel.messages.mofile import read_mo
from babel.numbers import format_decimal
from babel.support import Translations

from bot.tg.limits import MAX_ECHO, clip

_LOGGER = logging.getLogger(__name__)


class Lang(StrEnum):
    """Languages the bot speaks."""

    EN = "en"
    DE = "de"


LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def _mo_bytes(lang: Lang) -> bytes:
    path = LOCALES / lang.value / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        return path.read_bytes()
    except OSError as err:  # a broken install or checkout: say which file, at import
        msg = f"message catalogue {path} is missing; run `make messages`"
        raise RuntimeError(msg) from err


def _load() -> tuple[
    dict[Lang, Translations], dict[Lang, dict[str, str]], dict[Lang, dict[str, tuple[str, ...]]]
]:
    translations: dict[Lang, Translations] = {}
    singular: dict[Lang, dict[str, str]] = {}
    plural: dict[Lang, dict[str, tuple[str, ...]]] = {}
    for lang in Lang:
        data = _mo_bytes(lang)
        translations[lang] = Translations(io.BytesIO(data), domain=DOMAIN)
        singular[lang], plural[lang] = {}, {}
        for message in read_mo(io.BytesIO(data)):
            if not message.id:
                continue  # the header
            if isinstance(message.id, str):
                singular[lang][message.id] = str(message.string)
            else:
                forms = message.string if isinstance(message.string, tuple | list) else ()
                plural[lang][str(message.id[0])] = tuple(str(s) for s in forms)
    return translations, singular, plural


# The compiled catalogues, and read-only views of them: key -> template, and for plural
# messages key -> one template per plural form of the language.
TRANSLATIONS, CATALOGUES, PLURALS = _load()
DEFAULT_LANG = Lang.EN


class Html(str):
    """Text that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def parse_lang(value: str | None) -> Lang | None:
    """The language for a stored value or a Telegram `language_code` ("de-AT" -> de)."""
    if not value:
        return None
    prefix = value.strip().lower()[:2]
    for lang in Lang:
        if lang.value == prefix:
            return lang
    return None


def pick_language(stored: str | None, telegram_code: str | None) -> Lang:
    """The user's choice if made with /language, else their Telegram language, else English."""
    return parse_lang(stored) or parse_lang(telegram_code) or DEFAULT_LANG


def _safe(lang: Lang, value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, float):
        return html.escape(str(format_decimal(value, format="0.#", locale=lang.value)))
    # Plain values are names, numbers and user input echoed back: never a page long.
    return html.escape(clip(str(value), MAX_ECHO), quote=False)


def _fill(lang: Lang, template: str, values: dict[str, object]) -> str:
    return template.format_map({name: _safe(lang, value) for name, value in values.items()})


def t(lang: Lang, key: str, /, **values: object) -> str:
    """The catalogue text for `key` in `lang`, filled with escaped `values`.

    A key missing in one language falls back to English; a key missing everywhere is a
    programming error and raises `KeyError` (the catalogue test keeps that from shipping).
    """
    template = TRANSLATIONS[lang].gettext(key)
    if template == key:
        _LOGGER.warning("message %s missing in %s", key, lang.value)
        template = TRANSLATIONS[DEFAULT_LANG].gettext(key)
        if template == key:
            raise KeyError(key)
    return _fill(lang, template, values)


def tn(lang: Lang, key: str, plural_key: str, n: int, /, **values: object) -> str:
    """The plural text for `n` (gettext's `ngettext`: the language's plural forms), with
    `{n}` and `values` filled in as by `t()`: `tn(lang, "login.ok", "login.ok_plural", 3,
    cars=...)` -> "... 3 cars" / "... 3 Autos". Falls back to English; else `KeyError`."""
    template = TRANSLATIONS[lang].ngettext(key, plural_key, n)
    if template in (key, plural_key):
        _LOGGER.warning("message %s missing in %s", key, lang.value)
        template = TRANSLATIONS[DEFAULT_LANG].ngettext(key, plural_key, n)
        if template in (key, plural_key):
            raise KeyError(key)
    return _fill(lang, template, {"n": n, **values})


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields a template uses (for the catalogue consistency test)."""
    return frozenset(field for _, field, _, _ in Formatter().parse(template) if field)
