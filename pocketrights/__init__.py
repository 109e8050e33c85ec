"""Pocket Rights: know-your-rights guides in many languages, served by Flask and exported as files."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g, request
from flask_babel import Babel
from jinja2 import Environment, FileSystemBytecodeCache
from whitenoise import WhiteNoise

from . import (
    assets,
    commands,
    currency,
    dashboard,
    errors,
    group,
    offline,
    packs,
    print_files,
    serving,
    single,
    site,
    views,
)
from .catalogs import CatalogDomain
from .checks import NO_HOTLINE
from .languages import Language, formatted_date, ranked, reader_accept
from .security import SecurityHeaders, enabled
from .store import cache_folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {
    "CONTENT_DIR": ROOT / "content",
    "TRANSLATIONS_DIR": ROOT / "translations",
    "STATIC_DIR": ROOT / "static",
    "ASSETS_DIR": None,  # where hashed static files are written; a temporary folder when unset
    "SITE_URL": "",  # e.g. https://example.org/rights/ : makes canonical and hreflang links absolute
    "HSTS": False,  # send Strict-Transport-Security (only behind HTTPS)
    "ONION_URL": "",  # e.g. http://<56 letters>.onion/ : sent as Onion-Location so Tor Browser offers it
    "TRUSTED_HOSTS": None,  # host names the site answers to; the SITE_URL host (and loopback) when unset
    # No default number: none could be confirmed as staffed today. Pages show a placeholder until a group sets its own.
    "GROUP_FILE": "",  # the group's name, hotlines and website, in TOML (see pocketrights/group.py)
    "HOTLINE_NAME": "",
    "HOTLINE_NUMBER": "",
    "LEGAL_HELP_URL": "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers",
    "PAGE_MAX_AGE": 600,
    "PRINTS": True,  # make PDFs (cards, booklets, zine): the print pages, /<lang>/print/*.pdf, and in the export
    "COMPRESSION_CACHE": True,  # keep brotli and gzip bytes in .cache/compressed between runs (where it can be written)
    "PRINT_CACHE": "",  # where PDFs are kept once made; by default .cache/print, or a private temporary folder
    "REVIEW_MAX_AGE_DAYS": currency.DEFAULT_MAX_AGE_DAYS,  # older reviews: a notice on the page, a warning in checks
}


def trusted_hosts(config: dict) -> list[str] | None:
    """Host names to answer to: POCKETRIGHTS_TRUSTED_HOSTS (comma-separated), else the SITE_URL host."""
    value = config["TRUSTED_HOSTS"]
    if isinstance(value, str):
        value = [host.strip() for host in value.split(",") if host.strip()]
    if not value and config["SITE_URL"]:
        value = [urlsplit(config["SITE_URL"]).hostname]
    return [*value, "localhost", "127.0.0.1", "[::1]"] if value else None


def compile_options(env: Environment) -> str:
    """A name for the options templates are compiled with: Jinja's bytecode cache checks each template
    against its source and Jinja's version, not against these, so each set gets a folder of its own."""
    options = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
               sorted(env.extensions))
    return hashlib.sha256(repr(options).encode()).hexdigest()[:16]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: read all content once, then serve it (or export it) from memory."""
    app = Flask(__name__, static_folder=None, template_folder=str(ROOT / "templates"))
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("POCKETRIGHTS")
    app.config.update(config or {})
    app.config["REVIEW_MAX_AGE_DAYS"] = int(app.config["REVIEW_MAX_AGE_DAYS"])
    for key in ("CONTENT_DIR", "TRANSLATIONS_DIR", "STATIC_DIR"):
        app.config[key] = Path(app.config[key])
    if app.config["SITE_URL"] and not app.config["SITE_URL"].endswith("/"):
        app.config["SITE_URL"] += "/"
    app.config["HSTS"] = enabled(app.config["HSTS"])
    app.config["PRINTS"] = enabled(app.config["PRINTS"])
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    onion = urlsplit(app.config["ONION_URL"])
    if onion.geturl() and not (onion.scheme in ("http", "https") and (onion.hostname or "").endswith(".onion")):
        raise ValueError(f"POCKETRIGHTS_ONION_URL must be an http://….onion/ address, not {app.config['ONION_URL']!r}")
    built = site.build(app.config["CONTENT_DIR"], app.config["TRANSLATIONS_DIR"],
                       app.config["STATIC_DIR"], app.config["ASSETS_DIR"] and Path(app.config["ASSETS_DIR"]))
    app.extensions["pocketrights"] = built
    if built.problems:
        app.logger.warning("%d content problem(s); `flask --app app check` lists them", len(built.problems))
    try:
        app.extensions["pocketrights.group"] = group.load(app.config)
    except group.GroupError as error:  # serve the guides anyway, with the placeholder; `make check` fails
        app.logger.error("%s", error)
        app.extensions["pocketrights.group"] = group.Group()
    if not app.extensions["pocketrights.group"].hotlines:
        app.logger.warning("%s", NO_HOTLINE)

    def current_language() -> Language:
        """The page's language, or (before one is chosen, e.g. on an error) the reader's best match."""
        chosen = g.get("language")  # asked for on every UI string: the header is read only when none is
        return chosen or ranked(built.languages, reader_accept(request.headers.get("Accept-Language")))[0]

    babel = Babel(app, locale_selector=lambda: current_language().babel_code)
    babel.domain_instance = domain = CatalogDomain(built.catalogs, lambda: current_language().code)  # from .po files
    app.jinja_env.install_gettext_callables(  # as flask-babel's, but straight to our one domain: a page asks dozens
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n), newstyle=True)
    app.jinja_env.filters["dateformat"] = lambda day, format="medium": formatted_date(day, format,
                                                                                      current_language().babel_code)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    compiled = cache_folder(f"templates/{compile_options(app.jinja_env)}")  # kept between starts
    if compiled:
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
    app.register_blueprint(offline.bp)  # before views: /<lang>/offline/ is not a guide
    app.register_blueprint(single.bp)
    app.register_blueprint(print_files.bp)  # before views: /<lang>/print/ is not a guide
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(views.bp)
    app.extensions["pocketrights.fingerprint"] = offline.fingerprint(app.config)
    app.extensions["pocketrights.packs"] = packs.ServerPacks()
    errors.register(app)
    commands.register(app)

    app.extensions["pocketrights.store"] = serving.register(app)
    app.wsgi_app = serving.StoredPages(app.wsgi_app, app.extensions["pocketrights.store"], app.config["TRUSTED_HOSTS"])

    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=built.assets_dir, prefix="static/", max_age=3600, allow_all_origins=False,
        immutable_file_test=lambda path, url: assets.is_hashed(url.removeprefix("/static/"),
                                                                 built.static_names),
    )
    app.wsgi_app = SecurityHeaders(app.wsgi_app, hsts=app.config["HSTS"], style_hash=built.style_hash)
    return app
