"""The parts of every page that name every language (its language menu and alternate links), built as
strings: with two dozen languages they were most of a page's template work."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from .languages import Language


def _escaped(text: str) -> str:
    """`text` safe inside an attribute, as markupsafe.escape makes it; most links need nothing, and get no
    Markup object made for them."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(escape(text))
    return text


@lru_cache(maxsize=1024)
def _menu_item(code: str, name: str, direction: str, new_script: bool, current: bool) -> tuple[str, str]:
    """A menu entry's markup before and after its link, which is all that changes from page to page."""
    before = '<li class="script"><a href="' if new_script else '<li><a href="'
    marked = ' aria-current="true"' if current else ""
    after = (f'" lang="{escape(code)}" hreflang="{escape(code)}"{marked}>'
             f'<span dir="{escape(direction)}">{escape(name)}</span></a></li>\n')
    return before, after


def menu_items(entries: Iterable[tuple[Language, str, bool]]) -> Markup:
    """The language menu's list items: each language in its own name, linking to `url`, the current one
    marked, and a class where the script changes (so that a reader finds theirs among names that look alike)."""
    parts, previous = [], None
    for language, url, current in entries:
        before, after = _menu_item(language.code, language.name, language.direction,
                                   previous is not None and language.script != previous, current)
        parts += (before, _escaped(url), after)
        previous = language.script
    return Markup("".join(parts))


def alternate_links(alternates: Iterable[tuple[str, str]]) -> Markup:
    """<link rel="alternate"> for each (hreflang, URL)."""
    return Markup("".join(f'<link rel="alternate" hreflang="{_escaped(code)}" href="{_escaped(url)}">\n'
                          for code, url in alternates))
