"""How every request is answered: from the store of rendered pages, with caching headers that fit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask, Response, g, request
from flask_babel import refresh
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Request
from werkzeug.wsgi import get_host

from .pack_copy import PACK_TOO_FLAG, pack_copy, pack_flags
from .store import ENCODINGS, PageStore, Stored, cache_folder, freeze, prune, reply
from .views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG, chooser_order

STORED_METHODS = ("GET", "HEAD")
FULL_REPLY_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE",
                      "HTTP_IF_RANGE", "HTTP_RANGE")
MOST_KEPT_ANSWERS = 20_000  # about three per page and language: far more than the site has


def page_key(path: str, export_root: str = "", chooser: str = "", pack: str = "") -> tuple[str, str, str, str]:
    """What makes a page's bytes differ: its path, whether it is for the export (and which offline
    pack), and (for the language chooser only) the reader's first language."""
    return (path, export_root, chooser, pack)


def request_key() -> tuple[str, str, str, str] | None:
    if request.method not in STORED_METHODS:
        return None
    chooser = ""
    if request.path == "/":
        chooser = chooser_order()[0].code
    root = request.environ.get(EXPORT_FLAG) or ""
    return page_key(request.path, root, chooser, variant(request.environ, request.path))


def environ_key(environ: dict, path: str) -> tuple[str, str, str, str]:
    """The key of any page but the chooser (whose key names the reader's language), from a request's environ."""
    return page_key(path, environ.get(EXPORT_FLAG) or "", "", variant(environ, path))


def variant(environ: dict, path: str) -> str:
    """Which kind of export a page is rendered for: an offline pack ("*" for every language's, "one" for a
    one-language pack, whose pages do not depend on which but for its chooser), and whether it links to PDFs."""
    pack = environ.get(PACK_FLAG) or ""
    if pack not in ("", "*") and path != "/":
        pack = "one"  # see linked_languages
    return pack + ("/no-prints" if environ.get(NO_PRINTS_FLAG) else "")


def register(app: Flask) -> PageStore:
    """Serve pages from a store filled on first request; every reply goes out through the store's
    encodings and ETags (errors too, but errors are never kept)."""
    store = PageStore(cache_folder("compressed") if app.config["COMPRESSION_CACHE"] else None)
    if store.cache is not None:
        prune(store.cache)  # at each start (a server's, `flask export`'s): changed pages leave old bytes behind

    @app.before_request
    def start():
        # The export (and any caller) may send many requests inside one app context: forget what the
        # previous request's page set up (its language, its template) so each page is made on its own.
        for name in ("language", "path_in", "page", "alternates_of"):
            g.pop(name, None)
        refresh()
        g.store_key = request_key()
        # A request Flask already refuses (a host not trusted) gets its error, never a kept page.
        refused = request.routing_exception is not None
        stored = store.get(g.store_key) if g.store_key and not refused else None
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
        packed = bool(request.environ.get(PACK_FLAG))  # a pack's own files are only zipped
        stored = freeze(response, once=keep, archived=packed, cache=store.cache)
        if keep:
            store.put(g.store_key, stored)
            if request.environ.get(PACK_TOO_FLAG):
                _keep_pack_copy(store, response)
        return reply(stored, request)

    return store


def _keep_pack_copy(store: PageStore, response: Response) -> None:
    """The page as the one-language pack the export asked for has it, kept too where it can be made from this
    rendering (see pack_copy); the export then finds it in the store instead of rendering it again."""
    copy = pack_copy(response.get_data(as_text=True))
    if copy is None:
        return
    twin = Response(copy, status=response.status_code,
                    headers=[(name, value) for name, value in response.headers.items() if name != "Content-Length"])
    environ = {**request.environ, **pack_flags(request.environ[PACK_TOO_FLAG])}
    store.put(environ_key(environ, request.path), freeze(twin, archived=True, cache=store.cache))


class StoredPages:
    """WSGI in front of Flask: a page already in the store is answered from its bytes (by the same `reply`
    the app uses) without entering Flask; anything else (the chooser, which depends on the reader's
    languages, a page not yet rendered, a host not trusted) goes through the app.

    The common request (no conditional or range headers, a plain list of encodings) gets the status and
    headers `reply` gave the first such request for that page and encoding, kept: no work but the lookup.
    """

    def __init__(self, wsgi_app: Callable, store: PageStore, trusted_hosts: list[str] | None):
        self.wsgi_app, self.store, self.trusted_hosts = wsgi_app, store, trusted_hosts
        self._answers: dict[tuple, tuple[str, list[tuple[str, str]], bytes]] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        simple = environ.get("REQUEST_METHOD") in STORED_METHODS and path != "/" and path.isascii()
        if simple and self._trusted(environ):
            key = environ_key(environ, path)
            stored = self.store.get(key)
            if stored is not None:
                answer = self._kept_answer(key, stored, environ)
                if answer is None:
                    return reply(stored, Request(environ))(environ, start_response)
                status, headers, body = answer
                start_response(status, headers)
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self.wsgi_app(environ, start_response)

    def _kept_answer(self, key: tuple, stored: Stored, environ: dict) -> tuple[str, list, bytes] | None:
        accept = environ.get("HTTP_ACCEPT_ENCODING", "")
        if any(name in environ for name in FULL_REPLY_HEADERS) or any(c in accept for c in ";*") or (
                accept != accept.lower()):
            return None  # conditional, ranged, or weighted: the full reply decides
        offered = {token.strip() for token in accept.split(",")}
        encoding = next((name for name in ENCODINGS if name in stored.bodies and name in offered), "identity")
        answer = self._answers.get((key, stored.etag, encoding))
        if answer is None:
            probe = Request({"REQUEST_METHOD": "GET", "wsgi.url_scheme": "http", "SERVER_NAME": "localhost",
                             "SERVER_PORT": "80", **({"HTTP_ACCEPT_ENCODING": encoding} if encoding != "identity"
                                                     else {})})
            response = reply(stored, probe)
            answer = (response.status, response.get_wsgi_headers(probe.environ).to_wsgi_list(),
                      stored.bodies[encoding])
            if len(self._answers) > MOST_KEPT_ANSWERS:
                self._answers.clear()  # pages of past days: start again
            self._answers[(key, stored.etag, encoding)] = answer
        return answer

    def _trusted(self, environ: dict) -> bool:
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            return False  # the app answers it with its own 400
        return True
