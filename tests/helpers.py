"""Helpers for tests that read exported HTML."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path


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


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


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
