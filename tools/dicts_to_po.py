"""Move the texts of dict catalogue modules into the gettext catalogues, then rebuild them.

    .venv/bin/python tools/dicts_to_po.py bot/tg/locales/places_en.py bot/tg/locales/places_de.py
    .venv/bin/python tools/dicts_to_po.py --messages      # only extract + update + compile

Each module holds `MESSAGES: dict[str, str]` (key -> template); its language is read from
its name (`en.py`, `places_en.py` -> en). Every key becomes (or replaces) the entry with that
msgid in `bot/tg/locales/<lang>/LC_MESSAGES/messages.po`. Then, as `make messages` does:
`messages.pot` is extracted from the source by Babel (`babel.cfg`, keywords in KEYWORDS),
keys that extraction cannot see (built at run time, e.g. f"kind.{kind}") are added as
`N_("...")` markers to `bot/tg/locales/dynamic_keys.py`, each .po is updated from the .pot
and compiled to its .mo. Running it twice changes nothing. The modules are read, not
imported (`ast`), and left in place: delete them and their import in `bot/tg/i18n.py`
afterwards.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # babel.cfg names tools.babel_keys as the extractor
LOCALES = ROOT / "bot" / "tg" / "locales"
POT = LOCALES / "messages.pot"
DYNAMIC = LOCALES / "dynamic_keys.py"
LANGUAGES = ("en", "de")
DOMAIN = "messages"
# The functions whose arguments are message keys (argument positions, 1-based), as the
# `pybabel extract -k` options of the Makefile give them.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "t": (2,),
    "tn": (2, 3),
    "N_": None,
    "say": (3,),
    "UserFacingError": None,
}
_DYNAMIC_HEAD = '''"""Message keys built at run time (f"kind.{kind}", f"menu.{name}", ...).

Marked here so that `pybabel extract` (make messages) finds every key: an entry of the .po
files whose key is not in the .pot would be dropped by `pybabel update`. Added to by
`tools/dicts_to_po.py`; a key no longer used can be deleted (tests/tg/test_catalogues.py).
"""


def N_(key: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark `key` for extraction; returns it unchanged."""
    return key


KEYS = (
'''


def po_path(lang: str) -> Path:
    """The .po file of `lang`."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def language_of(module: Path) -> str:
    """`en.py`, `places_en.py` -> "en"."""
    lang = module.stem.rsplit("_", 1)[-1]
    if lang not in LANGUAGES:
        raise SystemExit(f"{module}: cannot tell its language (name it <feature>_en.py / _de.py)")
    return lang


def read_messages(module: Path) -> dict[str, str]:
    """The `MESSAGES` literal of a dict module, without importing it."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "MESSAGES" and value is not None:
            messages = ast.literal_eval(value)
            if not isinstance(messages, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
            ):
                raise SystemExit(f"{module}: MESSAGES must be a dict of str to str")
            return messages
    raise SystemExit(f"{module}: no MESSAGES = {{...}} found")


def load_po(lang: str) -> Catalog:
    """The catalogue of `lang`, or a new empty one."""
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN)
    return Catalog(locale=lang, domain=DOMAIN, project="smart-car-bot", fuzzy=False)


def save(catalog: Catalog, path: Path, *, omit_header: bool = False) -> bool:
    """Write `catalog` as a .po/.pot file; True when the file changed."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=omit_header, include_lineno=False)
    data = buffer.getvalue()
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def compile_mo(catalog: Catalog) -> bytes:
    """The .mo bytes of `catalog` (what `pybabel compile` writes)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def move(modules: list[Path]) -> None:
    """Put every message of `modules` into the .po of its language."""
    by_lang: dict[str, dict[str, str]] = {}
    for module in modules:
        by_lang.setdefault(language_of(module), {}).update(read_messages(module))
    for lang, messages in by_lang.items():
        catalog = load_po(lang)
        for key, text in messages.items():
            existing = catalog.get(key)
            if existing is None:
                catalog.add(key, text)
            elif existing.string != text:
                existing.string = text
        save(catalog, po_path(lang))
        print(f"{po_path(lang).relative_to(ROOT)}: {len(messages)} message(s) from the modules")


def extract() -> Catalog:
    """The .pot: every key Babel finds in `bot/` (the mapping in babel.cfg, KEYWORDS); what
    `PYTHONPATH=. pybabel extract -F babel.cfg --no-default-keywords -k t:2 -k tn:2,3 -k N_
    -k say:3 -k UserFacingError --no-location -o bot/tg/locales/messages.pot .` extracts."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    created = None
    if POT.exists():
        with POT.open("rb") as handle:
            created = read_po(handle).creation_date  # kept: the .pot changes only with keys
    template = Catalog(project="smart-car-bot", domain=DOMAIN, fuzzy=False, creation_date=created)
    found = extract_from_dir(
        str(ROOT),
        method_map=method_map,
        options_map=options_map,
        keywords=KEYWORDS,
        comment_tags=(),
    )
    for _file, _line, message, _comments, _context in found:
        template.add(message)
    return template


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else str(message.id[0])


def mark_dynamic(template: Catalog) -> bool:
    """Add `N_()` markers for the .po keys that extraction did not find; True if any."""
    known = {_msgid(message) for message in template}
    missing = sorted(
        {_msgid(m) for lang in LANGUAGES for m in load_po(lang) if m.id and _msgid(m) not in known}
    )
    if not missing:
        return False
    present = DYNAMIC.read_text(encoding="utf-8") if DYNAMIC.exists() else _DYNAMIC_HEAD + ")\n"
    body = present.rstrip().removesuffix(")")
    lines = "".join(f'    N_("{key}"),\n' for key in missing)
    DYNAMIC.write_text(body + lines + ")\n", encoding="utf-8")
    print(f"{DYNAMIC.relative_to(ROOT)}: marked {len(missing)} key(s) built at run time")
    return True


def messages() -> None:
    """Extract the .pot, update each .po from it, compile each .mo (`make messages`)."""
    template = extract()
    if mark_dynamic(template):
        template = extract()
    save(template, POT)
    for lang in LANGUAGES:
        catalog = load_po(lang)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        obsolete = sorted(catalog.obsolete)
        if obsolete:
            print(f"{lang}: dropped {len(obsolete)} key(s) no longer in the source: {obsolete}")
            catalog.obsolete.clear()
        save(catalog, po_path(lang))
        mo = po_path(lang).with_suffix(".mo")
        data = compile_mo(catalog)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
        print(f"{mo.relative_to(ROOT)}: {len(catalog)} message(s)")


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("modules", nargs="*", type=Path, help="dict modules to move")
    parser.add_argument("--messages", action="store_true", help="only extract/update/compile")
    args = parser.parse_args(argv)
    if not args.modules and not args.messages:
        parser.error("name the dict modules to move, or --messages")
    move([m.resolve() for m in args.modules])
    messages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
