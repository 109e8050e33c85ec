"""A page the export renders for the site is kept as a one-language pack has it too, and is that page exactly."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_CONTENT, make_app

from pocketrights.pack_copy import PACK_TOO_FLAG
from pocketrights.serving import environ_key
from pocketrights.views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG

SITE = {EXPORT_FLAG: "/", NO_PRINTS_FLAG: "1"}


def kept_for_pack(app, path: str, pack: str) -> bytes | None:
    stored = app.extensions["pocketrights.store"].get(environ_key({**SITE, PACK_FLAG: pack}, path))
    return stored.bodies["identity"] if stored else None


@pytest.mark.parametrize("path, pack", [("/es/door/", "es"), ("/es/card/", "es"), ("/es/phrases/", "es"),
                                        ("/es/changes/", "es"), ("/en/door/", "en"), ("/ar/quick/", "ar")])
def test_the_copy_kept_for_a_pack_is_the_page_the_pack_would_render(path, pack):
    app = make_app(FIXTURE_CONTENT)
    site_page = app.test_client().get(path, environ_base={**SITE, PACK_TOO_FLAG: pack}).get_data()
    copy = kept_for_pack(app, path, pack)
    assert copy is not None, "no copy was kept"
    fresh = make_app(FIXTURE_CONTENT).test_client().get(path, environ_base={**SITE, PACK_FLAG: pack}).get_data()
    assert copy == fresh
    assert copy != site_page  # the language menu differs


def test_pages_that_differ_elsewhere_in_a_pack_are_left_to_be_rendered_in_full():
    app = make_app(FIXTURE_CONTENT)
    app.test_client().get("/es/", environ_base={**SITE, PACK_TOO_FLAG: "es"})  # a home links to the packs online
    assert kept_for_pack(app, "/es/", "es") is None


def test_the_server_keeps_no_copy():
    app = make_app(FIXTURE_CONTENT)
    app.test_client().get("/es/door/", environ_base=SITE)
    assert kept_for_pack(app, "/es/door/", "es") is None


def test_inside_one_app_context_a_page_never_takes_the_previous_pages_template_for_its_own():
    app = make_app(FIXTURE_CONTENT)
    with app.app_context():  # as under `flask --app app export`: requests share g
        client = app.test_client()
        client.get("/es/door/", environ_base={**SITE, PACK_TOO_FLAG: "es"})
        assert client.get("/es/offline/", environ_base={**SITE, PACK_TOO_FLAG: "es"}).status_code == 200
    assert kept_for_pack(app, "/es/offline/", "es") is None


def test_a_site_that_links_to_pdfs_still_gives_the_copy_its_pack_asks_for():
    """The export's site pages link to PDFs when it makes them; a pack's never do (its key says so)."""
    app = make_app(FIXTURE_CONTENT)
    app.test_client().get("/es/door/", environ_base={EXPORT_FLAG: "/", PACK_TOO_FLAG: "es"})
    assert kept_for_pack(app, "/es/door/", "es") is not None
