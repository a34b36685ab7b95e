"""Message catalogues and the one function that turns a key into user text: `t()`.

Templates are HTML (the bot's default parse mode). Every value passed to `t()` is
`html.escape`d, and cut to 256 characters (`bot.tg.limits.clip`: user input echoed back),
unless it is wrapped in `Html`, which marks text that was already rendered (for example a
status card built from other catalogue entries).
"""

from __future__ import annotations

import html
import logging
from enum import StrEnum
from string import Formatter

from bot.tg.limits import MAX_ECHO, clip
from bot.tg.locales import (
    de,
    en,
    history_de,
    history_en,
    places_de,
    places_en,
    schedules_de,
    schedules_en,
)

_LOGGER = logging.getLogger(__name__)


class Lang(StrEnum):
    """Languages the bot speaks."""

    EN = "en"
    DE = "de"


CATALOGUES: dict[Lang, dict[str, str]] = {
    Lang.EN: en.MESSAGES | schedules_en.MESSAGES | history_en.MESSAGES | places_en.MESSAGES,
    Lang.DE: de.MESSAGES | schedules_de.MESSAGES | history_de.MESSAGES | places_de.MESSAGES,
}
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


def _safe(value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, float):
        return html.escape(f"{value:g}")
    # Plain values are names, numbers and user input echoed back: never a page long.
    return html.escape(clip(str(value), MAX_ECHO), quote=False)


def t(lang: Lang, key: str, /, **values: object) -> str:
    """The catalogue text for `key` in `lang`, filled with escaped `values`.

    A key missing in one language falls back to English; a key missing everywhere is a
    programming error and raises `KeyError` (the catalogue test keeps that from shipping).
    """
    template = CATALOGUES[lang].get(key)
    if template is None:
        _LOGGER.warning("message %s missing in %s", key, lang.value)
        template = CATALOGUES[DEFAULT_LANG][key]
    return template.format_map({name: _safe(value) for name, value in values.items()})


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields a template uses (for the catalogue consistency test)."""
    return frozenset(field for _, field, _, _ in Formatter().parse(template) if field)
