"""Page addresses, written relative to the page that links, so any host, sub-path or file:// works."""

from __future__ import annotations

from dataclasses import dataclass


def home_path(lang: str) -> str:
    return f"{lang}/"


def page_path(lang: str, slug: str) -> str:
    return f"{lang}/{slug}/"


@dataclass(frozen=True)
class Linker:
    """Builds hrefs from the page at `here` (a site path such as "es/at-the-door/").

    `index_html` spells out folder links as ".../index.html" (needed when opened from disk);
    `base` makes links root-absolute instead (error pages, which may be shown at any depth).
    """

    here: str
    index_html: bool = False
    base: str | None = None

    def __call__(self, target: str, fragment: str | None = None) -> str:
        href = self.base + target if self.base is not None else "../" * self.here.count("/") + target
        if self.index_html and (href == "" or href.endswith("/")):
            href += "index.html"
        href = href or "./"
        return f"{href}#{fragment}" if fragment else href
