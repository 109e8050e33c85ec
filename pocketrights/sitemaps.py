"""The list of every page; a sitemap per language under one sitemap index; robots.txt."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .site import Site
from .urls import home_path, page_path

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
OTHER_PAGES = ("phrases", "changes", "take-offline")
PRINT_PAGE = "print"  # listed only where PDFs are made (the PRINTS setting)


def pages(site: Site, printing: bool = True) -> list[tuple[str, str | None]]:
    """(site path, guide slug or None) for every page, chooser first, in a stable order."""
    found: list[tuple[str, str | None]] = [("", None)]
    for code in site.languages:
        found.extend(language_pages(site, code, printing))
    return found


def language_pages(site: Site, code: str, printing: bool = True) -> list[tuple[str, str | None]]:
    others = OTHER_PAGES + ((PRINT_PAGE,) if printing else ())
    return ([(home_path(code), None)] + [(page_path(code, slug), slug) for slug in site.content.guides]
            + [(page_path(code, page), None) for page in others])


def files(site: Site, site_url: str) -> list[str]:
    """The site's other files, served and exported alike (sitemaps only with a public address)."""
    from .offline import offline_paths
    sitemaps = ["sitemap.xml", *(f"sitemaps/{code}.xml" for code in site.languages)] if site_url else []
    return ["robots.txt", *sitemaps, *offline_paths(site.languages), "status/"]


def sitemap_index(site: Site, base: str) -> str:
    """sitemap.xml: one sitemap per language, so each grows with that language only."""
    rows = [f"<sitemap><loc>{escape(base)}sitemaps/{code}.xml</loc></sitemap>" for code in site.languages]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {SITEMAP_NS}>\n' + "\n".join(rows)
            + "\n</sitemapindex>\n")


def language_sitemap(site: Site, code: str, base: str, printing: bool = True) -> str:
    """One language's pages with their hreflang alternates; guides shown in English are left out."""
    rows = []
    for path, slug in language_pages(site, code, printing):
        if slug and (code, slug) not in site.content.texts:
            continue  # shown in English under this language: the English page is the canonical one
        rows.append(f"<url><loc>{escape(base + path)}</loc>")
        if slug:
            for other in (other for other in site.languages if (other, slug) in site.content.texts):
                href = quoteattr(base + page_path(other, slug))
                rows.append(f'<xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
        rows.append("</url>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS} xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "\n".join(rows) + "\n</urlset>\n")


def robots(site_url: str) -> str:
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {site_url}sitemap.xml\n" if site_url else "")
