"""Which languages the site has, what they are called and which way they are written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

SOURCE_LANGUAGE = "en"
CODE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ACCEPT_MOST = 512  # characters of Accept-Language read: a browser sends far fewer; a flood costs nothing


@dataclass(frozen=True)
class Language:
    """A language the site is offered in; `code` is its BCP 47 tag as used in URLs."""

    code: str
    name: str  # its own name, in its own script
    direction: str  # "ltr" or "rtl"
    babel_code: str  # Babel's identifier, e.g. "pt_BR"


# ISO 639-3 codes (what Kiwix's ZIM metadata asks for) of the languages the site has or plans.
ISO_639_3 = {"en": "eng", "es": "spa", "ar": "ara", "zh": "zho", "vi": "vie", "ko": "kor", "tl": "tgl", "fil": "fil",
             "ht": "hat", "fr": "fra", "pt": "por", "ru": "rus", "uk": "ukr", "fa": "fas", "prs": "prs", "ps": "pus",
             "ur": "urd", "hi": "hin", "pa": "pan", "bn": "ben", "ne": "nep", "my": "mya", "so": "som", "am": "amh",
             "ti": "tir"}


def iso639_3(code: str) -> str:
    """The three-letter code of a language tag (zh-Hant -> zho); the tag's own first part when unknown."""
    base = code.split("-")[0].lower()
    return ISO_639_3.get(base, base)


def language_for(code: str) -> Language | None:
    """The Language for a BCP 47 tag or Babel identifier, or None when Babel does not know it."""
    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    name = locale.get_display_name(locale) or code
    return Language(
        code=str(locale).replace("_", "-"),
        name=name[:1].upper() + name[1:],
        direction=locale.text_direction,
        babel_code=str(locale),
    )


def discover(content_dir: Path, translations_dir: Path) -> dict[str, Language]:
    """Every language with a folder in content/ or translations/, English first, then by code."""
    codes = {SOURCE_LANGUAGE}
    for parent in (content_dir, translations_dir):
        if parent.is_dir():
            codes.update(p.name for p in parent.iterdir() if p.is_dir())
    found = {}
    for code in sorted(codes, key=lambda c: (c != SOURCE_LANGUAGE, c)):
        language = language_for(code)
        if language is not None and CODE_PATTERN.match(language.code):
            found[language.code] = language
    return found


def reader_accept(header: str | None) -> LanguageAccept:
    """The reader's Accept-Language, read no further than a real browser's ever is."""
    return parse_accept_header((header or "")[:ACCEPT_MOST], LanguageAccept)


def ranked(languages: dict[str, Language], accept: LanguageAccept) -> list[Language]:
    """All languages, the reader's best match for Accept-Language first, then in site order."""
    best = accept.best_match(list(languages), default=SOURCE_LANGUAGE)
    first = languages.get(best) or languages.get(SOURCE_LANGUAGE) or next(iter(languages.values()))
    return [first] + [lang for lang in languages.values() if lang is not first]
