"""Helpers for tests: reading exported HTML, serving a folder, the languages the real content has complete."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


class Links(HTMLParser):
    """Collects every URL a page links to or loads, with the tag and rel it came from."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src", "action", "poster", "data"):
            if attributes.get(name) is not None:
                self.found.append((tag, attributes.get("rel") or "", attributes[name]))


def links(html: str) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.found


def internal(url: str) -> bool:
    return not urlsplit(url).scheme and not url.startswith("//")


def broken_links(root: Path) -> list[str]:
    """Every internal link or anchor, in every page under `root`, that leads nowhere on disk (file://)."""
    broken = []
    for page in html_files(root):
        if page.name == "404.html":  # its links are relative to wherever a server shows it
            continue
        for _tag, _rel, url in links(page.read_text()):
            if not internal(url):
                continue
            path, fragment = urlsplit(url).path, urlsplit(url).fragment
            target = (page.parent / path).resolve() if path else page
            if path.endswith("/"):
                broken.append(f"{page}: '{url}' does not name a file (needed on file://)")
            elif not target.is_file() or not target.is_relative_to(root.resolve()):
                broken.append(f"{page}: '{url}' resolves to nothing")
            elif fragment and target.suffix == ".html" and f'id="{fragment}"' not in target.read_text():
                broken.append(f"{page}: '{url}' has no #{fragment} there")
    return broken


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def single_file(path: Path) -> bool:
    """The one-file edition of a language (pocket-rights-<lang>.html), which holds every guide."""
    return path.name.startswith("pocket-rights-")


def web_pages(root: Path) -> list[Path]:
    """The exported pages a browser opens one at a time (not the one-file editions)."""
    return [path for path in html_files(root) if not single_file(path)]


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A real HTTP server for `directory` on a free loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def complete_languages() -> tuple[str, ...]:
    """English and the translations the real content has complete (every guide, phrase and label), as the
    dashboard says."""
    from pocketrights import create_app, dashboard
    from pocketrights.languages import SOURCE_LANGUAGE

    app = create_app({"TESTING": True})
    rows = dashboard.rows(app.extensions["pocketrights"], app.config["CONTENT_DIR"], app.config["TRANSLATIONS_DIR"])
    return (SOURCE_LANGUAGE, *(row.language.code for row in rows if row.complete))


@functools.cache
def site_languages() -> tuple[str, ...]:
    """Every language the real content offers, in the site's order (English first)."""
    from pocketrights import create_app

    return tuple(create_app({"TESTING": True}).extensions["pocketrights"].languages)
