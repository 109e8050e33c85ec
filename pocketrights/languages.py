"""Which languages the site has, what they are called and which way they are written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .documents import load_yaml, read_text
from .problems import ContentError, Problem

SOURCE_LANGUAGE = "en"
CODE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
REGISTRY_FILE = "languages.yaml"  # in content/: names, directions and locales Babel does not give as wanted
ACCEPT_MOST = 512  # characters of Accept-Language read: a browser sends far fewer; a flood costs nothing


@dataclass(frozen=True)
class Language:
    """A language the site is offered in; `code` is its BCP 47 tag as used in URLs."""

    code: str
    name: str  # its own name, in its own script
    direction: str  # "ltr" or "rtl"
    babel_code: str  # Babel's identifier, e.g. "pt_BR"

    @cached_property  # asked for every language in every page's language menu
    def script(self) -> str:
        """The script its name is written in, as Unicode names it (LATIN, ARABIC, CJK...)."""
        letter = next((char for char in self.name if char.isalpha()), "")
        return unicodedata.name(letter, "").split(" ")[0]


# Lists of languages are grouped by script, so a reader finds their own among names that look alike.
SCRIPT_ORDER = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN", "HEBREW", "ARABIC", "SYRIAC", "THAANA",
                "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA",
                "MALAYALAM", "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "KHMER", "ETHIOPIC", "HANGUL",
                "HIRAGANA", "KATAKANA", "CJK")


def listing_order(language: Language) -> tuple[bool, int, str]:
    """English first, then by script, then by name."""
    script = language.script
    rank = SCRIPT_ORDER.index(script) if script in SCRIPT_ORDER else len(SCRIPT_ORDER)
    return language.code != SOURCE_LANGUAGE, rank, language.name.casefold()


# ISO 639-3 codes (what Kiwix's ZIM metadata asks for) of the languages the site has or plans.
ISO_639_3 = {"en": "eng", "es": "spa", "ar": "ara", "zh": "zho", "vi": "vie", "ko": "kor", "tl": "tgl", "fil": "fil",
             "ht": "hat", "fr": "fra", "pt": "por", "ru": "rus", "uk": "ukr", "fa": "fas", "prs": "prs", "ps": "pus",
             "ur": "urd", "hi": "hin", "pa": "pan", "bn": "ben", "ne": "nep", "my": "mya", "so": "som", "am": "amh",
             "ti": "tir"}


def iso639_3(code: str) -> str:
    """The three-letter code of a language tag (zh-Hant -> zho); the tag's own first part when unknown."""
    base = code.split("-")[0].lower()
    return ISO_639_3.get(base, base)


def language_for(code: str, declared: dict[str, str] | None = None) -> Language | None:
    """The Language for a BCP 47 tag, or None when it is neither known to Babel nor declared.

    `declared` (from content/languages.yaml) may give its name as readers write it, its direction, and
    `locale`: the Babel locale whose data (dates, plurals) it borrows. A declared language keeps `code`
    exactly, as its folder and its addresses spell it.
    """
    declared = declared or {}
    try:
        locale = Locale.parse((declared.get("locale") or code).replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        locale = None
    if locale is None and not declared:
        return None
    name = declared.get("name") or (locale.get_display_name(locale) if locale else None) or code
    canonical = str(locale).replace("_", "-") if locale else code  # pt_br -> pt-BR; but Babel reads tl as fil-PH
    return Language(
        code=canonical if not declared and canonical.lower() == code.replace("_", "-").lower() else code,
        name=name[:1].upper() + name[1:],
        direction=declared.get("direction") or (locale.text_direction if locale else "ltr"),
        babel_code=str(locale) if locale else SOURCE_LANGUAGE,
    )


def _registry_problem(code: object, details: object) -> str | None:
    """What is wrong with one entry of content/languages.yaml, if anything."""
    if not isinstance(details, dict) or not CODE_PATTERN.match(str(code)):
        return f"{code!r}: expected a language code (e.g. prs, fa-AF) with name, direction and locale under it"
    unknown = set(details) - {"name", "direction", "locale"}
    if unknown or not all(isinstance(value, str) and value.strip() for value in details.values()):
        return f"{code}: give only name, direction and locale, each as text (found {', '.join(map(str, details))})"
    if details.get("direction", "ltr") not in ("ltr", "rtl"):
        return f"{code}: direction must be ltr or rtl"
    if details.get("locale") and language_for(details["locale"]) is None:
        return (f"{code}: Babel has no locale {details['locale']!r}; name another (its dates and plural rules "
                "are borrowed) or leave it out")
    if "name" not in details and language_for(str(code)) is None:
        return f"{code}: Babel does not know this language: give its name"
    return None


def read_registry(content_dir: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """content/languages.yaml: languages declared in content, each problem with its file and line."""
    path = content_dir / REGISTRY_FILE
    if not path.exists():
        return {}, []
    try:
        text = read_text(path)
        data = load_yaml(path, text)
    except ContentError as error:
        return {}, [error.problem]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(path, 1, "expected a mapping of language codes to their details")]
    lines = {match.group(1): number for number, line in enumerate(text.splitlines(), 1)
             if (match := re.match(r"^['\"]?([A-Za-z0-9_-]+)['\"]?\s*:", line))}
    declared, problems = {}, []
    for code, details in data.items():
        problem = _registry_problem(code, details)
        if problem:
            problems.append(Problem(path, lines.get(str(code), 0), problem))
        else:
            declared[str(code)] = details
    return declared, problems


def discover(content_dir: Path, translations_dir: Path) -> tuple[dict[str, Language], list[Problem]]:
    """Every language with a folder in content/ or translations/, English first, then grouped by script;
    and the problems of content/languages.yaml."""
    declared, problems = read_registry(content_dir)
    codes = {SOURCE_LANGUAGE}
    for parent in (content_dir, translations_dir):
        if parent.is_dir():  # translations/pt_BR (as pybabel names it) is the language pt-BR
            codes.update(p.name.replace("_", "-") for p in parent.iterdir() if p.is_dir())
    found = [language for language in (language_for(code, declared.get(code)) for code in sorted(codes))
             if language is not None and CODE_PATTERN.match(language.code)]
    return {language.code: language for language in sorted(found, key=listing_order)}, problems


def reader_accept(header: str | None) -> LanguageAccept:
    """The reader's Accept-Language, read no further than a real browser's ever is."""
    return parse_accept_header((header or "")[:ACCEPT_MOST], LanguageAccept)


def ranked(languages: dict[str, Language], accept: LanguageAccept) -> list[Language]:
    """All languages, the reader's best match for Accept-Language first, then in site order."""
    best = accept.best_match(list(languages), default=SOURCE_LANGUAGE)
    first = languages.get(best) or languages.get(SOURCE_LANGUAGE) or next(iter(languages.values()))
    return [first] + [lang for lang in languages.values() if lang is not first]


@lru_cache(maxsize=4096)
def formatted_date(day: date, format: str, babel_code: str) -> str:
    """A date as a language writes it ("long": 27 November 2026), as flask-babel's dateformat filter gives
    it; kept, since every page shows the same few dates."""
    return format_date(day, format=format, locale=babel_code)
