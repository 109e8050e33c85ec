"""A page as a one-language offline pack has it, made from the site's own rendering of the page.

In a one-language pack a page links only to its own language and English (views.linked_languages), so
of the templates below only the language menu's entries and the alternate links differ from the site's page.
The export asks for both at once (PACK_TOO_FLAG), and only those two parts are made again, by the functions
the templates call (pocketrights/menus.py; the whole menu's template where one of the two names a single
language); tests/test_offline.py checks every page of three packs against a page rendered afresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, render_template, request

from .menus import alternate_links, menu_items
from .views import NO_PRINTS_FLAG, PACK_FLAG, alternates, language_menu

PACK_TOO_FLAG = "pocketrights.pack_too"  # WSGI environ key set by the export: the one-language pack to make a copy for
SAME_BUT_LANGUAGES = ("guide.html", "card.html", "phrasebook.html", "changes.html")  # none asks whether it is in a pack


def pack_flags(pack: str) -> dict[str, str]:
    """What the export's own request for a page of a one-language pack sets (beside the export's root)."""
    return {PACK_FLAG: pack, NO_PRINTS_FLAG: "1"}


def pack_copy(html: str) -> str | None:
    """The page just rendered (`html`) as the pack named by PACK_TOO_FLAG has it; None when none was asked
    for or it cannot be made this way (the export then renders the pack's page in full)."""
    pack = request.environ.get(PACK_TOO_FLAG)
    template, alternates_here = g.get("page", (None, []))
    if not pack or template not in SAME_BUT_LANGUAGES:
        return None
    site_menu = g.switch
    with _in_pack(pack):
        whole = len(g.switch) < 2 or len(site_menu) < 2  # a menu of one language is a link to the chooser instead
        after = _parts(alternates(*g.alternates_of) if alternates_here else [], whole)
    before = _parts(alternates_here, whole)
    for old, new in zip(before, after, strict=True):
        if old != new:
            if not old or html.count(old) != 1:
                return None
            html = html.replace(old, new)
    return html


def _parts(links: list[tuple[str, str]], whole_menu: bool) -> tuple[str, str]:
    """The alternate links, and the language menu's entries (or, `whole_menu`, all of the menu's markup)."""
    return alternate_links(links), render_template("_switcher.html") if whole_menu else menu_items(g.switch)


@contextmanager
def _in_pack(pack: str) -> Iterator[None]:
    """The request as the pack's own would be (its flags, its language menu), for as long as it lasts."""
    environ, menu, flags = request.environ, g.switch, pack_flags(pack)
    saved = {name: environ.get(name) for name in flags}
    environ.update(flags)
    g.switch = language_menu()
    try:
        yield
    finally:
        g.switch = menu
        for name, value in saved.items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
