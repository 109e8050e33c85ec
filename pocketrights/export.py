"""The static export: every page of every language as files that work from disk or any host."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.datastructures import Headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from . import packs, print_files
from .assets import STATIC_CACHE_CONTROL
from .currency import law_as_of
from .dashboard import STATUS_PAGE
from .languages import SOURCE_LANGUAGE
from .offline import PACKS_FOLDER
from .pack_copy import PACK_TOO_FLAG
from .problems import ERROR
from .security import headers
from .serving import environ_key, request_key
from .site import Site
from .sitemaps import files, pages
from .store import cache_folder, compress
from .views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG
from .writing import Writer

MARKER = ".pocketrights-export"
LISTING_PAGES = (f"/{packs.TAKE_OFFLINE}/", f"/{print_files.PRINT_PAGE}/")  # pages that list files with sizes
MISSING_PAGE = "/-/not-a-page/"
_APP: Flask | None = None  # the app the forked writers inherit
_OWN: dict[tuple[str, str], packs.Rendered] = {}  # the pages packs have of their own, which the pack writers inherit
_WRITER = Writer(Path())  # how the export being written makes its files (see writing.py), which the writers inherit


class ExportError(Exception):
    """The export cannot be written (unsafe destination, or a page did not render)."""


def headers_file(hsts: bool, languages: list[str], page_max_age: int, onion_url: str = "", style_hash: str = "") -> str:
    """Netlify / Cloudflare Pages style _headers with the same headers the server sends."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in headers(hsts, style_hash).items()]
    if onion_url:  # a static host cannot add the page's path: the onion site's front page
        lines.append(f"  Onion-Location: {onion_url}")
    lines += ["/static/*", f"  Cache-Control: {STATIC_CACHE_CONTROL}", "/sw.js", "  Cache-Control: no-cache"]
    for pattern in ("/", "/index.html", *(f"/{code}/*" for code in languages)):
        lines += [pattern, f"  Cache-Control: public, max-age={page_max_age}"]
    return "\n".join(lines) + "\n"


def _check_destination(destination: Path) -> None:
    if destination.exists() and not destination.is_dir():
        raise ExportError(f"{destination} is a file, not a folder")
    if destination.is_dir() and any(destination.iterdir()) and not (destination / MARKER).exists():
        raise ExportError(f"{destination} is not empty and is not a previous export: refusing to overwrite")


def _swap_in(built: Path, destination: Path) -> None:
    """Replace a previous export with the new one only now that the new one is complete."""
    old = None
    if destination.exists():
        old = destination.with_name(f".{destination.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        destination.rename(old)
    built.rename(destination)
    if old:
        shutil.rmtree(old)


def export(app: Flask, destination: Path, allow_problems: bool = False, prints: bool | None = None) -> int:
    """Write the whole site into `destination`; return the number of files written.

    Nothing is overwritten unless the whole export succeeds: it is built in a temporary folder beside
    `destination` and swapped in at the end. Content errors stop it unless `allow_problems` is set.
    """
    site: Site = app.extensions["pocketrights"]
    errors = [p for p in site.problems if p.severity == ERROR]
    if errors and not allow_problems:
        raise ExportError(f"{len(errors)} content error(s), starting with {errors[0]}. Run `flask --app app check` "
                          "to see them all, fix them, or export with --allow-problems to publish without those pages")
    destination = destination.resolve()  # a symlink keeps pointing at the folder it names
    _check_destination(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new-", dir=destination.parent))
    built.chmod(0o755)  # mkdtemp makes it private; a static host must be able to read it
    previous = destination if (destination / MARKER).exists() else None
    try:
        count = _write(app, site, built, app.config["PRINTS"] if prints is None else prints, previous)
        _swap_in(built, destination)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return count


def _file(path: str) -> str:
    """Where a page's path is written: a folder's index.html."""
    return path + "index.html" if path.endswith("/") or not path else path


def _page_bodies(app: Flask, path: str, environ: dict) -> dict[str, bytes]:
    """A page as the app answers a browser's request for it, in the encodings the store keeps for it (found
    by the key the app itself uses): the app is called as a WSGI server calls it, without a test client."""
    request = {**_plain_request(), "PATH_INFO": "/" + path, "wsgi.input": io.BytesIO(), **environ}
    answer, status, answer_headers = run_wsgi_app(app, request, buffered=True)
    if not status.startswith("200 "):
        raise ExportError(f"/{path} answered {status}")
    store = app.extensions["pocketrights.store"]
    if path:
        stored = store.get(environ_key(request, "/" + path))
    else:  # the chooser's key names the language it lists first
        with app.test_request_context("/", environ_base=environ):
            stored = store.get(request_key())
    if stored is None:  # answered but not kept: compressed here as the store would have
        return compress(b"".join(answer), Headers(answer_headers).get("Content-Type", ""), cache=store.cache)
    return stored.bodies


@cache
def _plain_request() -> dict:
    """The environ of a plain GET of the site's root with no headers, as a test client sends it."""
    return EnvironBuilder(path="/").get_environ()


def _save_page(app: Flask, destination: Path, path: str, environ: dict) -> int:
    return _WRITER.save(destination / _file(path), _page_bodies(app, path, environ))


def _in_pack(path: str, pack: str) -> bool:
    """Whether an offline pack holds a path: its language's pages and the English originals they link to
    ("*": every language), never the pages about packs nor the translators' status page."""
    if path.endswith(LISTING_PAGES) or path.startswith(("robots.txt", "sitemap", STATUS_PAGE)):
        return False
    return pack == "*" or path in ("", "sw.js") or path.split("/")[0] in (pack, SOURCE_LANGUAGE)


def _own_copy(path: str, pack: str) -> bool:
    """Whether a pack needs its own rendering of a path rather than the site's file: in a one-language pack
    every page (their language menus name only what the pack holds); in the pack of every language only
    the chooser and the language homes (elsewhere they link to the pages about packs and prints). Files
    (the worker, manifests, the one-file guides) are the site's. tests/test_offline.py checks each."""
    page = path == "" or path.endswith("/")
    return page and (pack != "*" or path.count("/") <= 1)


def _write(app: Flask, site: Site, destination: Path, printing: bool = False, previous: Path | None = None) -> int:
    """Every page and file, a language at a time in as many processes as there are processors; then the
    offline packs, from those files and the few pages a pack needs of its own. Files unchanged since the
    `previous` export are links to its files (see writing.py)."""
    global _WRITER
    _WRITER = Writer(destination, previous)
    try:
        return _write_all(app, site, destination, printing)
    finally:
        _WRITER = Writer(Path())


def _write_all(app: Flask, site: Site, destination: Path, printing: bool) -> int:
    (destination / MARKER).write_text("Written by `flask --app app export`; the next export replaces it.\n")
    (destination / packs.DOWNLOADS).mkdir()
    with _workers(app) as pool:
        rendered = _each(pool, _write_language, [(code, str(destination), printing) for code in ["", *site.languages]])
    written = sum(count for count, _own in rendered)
    archives = [(packs.ZIM_NAME, "*"), (packs.zip_name(), "*"),
                *((packs.zip_name(code), code) for code in site.languages)]
    with _workers(app, {key: page for _count, own in rendered for key, page in own.items()}) as pool:
        _each(pool, _write_pack, [(name, pack, str(destination)) for name, pack in archives])
        written += len(packs.sizes(destination / packs.DOWNLOADS))
        (destination / "_headers").write_text(headers_file(app.config["HSTS"], list(site.languages),
                                                           app.config["PAGE_MAX_AGE"], app.config["ONION_URL"],
                                                           site.style_hash),
                                              encoding="utf-8")
        if printing:
            written += print_files.copy_into(app, destination, list(site.languages))
        listings = _each(pool, _write_listings, [(code, str(destination), printing) for code in site.languages])
    return written + sum(listings) + 2  # the marker and _headers


def _root(app: Flask) -> str:
    return (urlsplit(app.config["SITE_URL"]).path or "/") if app.config["SITE_URL"] else "/"


def _environ(app: Flask, pack: str, printing: bool) -> dict[str, str]:
    flags = {EXPORT_FLAG: _root(app), PACK_FLAG: pack, NO_PRINTS_FLAG: "" if printing else "1"}
    return {name: value for name, value in flags.items() if value}


def _paths(site: Site, site_url: str, printing: bool) -> list[str]:
    return [path for path, _slug in pages(site, printing)] + files(site, site_url)


def _language_of(path: str, site: Site) -> str:
    first = path.split("/")[0]
    return first if first in site.languages else ""


def _write_language(task: tuple[str, str, bool]) -> tuple[int, dict[tuple[str, str], packs.Rendered]]:
    """One language's pages and files ("": the others: chooser, robots, sitemaps, the worker, the error
    page, the static files), each with its gzip and brotli twins; returned with the files written, the pages
    of it that the offline packs need of their own (by `_own_key`). In a forked process (it inherits the app)."""
    code, destination, printing = task
    app, site, folder = _APP, _APP.extensions["pocketrights"], Path(destination)
    environ, written = _environ(app, "", printing), 0
    paths = [path for path in _paths(site, app.config["SITE_URL"], printing)
             if _language_of(path, site) == code and not path.endswith(LISTING_PAGES)]
    site_environ = {**environ, PACK_TOO_FLAG: code} if code else environ  # pages the pack can take from these too
    for path in paths:
        written += _save_page(app, folder, path, site_environ)
    own = {}
    for pack in ("*", code) if code else ("*", *site.languages):  # "": the chooser of every pack
        for path in paths:
            if _in_pack(path, pack) and _own_copy(path, pack):
                bodies = _page_bodies(app, path, _environ(app, pack, False))
                own[_own_key(pack, path)] = packs.Rendered(bodies["identity"], bodies.get("gzip"))
    if code:
        return written, own
    missing = app.test_client().get(MISSING_PAGE, environ_base=environ)
    cache = app.extensions["pocketrights.store"].cache
    written += _WRITER.save(folder / "404.html", compress(missing.get_data(), missing.mimetype, cache=cache))
    for served in sorted(site.static_names.values()):
        for twin in (served, served + ".gz", served + ".br"):
            if (site.assets_dir / twin).exists():
                (folder / "static" / twin).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site.assets_dir / twin, folder / "static" / twin)
                _WRITER.settle(folder / "static" / twin)
                written += 1
    return written, own


def _write_listings(task: tuple[str, str, bool]) -> int:
    """A language's pages that list the packs and PDFs with their sizes, once those files are written; in a
    forked process."""
    code, destination, printing = task
    app, site = _APP, _APP.extensions["pocketrights"]
    listed = {**_environ(app, "", printing), PACKS_FOLDER: destination, print_files.PRINTS_FOLDER: destination}
    paths = _paths(site, app.config["SITE_URL"], printing)
    return sum(_save_page(app, Path(destination), path, listed) for path in paths
               if path.endswith(LISTING_PAGES) and _language_of(path, site) == code)


def _own_key(pack: str, path: str) -> tuple[str, str]:
    """Where a pack's own rendering of a path is kept: one-language packs share theirs ("one"), but for the
    chooser, which names the pack's language."""
    if pack == "*":
        return pack, path
    return (pack, path) if path == "" else ("one", path)


def _write_pack(task: tuple[str, str, str]) -> None:
    """One archive of an offline pack (a language code, or "*"; the ZIM and the ZIP of "*" are two tasks, the
    longest first), from the site's files and the pages the pack has of its own; in a forked process (it
    inherits those pages)."""
    name, pack, destination = task
    app, site, site_folder = _APP, _APP.extensions["pocketrights"], Path(destination)
    files: packs.Manifest = {"404.html": site_folder / "404.html"}
    files.update({f"static/{served}": site_folder / "static" / served for served in site.static_names.values()})
    for path in _paths(site, app.config["SITE_URL"], printing=False):
        if _in_pack(path, pack):
            files[_file(path)] = _OWN[_own_key(pack, path)] if _own_copy(path, pack) else site_folder / _file(path)
    target = site_folder / packs.DOWNLOADS / name
    if name == packs.ZIM_NAME:
        icon = (app.config["STATIC_DIR"] / "icon.svg").read_bytes()
        packs.write_zim(files, target, list(site.languages), icon, law_as_of(site.content),
                        cache=cache_folder("zim") if app.config["COMPRESSION_CACHE"] else None)
    else:
        packs.write_zip(files, target)
    _WRITER.settle(target)


def _each(pool: ProcessPoolExecutor, work: Callable, tasks: list) -> list:
    """Run `work` on every task in the pool, in order of submission; the first failure stops the export."""
    return [job.result() for job in [pool.submit(work, task) for task in tasks]]


@contextmanager
def _workers(app: Flask, own: dict[tuple[str, str], packs.Rendered] | None = None) -> Iterator[ProcessPoolExecutor]:
    """Processes forked from this one, one per processor, so that they share the loaded app (and the pages the
    packs have of their own)."""
    global _APP, _OWN
    _APP, _OWN = app, own or {}
    for name in app.jinja_env.list_templates():  # compiled once here, not again in each process
        app.jinja_env.get_template(name)
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
