"""Offline on a phone: what each language saves, its web-app manifest, the service worker, the offline page."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import segno
from flask import Blueprint, abort, current_app, g, render_template, request, send_from_directory
from flask_babel import gettext
from markupsafe import Markup

from . import packs
from .currency import currency_problems, law_as_of
from .errors import render_error
from .sitemaps import language_pages
from .urls import page_path
from .views import EXPORT_FLAG, begin, exporting, language_or_404, linked_languages, site

bp = Blueprint("offline", __name__)
OFFLINE_PAGE = "offline"
PACKS_FOLDER = "pocketrights.packs"  # WSGI environ key: the export being written, whose packs a page lists
THEME = "#b00020"
STATIC_SAVED = ("icon.svg", "icon-192.png", "icon-512.png", "icon-maskable-192.png", "icon-maskable-512.png",
                "tools.js", "offline.js")
FINGERPRINTED = ("content", "translations", "templates", "pocketrights", "static")
ROOT = Path(__file__).resolve().parent.parent


def fingerprint(config) -> str:
    """A hash of everything pages are made from: when any of it changes, phones save the new set."""
    digest = hashlib.sha256()
    folders = [config["CONTENT_DIR"], config["TRANSLATIONS_DIR"], config["STATIC_DIR"],
               ROOT / "templates", ROOT / "pocketrights"]
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    settings = ("SITE_URL", "HOTLINE_NUMBER", "HOTLINE_NAME", "GROUP_FILE", "LEGAL_HELP_URL", "REVIEW_MAX_AGE_DAYS",
                "ONION_URL")
    digest.update(json.dumps([str(config.get(name)) for name in settings]).encode())
    group_file = Path(config["GROUP_FILE"]) if config.get("GROUP_FILE") else None
    if group_file and group_file.is_file():
        digest.update(group_file.read_bytes())
    return digest.hexdigest()


def page_url(path: str) -> str:
    """A page's address from the site root, as links in this variant spell it (index.html on disk)."""
    return path + "index.html" if exporting() and (path.endswith("/") or not path) else path


def saved_set(code: str) -> list[str]:
    """Every address one language saves: its pages (its offline page among them) and its files. Other
    languages' offline pages are not saved: the set would grow with every language, and offline the
    service worker answers a language never saved with this language's offline page instead."""
    pages = [path for path, _slug in language_pages(site(), code, current_app.config["PRINTS"])]
    pages.append(page_path(code, OFFLINE_PAGE))
    files = [f"{code}/manifest.webmanifest"]
    files += ["static/" + site().static_names[name] for name in STATIC_SAVED if name in site().static_names]
    return [page_url(path) for path in pages] + files


@bp.get("/<lang>/offline.json")
def listing(lang: str):
    """What the service worker saves for a language, and a version that changes with any of it."""
    language_or_404(lang)
    urls = saved_set(lang)
    # Pages are made from the site's files and settings, and change on their own only when a review
    # grows old enough for a notice: hash exactly that, so a version changes when and only when the set does.
    stale = [str(problem) for problem in currency_problems(site().content, current_app.config["REVIEW_MAX_AGE_DAYS"])]
    version = hashlib.sha256(json.dumps([current_app.extensions["pocketrights.fingerprint"], stale, urls])
                             .encode()).hexdigest()[:16]
    body = {"lang": lang, "version": version, "reviewed": law_as_of(site().content).isoformat(), "urls": urls}
    return current_app.response_class(json.dumps(body, indent=1), mimetype="application/json")


@bp.get("/<lang>/manifest.webmanifest")
def manifest(lang: str):
    language = language_or_404(lang)
    begin(language, f"{lang}/")
    content = site().content
    shortcut_pages = [guide for guide in content.guides.values() if guide.kind in ("card", "urgent")][:2]
    icons = [{"src": g.link("static/" + site().static_names["icon.svg"]), "sizes": "any", "type": "image/svg+xml"}]
    for name in STATIC_SAVED:
        if name.endswith(".png") and name in site().static_names:
            size = name.rsplit("-", 1)[1].removesuffix(".png")
            icons.append({"src": g.link("static/" + site().static_names[name]), "sizes": f"{size}x{size}",
                          "type": "image/png", "purpose": "maskable" if "maskable" in name else "any"})
    body = {
        "name": f"Pocket Rights: {gettext('Know your rights')}",
        "short_name": gettext("Know your rights"),
        "description": gettext("Know your rights if immigration agents stop you: short guides in your language."),
        # Addresses are relative to the manifest, which is in the language's folder /<lang>/.
        "lang": lang, "dir": language.direction, "start_url": "index.html" if exporting() else "./", "scope": "./",
        "display": "standalone", "theme_color": THEME, "background_color": "#ffffff", "icons": icons,
        "shortcuts": [{"name": content.text(lang, guide.slug)[0].title, "url": g.link(page_path(lang, guide.slug))}
                      for guide in shortcut_pages],
    }
    return current_app.response_class(json.dumps(body, ensure_ascii=False, indent=1),
                                      mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the site's root so that its scope is the whole site."""
    script = (current_app.config["STATIC_DIR"] / "sw.js").read_text(encoding="utf-8")
    response = current_app.response_class(script, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"  # a new version is noticed at once
    return response


@bp.get("/<lang>/offline/")
def offline_page(lang: str):
    language = language_or_404(lang)
    begin(language, page_path(lang, OFFLINE_PAGE), lambda code: page_path(code, OFFLINE_PAGE))
    content = site().content
    links = [(guide, content.text(lang, guide.slug)[0]) for guide in content.guides.values()
             if guide.kind in ("urgent", "card")]
    return render_template("offline.html", links=links, saved_languages=linked_languages(), robots="noindex")


def offline_paths(codes: Iterable[str]) -> list[str]:
    """What the static export writes for offline use, beside the pages: the worker and each language's files."""
    paths = ["sw.js"]
    for code in codes:
        paths += [f"{code}/offline.json", f"{code}/manifest.webmanifest", page_path(code, OFFLINE_PAGE),
                  f"{code}/pocket-rights-{code}.html"]
    return paths


def server_downloads(app) -> Path | None:
    """The packs on a server: made once, from an export of this app into a private folder (None while a
    background process is still making them)."""
    from .export import export
    return app.extensions["pocketrights.packs"].downloads(
        lambda folder: export(app, folder, allow_problems=True, prints=False))


def downloads_folder() -> Path | None:
    """Where the packs are: the export being written, or (on the server) the packs made once."""
    if request.environ.get(PACKS_FOLDER):
        return Path(request.environ[PACKS_FOLDER]) / packs.DOWNLOADS
    return server_downloads(current_app._get_current_object())


@bp.get("/<lang>/take-offline/")
def take_offline(lang: str):
    language = language_or_404(lang)
    begin(language, page_path(lang, packs.TAKE_OFFLINE), lambda code: page_path(code, packs.TAKE_OFFLINE))
    folder = downloads_folder()
    sizes = packs.sizes(folder) if folder else {}
    single = folder.parent / lang / f"pocket-rights-{lang}.html" if folder else None
    site_url = current_app.config["SITE_URL"]
    qr = Markup(segno.make(site_url, error="m").svg_inline(scale=4, dark="#000", light="#fff",
                                                            omitsize=True)) if site_url else None
    return render_template("take_offline.html", sizes=sizes, ready=folder is not None,
                           single_size=single.stat().st_size if single and single.exists() else 0,
                           single=f"{lang}/pocket-rights-{lang}.html", zip_one=packs.zip_name(lang),
                           zip_all=packs.zip_name(), zim=packs.ZIM_NAME, qr=qr, site_url=site_url)


@bp.get("/downloads/<name>")
def download(name: str):
    if request.environ.get(EXPORT_FLAG):
        abort(404)  # the export writes these files itself
    folder = downloads_folder()
    if folder is None:  # still being made in the background: try again soon
        body, code = render_error(503)
        return body, code, {"Retry-After": "60"}
    return send_from_directory(folder, name, as_attachment=True, max_age=3600)
