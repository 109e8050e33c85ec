"""UI strings: each language's messages.po read at start-up, checked, and handed to flask-babel."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from flask_babel import Domain
from markupsafe import escape

from .languages import Language
from .problems import WARNING, Problem

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
MARKUP = re.compile(r"[<>]")  # a translation is text: tags in it are refused, never rendered


def catalog_path(translations_dir: Path, language: Language) -> Path:
    """Where a language's UI strings live: translations/<code>/LC_MESSAGES/messages.po (zh_Hans for zh-Hans
    also does, as pybabel names folders)."""
    for name in (language.code, language.code.replace("-", "_")):
        path = translations_dir / name / "LC_MESSAGES" / "messages.po"
        if path.exists():
            return path
    return translations_dir / language.code / "LC_MESSAGES" / "messages.po"


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def read_catalog(path: Path, language: Language) -> tuple[Catalog | None, list[Problem]]:
    """A checked catalogue with broken entries removed (they show in English), and the problems."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language.babel_code, abort_invalid=True)
    except PoFileError as error:
        return None, [Problem(path, error.lineno, f"cannot read catalogue: {error}")]
    except (OSError, ValueError) as error:
        return None, [Problem(path, 0, f"cannot read catalogue: {error}")]
    problems = []
    for message in list(catalog):
        if not message.id or not message.string:
            continue
        pairs = list(zip(message.id, message.string, strict=False)) if message.pluralizable else []
        pairs = pairs or [(message.id, message.string)]
        for source, translated in pairs:
            if translated and MARKUP.search(translated):
                problems.append(Problem(path, message.lineno, f"markup is not allowed in a translation "
                                        f"({source!r}); shown in English"))
                catalog.delete(message.id, message.context)
                break
            if translated and placeholders(source) != placeholders(translated):
                problems.append(Problem(path, message.lineno, f"placeholders differ from {source!r}: "
                                        f"{sorted(placeholders(translated))} for "
                                        f"{sorted(placeholders(source))}; shown in English"))
                catalog.delete(message.id, message.context)
                break
    return catalog, problems


def missing(catalog: Catalog, path: Path, expected: set[str]) -> list[Problem]:
    """Warnings for UI strings the templates use that this catalogue does not translate."""
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    return [Problem(path, 0, f"not translated: {msgid!r}", WARNING) for msgid in sorted(expected - translated)]


def translations(catalog: Catalog) -> Translations:
    """Compiled translations with every msgstr escaped as HTML text.

    Jinja's newstyle gettext marks what a catalogue returns as safe markup, so a translation must be
    escaped here, once, before any template sees it.
    """
    for message in catalog:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            escaped = tuple(str(escape(text)) for text in strings)
            message.string = escaped if isinstance(message.string, tuple) else escaped[0]
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def load_all(translations_dir: Path, languages: dict[str, Language]
             ) -> tuple[dict[str, Translations], list[Problem], set[str]]:
    """Translations by language code, the problems, and the codes whose catalogue is unreadable."""
    loaded, problems, unreadable = {}, [], set()
    for language in languages.values():
        path = catalog_path(translations_dir, language)
        if not path.exists():
            continue
        catalog, found = read_catalog(path, language)
        problems.extend(found)
        if catalog is None:
            unreadable.add(language.code)
        else:
            loaded[language.code] = translations(catalog)
    return loaded, problems, unreadable


NO_CATALOG = NullTranslations()  # English, or a language without a catalogue: every string as written


class CatalogDomain(Domain):
    """A flask-babel domain serving the catalogues read at start-up instead of .mo files, chosen by the
    page's language (two languages may share Babel's locale data, never their catalogues)."""

    def __init__(self, catalogs: dict[str, Translations], current_code: Callable[[], str | None]):
        super().__init__(domain="messages")
        self.catalogs = catalogs
        self.current_code = current_code

    def get_translations(self) -> Translations | NullTranslations:
        return self.catalogs.get(self.current_code() or "", NO_CATALOG)
