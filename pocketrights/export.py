"""The static export: every page of every language as files that work from disk or any host."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from . import packs, print_files
from .assets import STATIC_CACHE_CONTROL
from .currency import law_as_of
from .dashboard import STATUS_PAGE
from .languages import SOURCE_LANGUAGE
from .offline import PACKS_FOLDER
from .problems import ERROR
from .security import headers
from .serving import page_key, variant
from .site import Site
from .sitemaps import files, pages
from .store import compress
from .views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG

MARKER = ".pocketrights-export"
LISTING_PAGES = (f"/{packs.TAKE_OFFLINE}/", f"/{print_files.PRINT_PAGE}/")  # pages that list files with sizes
MISSING_PAGE = "/-/not-a-page/"
_APP: Flask | None = None  # the app the forked pack writers inherit


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
    try:
        count = _write(app, site, built, printing=app.config["PRINTS"] if prints is None else prints)
        _swap_in(built, destination)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return count


def _save(target: Path, bodies: dict[str, bytes]) -> int:
    """A file and its .gz and .br twins (what a static server such as nginx's gzip_static sends)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bodies["identity"])
    for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
        if encoding in bodies:
            target.with_name(target.name + suffix).write_bytes(bodies[encoding])
    return len(bodies)


def _save_page(client, store, destination: Path, path: str, root: str, environ: dict) -> int:
    response = client.get("/" + path, environ_base=environ)
    if response.status_code != 200:
        raise ExportError(f"/{path} answered {response.status_code}")
    pack = environ.get(PACK_FLAG, "")
    chooser = (pack if pack not in ("", "*") else SOURCE_LANGUAGE) if path == "" else ""
    stored = store.get(page_key("/" + path, root, chooser, variant(environ)))
    bodies = stored.bodies if stored else compress(response.get_data(), response.mimetype, cache=store.cache)
    return _save(destination / (path + "index.html" if path.endswith("/") or not path else path), bodies)


def _in_pack(path: str, pack: str) -> bool:
    """Whether an offline pack holds a path: its language's pages and the English originals they link to
    ("*": every language), never the pages about packs nor the translators' status page."""
    if path.endswith(LISTING_PAGES) or path.startswith(("robots.txt", "sitemap", STATUS_PAGE)):
        return False
    return pack == "*" or path in ("", "sw.js") or path.split("/")[0] in (pack, SOURCE_LANGUAGE)


def _write(app: Flask, site: Site, destination: Path, printing: bool = False) -> int:
    """Every page and file, from the same store of rendered pages the server answers from; the offline
    packs are written meanwhile in other processes."""
    with _packs_meanwhile(app, site, destination) as packs_written:
        written = _write_files(app, site, destination, printing=printing)
        (destination / "_headers").write_text(headers_file(app.config["HSTS"], list(site.languages),
                                                           app.config["PAGE_MAX_AGE"], app.config["ONION_URL"],
                                                           site.style_hash),
                                              encoding="utf-8")
        written += packs_written()
    if printing:
        written += print_files.copy_into(app, destination, list(site.languages))
    listed = {**_environ(app, "", printing), PACKS_FOLDER: str(destination),
              print_files.PRINTS_FOLDER: str(destination)}
    client, store = app.test_client(), app.extensions["pocketrights.store"]
    for path in _paths(site, app.config["SITE_URL"], printing):
        if path.endswith(LISTING_PAGES):  # written once the files they list exist
            written += _save_page(client, store, destination, path, _root(app), listed)
    return written + 1


def _root(app: Flask) -> str:
    return (urlsplit(app.config["SITE_URL"]).path or "/") if app.config["SITE_URL"] else "/"


def _environ(app: Flask, pack: str, printing: bool) -> dict[str, str]:
    flags = {EXPORT_FLAG: _root(app), PACK_FLAG: pack, NO_PRINTS_FLAG: "" if printing else "1"}
    return {name: value for name, value in flags.items() if value}


def _paths(site: Site, site_url: str, printing: bool) -> list[str]:
    return [path for path, _slug in pages(site, printing)] + files(site, site_url)


def _write_files(app: Flask, site: Site, destination: Path, pack: str = "", printing: bool = False) -> int:
    """Every page and static file but the listing pages; with `pack` (a language code, or "*"), those
    of an offline pack instead: pages that link only to what the pack holds, uncompressed (it is zipped)."""
    (destination / MARKER).write_text("Written by `flask --app app export`; the next export replaces it.\n")
    environ = _environ(app, pack, printing)
    client, store = app.test_client(), app.extensions["pocketrights.store"]
    written = 0
    for path in _paths(site, app.config["SITE_URL"], printing):
        if _in_pack(path, pack) if pack else not path.endswith(LISTING_PAGES):
            written += _save_page(client, store, destination, path, _root(app), environ)
    missing = client.get(MISSING_PAGE, environ_base=environ)
    bodies = {"identity": missing.get_data()} if pack else compress(missing.get_data(), missing.mimetype,
                                                                     cache=store.cache)
    written += _save(destination / "404.html", bodies)
    for served in sorted(site.static_names.values()):
        for twin in (served,) if pack else (served, served + ".gz", served + ".br"):
            if (site.assets_dir / twin).exists():
                (destination / "static" / twin).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site.assets_dir / twin, destination / "static" / twin)
                written += 1
    return written


def _write_pack(task: tuple[str, str, str]) -> None:
    """One offline pack's folder and its archives, in a process of its own (forked: it inherits the app)."""
    pack, folder, downloads = task
    site: Site = _APP.extensions["pocketrights"]
    Path(folder).mkdir()
    _write_files(_APP, site, Path(folder), pack)
    icon = (_APP.config["STATIC_DIR"] / "icon.svg").read_bytes()
    packs.archive(pack, Path(folder), Path(downloads), list(site.languages), icon, law_as_of(site.content))


@contextmanager
def _packs_meanwhile(app: Flask, site: Site, destination: Path) -> Iterator[Callable[[], int]]:
    """Write every offline pack (a language code each, "*" for all, the largest first) in parallel while
    the block runs; it calls what this yields to wait for them (a pack that fails stops the export) and
    learn how many archives they made in destination/downloads/."""
    global _APP
    _APP = app
    work = Path(tempfile.mkdtemp(prefix=".packs-", dir=destination))
    downloads = destination / packs.DOWNLOADS
    downloads.mkdir()
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"))
    try:
        jobs = [pool.submit(_write_pack, (pack, str(work / ("all" if pack == "*" else pack)), str(downloads)))
                for pack in ["*", *site.languages]]

        def wait() -> int:
            for job in jobs:
                job.result()  # a page that did not render in a pack stops the export here
            return len(packs.sizes(downloads))

        yield wait
    finally:
        pool.shutdown(cancel_futures=True)
        shutil.rmtree(work)
