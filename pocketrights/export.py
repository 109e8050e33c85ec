"""The static export: every page of every language as files that work from disk or any host."""

from __future__ import annotations

import shutil
import tempfile
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
    bodies = stored.bodies if stored else compress(response.get_data(), response.mimetype)
    return _save(destination / (path + "index.html" if path.endswith("/") or not path else path), bodies)


def _in_pack(path: str, pack: str) -> bool:
    """Whether an offline pack holds a path: its language's pages and the English originals they link to
    ("*": every language), never the pages about packs nor the translators' status page."""
    if path.endswith(LISTING_PAGES) or path.startswith(("robots.txt", "sitemap", STATUS_PAGE)):
        return False
    return pack == "*" or path in ("", "sw.js") or path.split("/")[0] in (pack, SOURCE_LANGUAGE)


def _write(app: Flask, site: Site, destination: Path, pack: str = "", printing: bool = False) -> int:
    """Every page and file, from the same store of rendered pages the server answers from.

    With `pack` (a language code, or "*"), the files of an offline pack instead: pages that link only
    to what the pack holds.
    """
    (destination / MARKER).write_text("Written by `flask --app app export`; the next export replaces it.\n")
    site_url = app.config["SITE_URL"]
    root = (urlsplit(site_url).path or "/") if site_url else "/"
    environ = {EXPORT_FLAG: root, **({PACK_FLAG: pack} if pack else {}), **({} if printing else {NO_PRINTS_FLAG: "1"})}
    client = app.test_client()
    store = app.extensions["pocketrights.store"]
    written = 0
    paths = [path for path, _slug in pages(site, printing)] + files(site, site_url)
    listings = [path for path in paths if path.endswith(LISTING_PAGES)]  # written once the files they list exist
    for path in [path for path in paths if (_in_pack(path, pack) if pack else path not in listings)]:
        written += _save_page(client, store, destination, path, root, environ)
    missing = client.get(MISSING_PAGE, environ_base=environ)
    written += _save(destination / "404.html", compress(missing.get_data(), missing.mimetype))
    for served in sorted(site.static_names.values()):
        for twin in (served, served + ".gz", served + ".br"):
            if (site.assets_dir / twin).exists():
                (destination / "static" / twin).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site.assets_dir / twin, destination / "static" / twin)
                written += 1
    if pack:
        return written
    (destination / "_headers").write_text(headers_file(app.config["HSTS"], list(site.languages),
                                                       app.config["PAGE_MAX_AGE"], app.config["ONION_URL"],
                                                       site.style_hash),
                                          encoding="utf-8")
    written += _write_packs(app, site, destination)
    if printing:
        written += print_files.copy_into(app, destination, list(site.languages))
    listed = {**environ, PACKS_FOLDER: str(destination), print_files.PRINTS_FOLDER: str(destination)}
    for path in listings:
        written += _save_page(client, store, destination, path, root, listed)
    return written + 1


def _write_packs(app: Flask, site: Site, destination: Path) -> int:
    """The offline packs (a ZIP per language, one of everything, a ZIM) into destination/downloads/."""
    work = Path(tempfile.mkdtemp(prefix=".packs-", dir=destination))
    try:
        folders = {}
        for pack in [*site.languages, "*"]:
            folders[pack] = work / ("all" if pack == "*" else pack)
            folders[pack].mkdir()
            _write(app, site, folders[pack], pack)
        icon = (app.config["STATIC_DIR"] / "icon.svg").read_bytes()
        return len(packs.build(destination / packs.DOWNLOADS, folders, icon, law_as_of(site.content)))
    finally:
        shutil.rmtree(work)
