"""The list of every page, and sitemap.xml with hreflang alternates built from it."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .site import Site
from .urls import home_path, page_path


def pages(site: Site) -> list[tuple[str, str | None]]:
    """(site path, guide slug or None) for every page, chooser first, in a stable order."""
    found: list[tuple[str, str | None]] = [("", None)]
    for code in site.languages:
        found.append((home_path(code), None))
        found.extend((page_path(code, slug), slug) for slug in site.content.guides)
        found.extend((page_path(code, page), None) for page in ("phrases", "changes"))
    return found


def sitemap(site: Site, base: str) -> str:
    """sitemap.xml with hreflang alternates; `base` is the site URL (or "/") the paths hang from."""
    rows = []
    for path, slug in pages(site):
        lang = path.split("/", 1)[0]
        if slug and (lang, slug) not in site.content.texts:
            continue  # shown in English under this language: the English page is the canonical one
        rows.append(f"<url><loc>{base}{path}</loc>")
        if slug:
            codes = [code for code in site.languages if (code, slug) in site.content.texts]
            rows.extend(f'<xhtml:link rel="alternate" hreflang="{code}" '
                        f'href={quoteattr(base + page_path(code, slug))}/>' for code in codes)
        rows.append("</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(rows) + "\n</urlset>\n")
