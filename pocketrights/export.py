"""The static export: every page of every language as files that work from disk or any host."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from .security import headers
from .site import Site
from .sitemaps import pages, sitemap
from .views import EXPORT_FLAG

MARKER = ".pocketrights-export"
MISSING_PAGE = "/-/not-a-page/"


class ExportError(Exception):
    """The export cannot be written (unsafe destination, or a page did not render)."""


def headers_file(hsts: bool) -> str:
    """Netlify / Cloudflare Pages style _headers with the same headers the server sends."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in headers(hsts).items()]
    lines += ["/static/*", "  Cache-Control: public, max-age=31536000, immutable"]
    return "\n".join(lines) + "\n"


def _prepare(destination: Path) -> None:
    if destination.exists() and any(destination.iterdir()):
        if not (destination / MARKER).exists():
            raise ExportError(f"{destination} is not empty and is not a previous export: refusing to overwrite")
        shutil.rmtree(destination)
    destination.mkdir(parents=True, exist_ok=True)
    (destination / MARKER).write_text("Written by `flask --app app export`; the next export replaces it.\n")


def export(app: Flask, destination: Path) -> int:
    """Write the whole site into `destination`; return the number of files written."""
    site: Site = app.extensions["pocketrights"]
    _prepare(destination)
    site_url = app.config["SITE_URL"]
    environ = {EXPORT_FLAG: (urlsplit(site_url).path or "/") if site_url else "/"}
    client = app.test_client()
    written = 0
    for path, _slug in pages(site):
        response = client.get("/" + path, environ_base=environ)
        if response.status_code != 200:
            raise ExportError(f"/{path} answered {response.status_code}")
        target = destination / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.get_data())
        written += 1
    missing = client.get(MISSING_PAGE, environ_base=environ)
    (destination / "404.html").write_bytes(missing.get_data())
    for _logical, served in sorted(site.static_names.items()):
        target = destination / "static" / served
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site.assets_dir / served, target)
    (destination / "sitemap.xml").write_text(sitemap(site, site_url or "/"), encoding="utf-8")
    (destination / "_headers").write_text(headers_file(bool(app.config["HSTS"])), encoding="utf-8")
    return written + len(site.static_names) + 3
