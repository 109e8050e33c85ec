"""How every request is answered: from the store of rendered pages, with caching headers that fit."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, g, request
from flask_babel import refresh

from .languages import ranked, reader_accept
from .store import PageStore, freeze, reply
from .views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG, linked_languages

STORED_METHODS = ("GET", "HEAD")


def page_key(path: str, export_root: str = "", chooser: str = "", pack: str = "") -> tuple[str, str, str, str]:
    """What makes a page's bytes differ: its path, whether it is for the export (and which offline
    pack), and (for the language chooser only) the reader's first language."""
    return (path, export_root, chooser, pack)


def request_key() -> tuple[str, str, str, str] | None:
    if request.method not in STORED_METHODS:
        return None
    chooser = ""
    if request.path == "/":
        chooser = ranked(linked_languages(), reader_accept(request.headers.get("Accept-Language")))[0].code
    return page_key(request.path, request.environ.get(EXPORT_FLAG) or "", chooser, variant(request.environ))


def variant(environ: dict) -> str:
    """Which kind of export a page is rendered for: an offline pack (its language, or "*"), and whether
    it links to PDFs."""
    return (environ.get(PACK_FLAG) or "") + ("/no-prints" if environ.get(NO_PRINTS_FLAG) else "")


def register(app: Flask) -> PageStore:
    """Serve pages from a store filled on first request; every reply goes out through the store's
    encodings and ETags (errors too, but errors are never kept)."""
    store = PageStore()

    @app.before_request
    def start():
        # The export (and any caller) may send many requests inside one app context: forget the
        # previous request's language so each page is rendered in its own.
        g.pop("language", None)
        refresh()
        g.store_key = request_key()
        stored = store.get(g.store_key) if g.store_key else None
        if stored is not None:
            g.from_store = True
            return reply(stored, request)
        return None

    @app.after_request
    def finish(response):
        if g.get("from_store") or response.direct_passthrough:
            return response
        if response.status_code >= 400:  # a temporary error must never be kept by a cache or a CDN
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Cache-Control", f"public, max-age={app.config['PAGE_MAX_AGE']}")
        if g.get("language_from_header"):
            response.vary.add("Accept-Language")
        if app.config["ONION_URL"] and response.mimetype == "text/html":
            response.headers["Onion-Location"] = app.config["ONION_URL"].rstrip("/") + request.path
        if response.location:  # e.g. /en -> /en/: a path only, never the Host header a client sent
            target = urlsplit(response.location)
            response.location = target.path + (f"?{target.query}" if target.query else "")
            response.set_data(b"")
        keep = bool(g.store_key) and response.status_code == 200
        stored = freeze(response, once=keep)
        if keep:
            store.put(g.store_key, stored)
        return reply(stored, request)

    return store
