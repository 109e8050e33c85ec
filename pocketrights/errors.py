"""Friendly, localized error pages: never a bare traceback, never a stack of English."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .languages import ranked, reader_accept
from .urls import Linker
from .views import EXPORT_FLAG, site


def _error_language():
    """The page's language when the URL named a real one, else the reader's best match."""
    languages = site().languages
    first = request.path.strip("/").split("/", 1)[0]
    if first in languages:
        return languages[first]
    g.language_from_header = True  # the page depends on Accept-Language: caches must know
    return ranked(languages, reader_accept(request.headers.get("Accept-Language")))[0]


def render_error(code: int):
    g.language = _error_language()
    g.switch = []
    # exported error pages are served at any depth: link from the site's root path
    g.link = Linker(here="", base=request.environ.get(EXPORT_FLAG) or (request.script_root + "/"))
    return render_template("error.html", code=code), code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return render_error(InternalServerError.code)
