"""Pages rendered once and kept as bytes (identity, gzip, brotli) with strong ETags: every reply is served from them."""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import brotli
from flask import Request, Response

ENCODINGS = ("br", "gzip")  # in order of preference; identity is always there
MIN_SIZE = 512  # below this, compressing costs more than it saves
BROTLI_QUALITY = 11  # the smallest bytes (about 11% under quality 9), at about 15 ms a page: hence the cache
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


def cache_folder(name: str) -> Path | None:
    """.cache/<name> in the project, made if needed; None where the project cannot be written."""
    folder = Path(__file__).resolve().parent.parent / ".cache" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


KEPT_DAYS = 30  # kept bytes not read for this long are deleted (a page that changed leaves its old bytes behind)


def prune(cache: Path, days: int = KEPT_DAYS) -> int:
    """Delete the kept bytes no one has read for `days` days; at most once a day (each start of the app calls it).
    Returns how many files went.

    Reads are told by the file's access time, which disks mounted with `relatime` (Linux's default) update
    once a day at most. On a disk that never records it, bytes are deleted `days` after they were made,
    and made again by the next export that needs them: slower once, never wrong.
    """
    marker, now = cache / ".pruned", time.time()
    try:
        if now - marker.stat().st_mtime < 86_400:
            return 0
    except OSError:
        pass
    removed = 0
    with os.scandir(cache) as entries:
        for entry in entries:
            if entry.path == str(marker):
                continue
            try:
                seen = entry.stat()
                if now - max(seen.st_atime, seen.st_mtime) > days * 86_400:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue  # another process deleted it, or it cannot be: left for next time
    marker.touch()
    return removed


def gzip_bytes(body: bytes, level: int = 9, cache: Path | None = None) -> bytes:
    """gzip with no time in its header, so the same body always gives the same bytes (kept in `cache`)."""
    return _kept(body, cache, f"gz{level}", lambda: gzip.compress(body, compresslevel=level, mtime=0))


def brotli_bytes(body: bytes, cache: Path | None = None) -> bytes:
    """Brotli at its best quality, kept in `cache`: an unchanged page is compressed once, ever."""
    return _kept(body, cache, f"q{BROTLI_QUALITY}.br", lambda: brotli.compress(body, quality=BROTLI_QUALITY))


def _kept(body: bytes, cache: Path | None, kind: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, kept in `cache` by a hash of the body, so that every export and server start sharing the
    cache makes it once (gzip and brotli are deterministic for the same library version)."""
    if cache is None:
        return make()
    kept = cache / f"{hashlib.sha256(body).hexdigest()}-{kind}"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    data = make()
    partial = kept.with_name(f".{kept.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        partial.write_bytes(data)
        partial.replace(kept)  # atomic: a reader never sees half a file
    except OSError:
        partial.unlink(missing_ok=True)
    return data


def compress(body: bytes, mimetype: str, once: bool = True, cache: Path | None = None,
             brotli_too: bool = True) -> dict[str, bytes]:
    """The bytes of a body in every encoding worth sending; deterministic, so exports are reproducible.

    `once`: the result is kept, so spend the time for the smallest bytes (brotli kept in `cache`).
    Otherwise (a reply that is not kept, such as an error page) a quick gzip only, so that a flood of
    such requests costs little.
    """
    bodies = {"identity": body}
    if len(body) >= MIN_SIZE and mimetype.startswith(COMPRESSIBLE):
        bodies["gzip"] = gzip_bytes(body, 9, cache) if once else gzip_bytes(body, 5)
        if once and brotli_too:
            bodies["br"] = brotli_bytes(body, cache)
    return bodies


def freeze(response: Response, once: bool = True, archived: bool = False, cache: Path | None = None) -> Stored:
    """A rendered response as stored bytes (headers the store sets itself are left out); `archived` (a file
    that goes into a ZIP: no brotli) with gzip, whose deflate stream the ZIP takes as it is."""
    body = response.get_data()
    kept = tuple((name, value) for name, value in response.headers.items()
                 if name.lower() not in ("content-length", "content-encoding", "etag", "content-type"))
    bodies = compress(body, response.mimetype or "", once, cache, brotli_too=not archived)
    return Stored(response.status_code, response.content_type or "application/octet-stream", bodies,
                  hashlib.sha256(body).hexdigest()[:20], kept, date.today())


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

    def __init__(self, cache: Path | None = None):
        self.cache = cache  # where brotli bytes are kept between runs (None: not kept)
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
