"""The PDFs as files: made once per version of the site into a cache (in parallel when there are many),
served at /<lang>/print/<name>.pdf, listed with their sizes on each language's print page, and copied
by the export into <lang>/print/."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, render_template, request, send_file

from . import prints
from .store import cache_folder
from .urls import page_path
from .views import EXPORT_FLAG, begin, language_or_404, site

bp = Blueprint("print_files", __name__)
PRINT_PAGE = "print"
PRINTS_FOLDER = "pocketrights.prints"  # WSGI environ key: the export being written, whose PDFs the page lists
_LOCK = threading.Lock()
_APP: Flask | None = None  # the app a forked builder process makes PDFs with


def cache_root(app: Flask) -> Path:
    """Where this version of the site keeps its PDFs: PRINT_CACHE, by default .cache/print in the project
    (or a private temporary folder where the project cannot be written), one folder per version."""
    configured = app.config.get("PRINT_CACHE")
    if not configured:
        configured = cache_folder("print") or tempfile.mkdtemp(prefix="pocketrights-print-")
        app.config["PRINT_CACHE"] = configured
    return Path(configured) / app.extensions["pocketrights.fingerprint"][:16]


def cached(app: Flask, lang: str, name: str) -> Path:
    return cache_root(app) / lang / name


def _save(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: a reader never sees half a PDF


def _make_one(task: tuple[str, str]) -> tuple[str, str, bytes]:
    lang, name = task
    with _APP.app_context():
        doc = next(doc for doc in prints.catalogue() if doc.name == name)
    return lang, name, prints.make(_APP, lang, doc)


def build(app: Flask, languages: list[str], jobs: int | None = None,
          only: list[str] | None = None) -> dict[tuple[str, str], Path]:
    """Every PDF of these languages (or `only` those named), made where not already cached, in parallel;
    (lang, name) -> file."""
    global _APP
    with app.app_context():
        names = [doc.name for doc in prints.catalogue() if only is None or doc.name in only]
    files = {(lang, name): cached(app, lang, name) for lang in languages for name in names}
    missing = [task for task, path in files.items() if not path.exists()]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if jobs == 1:
        for lang, name in missing:
            with app.app_context():
                doc = next(doc for doc in prints.catalogue() if doc.name == name)
            _save(files[(lang, name)], prints.make(app, lang, doc))
        return files
    _APP = app  # the forked processes inherit the app, its content and its fonts: nothing is read twice
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        for lang, name, data in pool.map(_make_one, missing, chunksize=4):
            _save(files[(lang, name)], data)
    return files


def copy_into(app: Flask, destination: Path, languages: list[str]) -> int:
    """The export's <lang>/print/*.pdf, from the cache (made first where missing)."""
    started = time.monotonic()
    files = build(app, languages)
    for (lang, name), path in files.items():
        target = destination / page_path(lang, PRINT_PAGE) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    app.logger.info("PDFs for %d language(s) in %.0f s", len(languages), time.monotonic() - started)
    return len(files)


def listed_sizes(lang: str) -> dict[str, int]:
    """Sizes of the PDFs this page can promise: those of the export being written, or those already made."""
    folder = (Path(request.environ[PRINTS_FOLDER]) / page_path(lang, PRINT_PAGE) if request.environ.get(PRINTS_FOLDER)
              else cached(current_app._get_current_object(), lang, "x").parent)
    return {path.name: path.stat().st_size for path in folder.glob("*.pdf")} if folder.is_dir() else {}


@bp.get(f"/<lang>/{PRINT_PAGE}/")
def print_page(lang: str):
    if not current_app.config["PRINTS"]:
        abort(404)
    language = language_or_404(lang)
    begin(language, page_path(lang, PRINT_PAGE), lambda code: page_path(code, PRINT_PAGE))
    content = site().content
    docs = prints.catalogue()
    titles = {slug: content.text(lang, slug)[0] for slug in content.guides}
    return render_template("print_page.html", docs=docs, sizes=listed_sizes(lang), titles=titles,
                           papers=prints.PAPER_LABELS, guides=list(content.guides.values()))


@bp.get(f"/<lang>/{PRINT_PAGE}/<name>")
def print_file(lang: str, name: str):
    if not current_app.config["PRINTS"] or request.environ.get(EXPORT_FLAG):
        abort(404)  # the export writes these files itself
    language_or_404(lang)
    doc = next((doc for doc in prints.catalogue() if doc.name == name), None)
    if doc is None:
        abort(404)
    app = current_app._get_current_object()
    path = cached(app, lang, name)
    if not path.exists():
        with _LOCK:  # one request makes it; the others wait for it
            if not path.exists():
                _save(path, prints.make(app, lang, doc))
    return send_file(path, mimetype="application/pdf", max_age=3600, conditional=True)
