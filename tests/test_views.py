import re

import pytest
from conftest import FIXTURE_CONTENT, LANGUAGES, make_app
from flask import request

PAGES = ["", "quick/", "door/", "card/", "phrases/"]


def html_attrs(body: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', body)
    return match.group(1), match.group(2)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_every_language(client, lang, page):
    response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert html_attrs(body) == (lang, "rtl" if lang == "ar" else "ltr")
    assert "<main id=\"main\">" in body


def test_ui_strings_are_translated(client):
    assert "Haga esto ahora" in client.get("/es/door/").get_data(as_text=True)
    assert "اعرف حقوقك" in client.get("/ar/").get_data(as_text=True)


def test_home_puts_the_words_the_card_and_the_urgent_guide_before_the_guides(client):
    body = client.get("/es/").get_data(as_text=True)
    order = ['class="say-first"', "I am using my right to remain silent.",
             "Estoy usando mi derecho a guardar silencio.", 'class="hotline', 'class="show-card" href="../es/card/"',
             'class="urgent" href="../es/quick/"', 'href="../es/door/"']
    positions = [body.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_guide_page_parts_in_order(client):
    body = client.get("/en/door/").get_data(as_text=True)
    order = ["Do this now", 'class="hotline', 'id="warrant"', "I do not consent to a search.", "Contested or changing",
             "Depends on: <bdi", 'class="sources"', "Law as of November 1, 2026", "What changed in this guide",
             "An ICE memo was made public.", "This is not legal advice."]
    positions = [body.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_phrase_is_bilingual_for_readers_of_other_languages(client):
    body = client.get("/es/door/").get_data(as_text=True)
    assert '<p class="say-en" lang="en" dir="ltr">I do not consent to a search.</p>' in body
    assert '<p class="say-local" lang="es" dir="ltr">No doy permiso para un registro.</p>' in body


SITE = "https://rights.example.org/"


@pytest.fixture(scope="module")
def public():
    """The fixture site as deployed with its public address."""
    return make_app(FIXTURE_CONTENT, SITE_URL=SITE).test_client()


def test_untranslated_guide_shows_english_with_notice_and_english_canonical(public):
    body = public.get("/es/quick/").get_data(as_text=True)
    assert "Esta guía todavía no está traducida" in body
    assert '<article lang="en" dir="ltr" class="urgent-page">' in body
    assert f'<link rel="canonical" href="{SITE}en/quick/">' in body
    assert f'hreflang="es" href="{SITE}es/quick/"' not in body
    assert 'hreflang="en"' not in body.split("</head>")[0]  # not in any hreflang set


def test_translated_guide_has_reciprocal_hreflang_and_status(public):
    spanish = public.get("/es/door/").get_data(as_text=True)
    english = public.get("/en/door/").get_data(as_text=True)
    for body in (spanish, english):
        assert f'<link rel="alternate" hreflang="en" href="{SITE}en/door/">' in body
        assert f'<link rel="alternate" hreflang="es" href="{SITE}es/door/">' in body
        assert f'hreflang="x-default" href="{SITE}"' in body
    assert "Traducción automática" in spanish


def test_switcher_goes_to_the_same_guide(client):
    body = client.get("/es/door/").get_data(as_text=True)
    assert '<a href="../../en/door/" lang="en" hreflang="en"><span dir="ltr">English</span></a>' in body


def test_card_shows_the_officer_english_first_and_the_readers_language_one_tap_away(client):
    body = client.get("/es/card/").get_data(as_text=True)
    officer, statement = body.index('<section class="officer" lang="en" dir="ltr"'), body.index(
        "<p>I am using my right to remain silent.</p>")
    translation = body.index('<details class="translation">')
    assert officer < statement < translation < body.index("<p>Estoy usando mi derecho a guardar silencio.</p>")
    assert 'data-speak="I am using my right to remain silent. I do not consent to a search."' in body
    assert '<script src="../../static/tools.' in body and "defer" in body


def test_chooser_lists_every_language_in_its_own_name_best_first(client):
    body = client.get("/", headers={"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"}).get_data(as_text=True)
    choices = body.split('<ul class="choices">')[1]
    names = re.findall(r'<li(?: class="script")?><a href="([\w-]+)/" lang="[\w-]+" hreflang="[\w-]+">'
                       r'<span dir="(\w+)">([^<]+)</span></a>', choices)
    languages = client.application.extensions["pocketrights"].languages
    assert names[0] == ("ar", "rtl", "العربية") and names[1:3] == [("en", "ltr", "English"), ("es", "ltr", "Español")]
    assert sorted(code for code, _, _ in names) == sorted(languages)
    assert html_attrs(body) == ("ar", "rtl")


@pytest.mark.parametrize("header", ["", "*", "zz", "es;q=banana", "a" * 4000, ",,,;;;", "en-US;q=0.1, es;q=1"])
def test_chooser_never_redirects_and_survives_odd_headers(client, header):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 200
    assert "Vary" in response.headers and "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("path, text", [
    ("/es/no-such-guide/", "Página no encontrada"),
    ("/ar/no-such-guide/", "الصفحة غير موجودة"),
    ("/xx/", "Page not found"),
    ("/zz-top/door/", "Page not found"),
])
def test_unknown_language_or_guide_is_a_localized_404(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_404_for_unknown_language_follows_accept_language(client):
    response = client.get("/xx/", headers={"Accept-Language": "es"})
    assert "Página no encontrada" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/en/../../etc/passwd", "/en/..%2f..%2fetc%2fpasswd/", "/static/../app.py", "/static/..%2fapp.py",
    "/en/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cwindows/", "/en/door/%00/", "/en/%ff/", "/static/style.css",
    "/en/phrases.yaml", "/content/en/door.md", "/en/DOOR/",
])
def test_path_traversal_and_odd_paths_are_404(client, path):
    assert client.get(path, follow_redirects=True).status_code == 404


def test_wrong_method_is_a_friendly_4xx(client):
    response = client.post("/es/door/")
    assert response.status_code == 405
    assert "No entendemos la dirección o la solicitud." in response.get_data(as_text=True)


def test_unexpected_error_is_a_localized_500():
    app = make_app(FIXTURE_CONTENT)

    @app.get("/es/boom/")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/es/boom/")
    assert response.status_code == 500
    assert "Algo salió mal" in response.get_data(as_text=True)


def test_html_is_gzipped_when_asked(client):
    response = client.get("/en/door/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_sitemap_is_served_only_with_a_public_address(public, client):
    response = public.get("/sitemap.xml")
    assert response.status_code == 200 and f"<loc>{SITE}sitemaps/es.xml</loc>" in response.get_data(as_text=True)
    assert f"<loc>{SITE}es/door/</loc>" in public.get("/sitemaps/es.xml").get_data(as_text=True)
    assert public.get("/sitemaps/xx.xml").status_code == 404
    assert client.get("/sitemap.xml").status_code == 404  # no SITE_URL: no address to give
    assert client.get("/sitemaps/es.xml").status_code == 404
    assert client.get("/robots.txt").get_data(as_text=True) == "User-agent: *\nAllow: /\n"
    assert f"Sitemap: {SITE}sitemap.xml" in public.get("/robots.txt").get_data(as_text=True)


def test_pages_are_rendered_once_and_revalidated_with_their_etag(app):
    client = app.test_client()
    store = app.extensions["pocketrights.store"]
    first = client.get("/es/door/", headers={"Accept-Encoding": "br, gzip"})
    assert first.headers["Content-Encoding"] == "br" and "Accept-Encoding" in first.headers["Vary"]
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith('W/')  # strong
    size = len(store)
    again = client.get("/es/door/", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and len(store) == size
    plain = client.get("/es/door/?utm_source=x")  # a query string is not a new page
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers and len(store) == size
    assert plain.headers["ETag"] != etag and client.get("/es/door/", headers={"If-None-Match": plain.headers["ETag"]}
                                                         ).status_code == 304
    gz = client.get("/es/door/", headers={"Accept-Encoding": "gzip"})
    import gzip as gzip_module
    assert gzip_module.decompress(gz.get_data()) == plain.get_data()


@pytest.mark.parametrize("accept", ["", "gzip", "br, gzip", "gzip, deflate, br, zstd", "identity", "GZIP",
                                    "gzip;q=0, br;q=0", "*"])
def test_a_kept_page_is_answered_before_flask_exactly_as_flask_answers_it(accept):
    app = make_app(FIXTURE_CONTENT, SITE_URL=SITE)
    entered = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: entered.append(request.path))  # first of all
    client = app.test_client()
    headers = {"Accept-Encoding": accept} if accept else {}
    rendered = client.get("/es/door/", headers=headers)
    for method in (client.get, client.head):
        kept = method("/es/door/", headers=headers)
        assert kept.status_code == rendered.status_code and sorted(kept.headers.items()) == sorted(
            rendered.headers.items())
        assert kept.get_data() == (rendered.get_data() if method == client.get else b"")
    assert client.get("/es/door/", headers={**headers, "If-None-Match": rendered.headers["ETag"]}).status_code == 304
    assert entered == ["/es/door/"]  # rendered once; every later answer came from the store, in front of Flask
    assert client.get("/es/door/", headers={"Host": "evil.example"}).status_code == 400  # still refused


@pytest.mark.parametrize("host", ["evil.example", "rights.example.org.evil.example", "a b", "[::1"])
def test_a_hostile_host_header_never_reaches_a_page(host):
    """Without SITE_URL links are relative; with it, other hosts are refused (400), never echoed."""
    for app in (make_app(FIXTURE_CONTENT), make_app(FIXTURE_CONTENT, SITE_URL=SITE)):
        client = app.test_client()
        for path in ("/", "/en/door/", "/en", "/nowhere/", "/sitemap.xml"):
            response = client.get(path, headers={"Host": host})
            assert host not in response.get_data(as_text=True) and host not in response.headers.get("Location", "")
            assert response.status_code < 500
    assert make_app(FIXTURE_CONTENT, SITE_URL=SITE).test_client().get("/en/", headers={"Host": host}).status_code == 400


def test_redirects_are_relative(client):
    response = client.get("/en/door", headers={"Host": "evil.example"})
    assert response.status_code == 308 and response.headers["Location"] == "/en/door/"


def test_errors_are_never_cached_publicly_and_vary_by_language_when_chosen_by_it(client):
    missing = client.get("/xx/nowhere/", headers={"Accept-Language": "es"})
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"
    assert "Accept-Language" in missing.headers["Vary"] and "Página no encontrada" in missing.get_data(as_text=True)
    assert client.post("/en/").headers["Cache-Control"] == "no-store"
    page = client.get("/en/door/")
    assert page.headers["Cache-Control"].startswith("public") and "Accept-Language" not in page.headers.get("Vary", "")


def test_home_says_when_some_guides_are_still_in_english(client):
    assert "Algunas guías todavía no están traducidas" in client.get("/es/").get_data(as_text=True)
    assert "not yet translated" not in client.get("/en/").get_data(as_text=True)


def test_legal_help_link_goes_to_the_configured_address(content_copy):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text() + "\nFind [free legal help](legal-help).\n")
    app = make_app(content_copy, LEGAL_HELP_URL="https://legal-aid.example.org/")
    body = app.test_client().get("/en/quick/").get_data(as_text=True)
    assert '<a href="https://legal-aid.example.org/" rel="noreferrer">free legal help</a>' in body


def test_a_second_start_compiles_no_template(monkeypatch):
    """Templates compiled once are kept in .cache/templates (Jinja checks each against its source)."""
    from jinja2 import Environment

    first = make_app(FIXTURE_CONTENT)
    assert first.jinja_env.bytecode_cache is not None
    assert first.test_client().get("/es/door/").status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("a template was compiled again")
    monkeypatch.setattr(Environment, "compile", refuse)
    assert make_app(FIXTURE_CONTENT).test_client().get("/es/door/").status_code == 200


def test_templates_compiled_with_other_options_are_kept_apart():
    """Jinja checks a kept template against its source, not against the options it was compiled with."""
    from jinja2 import Environment

    from pocketrights import compile_options

    assert compile_options(Environment(trim_blocks=True)) != compile_options(Environment(trim_blocks=False))
    assert compile_options(Environment()) == compile_options(Environment())
    app = make_app(FIXTURE_CONTENT)
    assert app.jinja_env.bytecode_cache.directory.endswith(compile_options(app.jinja_env))
