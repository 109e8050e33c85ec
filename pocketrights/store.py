"""Pages rendered once and kept as bytes (identity, gzip, brotli) with strong ETags: every reply is served from them."""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from datetime import date

import brotli
from flask import Request, Response

ENCODINGS = ("br", "gzip")  # in order of preference; identity is always there
MIN_SIZE = 512  # below this, compressing costs more than it saves
COMPRESSIBLE = ("text/", "application/xml", "application/json", "application/manifest+json", "image/svg+xml",
                "application/javascript")


@dataclass(frozen=True)
class Stored:
    """One page, ready to send: its bytes in each encoding, an ETag, and the headers that go with it."""

    status: int
    mimetype: str
    bodies: dict[str, bytes]  # "identity", and "br" and "gzip" when worth it
    etag: str  # a hash of the identity bytes; each encoding gets its own strong ETag from it
    headers: tuple[tuple[str, str], ...]
    day: date  # the day it was rendered: a page may say that its review is getting old


def compress(body: bytes, mimetype: str, once: bool = True) -> dict[str, bytes]:
    """The bytes of a body in every encoding worth sending; deterministic, so exports are reproducible.

    `once`: the result is kept, so spend the time for the smallest bytes. Otherwise (a reply that is
    not kept, such as an error page) a quick gzip only, so that a flood of such requests costs little.
    """
    bodies = {"identity": body}
    if len(body) >= MIN_SIZE and mimetype.startswith(COMPRESSIBLE):
        bodies["gzip"] = gzip.compress(body, compresslevel=9 if once else 5, mtime=0)
        if once:
            bodies["br"] = brotli.compress(body, quality=11)
    return bodies


def freeze(response: Response, once: bool = True) -> Stored:
    """A rendered response as stored bytes (headers the store sets itself are left out)."""
    body = response.get_data()
    kept = tuple((name, value) for name, value in response.headers.items()
                 if name.lower() not in ("content-length", "content-encoding", "etag", "content-type"))
    return Stored(response.status_code, response.content_type or "application/octet-stream",
                  compress(body, response.mimetype or "", once), hashlib.sha256(body).hexdigest()[:20], kept,
                  date.today())


def encoding_for(stored: Stored, request: Request) -> str:
    accepted = request.accept_encodings
    return next((name for name in ENCODINGS if name in stored.bodies and accepted[name] > 0), "identity")


def reply(stored: Stored, request: Request) -> Response:
    """The stored page for this request: the best encoding it accepts, or 304 when it already has it."""
    encoding = encoding_for(stored, request)
    response = Response(stored.bodies[encoding], status=stored.status, headers=list(stored.headers),
                        content_type=stored.mimetype)
    response.set_etag(stored.etag if encoding == "identity" else f"{stored.etag}-{encoding}")
    if len(stored.bodies) > 1:
        response.vary.add("Accept-Encoding")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    return response.make_conditional(request) if stored.status == 200 else response


class PageStore:
    """Rendered pages by key (path, and whatever else changes the bytes). Shared by the server and the export."""

    def __init__(self):
        self._pages: dict[tuple, Stored] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Stored | None:
        stored = self._pages.get(key)
        return stored if stored is not None and stored.day == date.today() else None

    def put(self, key: tuple, stored: Stored) -> Stored:
        with self._lock:
            self._pages[key] = stored
        return stored

    def __len__(self) -> int:
        return len(self._pages)
