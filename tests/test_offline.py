"""Offline, as people use it: the installed web app with the server switched off, the single file from
file:// with no network, the ZIPs unpacked, the ZIM read by Kiwix's own server, the take-offline page.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURE_CONTENT
from helpers import broken_links, serve, site_languages
from servers import free_port, gunicorn

from pocketrights import create_app, packs
from pocketrights import export as export_module
from pocketrights.export import MISSING_PAGE, export
from pocketrights.languages import iso639_3
from pocketrights.views import EXPORT_FLAG, NO_PRINTS_FLAG, PACK_FLAG

playwright_api = pytest.importorskip("playwright.sync_api")
SITE_URL = "https://rights.example.org/"
PRECACHE_BUDGET = 250 * 1024
SINGLE_BUDGET = 200 * 1024
SAVED = "#saved:not([hidden])"



@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The real guides exported as a group would publish them (with a public address)."""
    target = tmp_path_factory.mktemp("offline") / "site"
    export(create_app({"SITE_URL": SITE_URL, "PRINTS": False}), target)
    return target


def fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def forget_http_cache(page) -> None:
    """Empty Chromium's HTTP cache, so that only the service worker's own saved copies can answer."""
    session = page.context.new_cdp_session(page)
    session.send("Network.clearBrowserCache")
    session.detach()


def open_saved(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"


# The installed web app -----------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["gunicorn", "static export"])
def test_a_language_opened_once_opens_whole_with_the_server_gone(browser, exported, tmp_path, host):
    with ExitStack() as running:
        if host == "gunicorn":
            base = running.enter_context(gunicorn(tmp_path / "log"))
        else:
            base = running.enter_context(serve(exported))
        listing = fetch_json(base + "es/offline.json")
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(base + ("es/" if host == "gunicorn" else "es/index.html"))
        page.wait_for_selector(SAVED, timeout=60_000)
        assert listing["reviewed"] in page.inner_html("#saved")  # the day the law was checked
    # The server is gone. Every Spanish page opens: the ones read, and the ones never visited.
    forget_http_cache(page)
    spanish = [url for url in listing["urls"] if url.startswith("es/") and url.endswith(("/", ".html"))
               and "pocket-rights-" not in url]
    assert any("red-card" in url for url in spanish) and len(spanish) > 20
    for url in spanish:
        open_saved(page, base + url)
        assert page.locator("html").get_attribute("lang") == "es", url
        assert page.locator("h1").count() == 1, url
    page.reload()
    assert page.locator("h1").count() == 1
    page.wait_for_selector(SAVED)  # and it says so, offline too
    # A language never opened: the offline page of the language the reader saved, pointing to what is saved.
    open_saved(page, base + ("ar/" if host == "gunicorn" else "ar/index.html"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "No tiene conexión"
    page.wait_for_function("document.querySelector('[data-saved=ar]').hidden")
    saved = [link.inner_text() for link in page.locator("main a[hreflang]:visible").all()]
    assert saved == ["Español"]  # the languages listed are those saved, no other
    page.locator("main a[hreflang]", has_text="Español").click()
    page.wait_for_selector("h1")
    assert page.locator("html").get_attribute("lang") == "es"
    context.close()


def test_an_update_replaces_the_saved_set_whole_and_a_broken_download_changes_nothing(browser, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    port = free_port()
    settings = {"POCKETRIGHTS_CONTENT_DIR": str(content), "POCKETRIGHTS_LEGAL_HELP_URL": "https://help.example/one"}
    context = browser.new_context()
    page = context.new_page()
    with gunicorn(tmp_path / "log1", port=port, **settings) as base:
        page.goto(base + "en/")
        page.wait_for_selector(SAVED, timeout=60_000)
        first = caches_of(page)
        urls = [url for url in fetch_json(base + "en/offline.json")["urls"] if url.endswith("/")]
    assert len(first) == 1 and first[0].startswith("pocketrights-en-")

    # New content and settings: every page changes (the footer's link) and one guide's words.
    door = content / "en" / "door.md"
    door.write_text(door.read_text(encoding="utf-8").replace("\n---\n", "\n---\nVersion two of this guide.\n", 1),
                    encoding="utf-8")
    settings["POCKETRIGHTS_LEGAL_HELP_URL"] = "https://help.example/two"
    with gunicorn(tmp_path / "log2", port=port, **settings) as base:
        # A download cut short (one page of the new set fails) leaves the saved set as it was.
        cut = []
        context.route("**/en/card/", lambda route: (cut.append(route.request.url), route.abort()))
        page.reload()
        wait_until(page, lambda: cut and caches_of(page) == first, "the half-saved set to be dropped")
        forget_http_cache(page)
        open_saved(page, base + "en/quick/")
        assert "https://help.example/one" in page.content()  # still the whole old set
        context.unroute("**/en/card/")
        page.reload()
        wait_until(page, lambda: len(caches_of(page)) == 1 and caches_of(page) != first, "the new set to replace it")
        page.wait_for_selector(SAVED)
    forget_http_cache(page)
    for url in urls:  # offline: every page is the new version, none is left from the old one
        open_saved(page, base + url)
        assert "https://help.example/two" in page.content(), f"{url} is not the new version"
    open_saved(page, base + "en/door/")
    assert "Version two of this guide." in page.content()
    context.close()


def caches_of(page) -> list[str]:
    return sorted(page.evaluate("caches.keys()"))


def wait_until(page, condition, what: str, seconds: float = 60) -> None:
    """Poll `condition`; with a page, wait through Playwright so that its routes keep being answered."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        page.wait_for_timeout(200) if page else time.sleep(0.2)


def test_without_scripts_every_page_works_and_claims_nothing_is_saved(browser, exported):
    with serve(exported) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        for url in ("es/index.html", "es/red-card/index.html", "ar/offline/index.html", "es/take-offline/index.html"):
            open_saved(page, base + url)
            assert page.locator("#saved").is_hidden() and page.locator("h1").count() == 1
        page.goto(base + "es/offline/index.html")  # without the script, the offline page lists everything
        assert page.locator("main a[lang=ar]").is_visible()
        context.close()


def test_the_saved_set_of_each_language_is_small(exported):
    for code in ("en", "es", "ar"):
        listing = json.loads((exported / code / "offline.json").read_text())
        total = 0
        for url in listing["urls"]:
            path = exported / url
            twin = path.with_name(path.name + ".gz")
            total += len(twin.read_bytes() if twin.exists() else gzip.compress(path.read_bytes(), 9))
        print(f"{code}: {len(listing['urls'])} files, {total / 1024:.0f} KB compressed")
        assert total <= PRECACHE_BUDGET, f"{code}: {total} bytes"


def test_each_language_has_a_manifest_with_icons_made_from_the_svg(exported):
    from PIL import Image
    for code, direction in (("en", "ltr"), ("es", "ltr"), ("ar", "rtl")):
        manifest = json.loads((exported / code / "manifest.webmanifest").read_text())
        assert manifest["lang"] == code and manifest["dir"] == direction
        assert manifest["scope"] == "./" and manifest["start_url"] == "index.html"  # relative to /<lang>/manifest
        assert manifest["theme_color"] and manifest["short_name"] and manifest["name"]
        base = exported / code / "manifest.webmanifest"
        sizes = set()
        for icon in manifest["icons"]:
            path = Path(urljoin(base.as_uri(), icon["src"]).removeprefix("file://"))
            assert path.is_file(), icon
            if icon["type"] == "image/png":
                width, height = Image.open(path).size
                assert f"{width}x{height}" == icon["sizes"]
                sizes.add((width, icon["purpose"]))
        assert {(192, "any"), (512, "any"), (192, "maskable"), (512, "maskable")} <= sizes
        shortcuts = [urljoin(base.as_uri(), shortcut["url"]) for shortcut in manifest["shortcuts"]]
        assert any("/red-card/" in url for url in shortcuts) and any("/stopped-now/" in url for url in shortcuts)
    assert json.loads((exported / "es" / "manifest.webmanifest").read_text())["short_name"] == "Conozca sus derechos"


# One file per language -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["en", "es", "ar"])
def test_the_single_file_opens_from_disk_with_no_network_and_every_anchor_leads_somewhere(browser, exported,
                                                                                           tmp_path, code):
    single = exported / code / f"pocket-rights-{code}.html"
    assert single.stat().st_size <= SINGLE_BUDGET, single.stat().st_size
    sent = tmp_path / single.name  # as received through a messaging app: alone, in a downloads folder
    shutil.copyfile(single, sent)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith("file:") else route.abort()))
    page = context.new_page()
    page.goto(sent.as_uri())
    assert [url for url in requests if not url.startswith("file:")] == []
    assert page.locator("html").get_attribute("lang") == code
    text = page.locator("body").inner_text()
    assert SITE_URL in text and page.locator("time").count() >= 1  # its address and the day the law was checked
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # its own stylesheet applies
    failures = page.evaluate("""() => {
      const failures = [];
      for (const link of document.querySelectorAll('a[href]')) {
        const href = link.getAttribute('href');
        if (/^(https?:|tel:|mailto:)/.test(href)) continue;
        if (!href.startsWith('#')) { failures.push('not an anchor: ' + href); continue; }
        const target = document.getElementById(decodeURIComponent(href.slice(1)));
        if (!target) { failures.push('no target: ' + href); continue; }
        link.click();
        const box = target.getBoundingClientRect();
        if (location.hash !== href || box.bottom < 0 || box.top > innerHeight) failures.push('not shown: ' + href);
      }
      return failures;
    }""")
    assert failures == []
    assert [url for url in requests if not url.startswith("file:")] == []
    context.close()


# ZIPs and the ZIM ----------------------------------------------------------------------------------

def test_each_zip_unpacks_to_a_folder_that_opens_from_disk(exported, tmp_path):
    downloads = exported / packs.DOWNLOADS
    for code in ("en", "es", "ar", None):
        archive = zipfile.ZipFile(downloads / packs.zip_name(code))
        archive.extractall(tmp_path)
        folder = tmp_path / Path(packs.zip_name(code)).stem
        assert {name.split("/")[0] for name in archive.namelist()} == {folder.name}
        assert (folder / "index.html").is_file() and (folder / "static").is_dir()
        languages = {path.name for path in folder.iterdir() if path.is_dir() and path.name != "static"}
        assert languages == ({code, "en"} if code else set(site_languages()))  # English: the originals
        assert (folder / (code or "es") / "red-card" / "index.html").is_file()
        assert not list(folder.rglob("take-offline")) and broken_links(folder) == []


def test_every_file_of_a_pack_is_that_pack_rendered_afresh(exported):
    """Packs take the site's files wherever a page is the same, and one-language packs share their English
    pages: each file of three packs must equal the page rendered afresh for that pack."""
    client = create_app({"SITE_URL": SITE_URL, "PRINTS": False}).test_client()
    english = {}
    for code in (None, "es", "ar"):
        archive = zipfile.ZipFile(exported / packs.DOWNLOADS / packs.zip_name(code))
        environ = {EXPORT_FLAG: "/", PACK_FLAG: code or "*", NO_PRINTS_FLAG: "1"}
        for name in archive.namelist():
            inner = name.split("/", 1)[1]
            if inner.startswith("static/"):
                assert archive.read(name) == (exported / inner).read_bytes(), inner
                continue
            path = MISSING_PAGE if inner == "404.html" else "/" + inner.removesuffix("index.html")
            response = client.get(path, environ_base=environ)
            assert archive.read(name) == response.get_data(), (code, inner)
            if code and inner.startswith("en/"):
                assert english.setdefault(inner, archive.read(name)) == archive.read(name), inner


def test_the_all_languages_pack_takes_only_pages_that_are_the_same_even_where_the_site_links_to_pdfs():
    """The pack of every language takes the site's own files but for a few pages; with PDFs made, the site's
    pages link to them and the pack's must not: every page it takes must be the same either way."""
    app = create_app({"SITE_URL": SITE_URL, "PRINTS": True})
    client, site = app.test_client(), app.extensions["pocketrights"]
    taken = [path for path in export_module._paths(site, SITE_URL, True)
             if export_module._in_pack(path, "*") and not export_module._own_copy(path, "*")]
    assert len(taken) > 100
    for path in taken:
        on_site = client.get("/" + path, environ_base={EXPORT_FLAG: "/"}).get_data()
        assert on_site == client.get("/" + path, environ_base={EXPORT_FLAG: "/", PACK_FLAG: "*"}).get_data(), path


def test_an_english_page_in_a_one_language_pack_links_to_the_packs_chooser_which_puts_its_language_first(
        exported, tmp_path):
    archive = zipfile.ZipFile(exported / packs.DOWNLOADS / packs.zip_name("es"))
    archive.extractall(tmp_path)
    english = (tmp_path / "pocket-rights-es" / "en" / "red-card" / "index.html").read_text()
    spanish = (tmp_path / "pocket-rights-es" / "es" / "red-card" / "index.html").read_text()
    assert '<a class="lang" href="../../index.html">' in english and 'hreflang="fr"' not in english
    assert 'hreflang="en"' in spanish and 'hreflang="es"' in spanish and 'hreflang="fr"' not in spanish
    chooser = (tmp_path / "pocket-rights-es" / "index.html").read_text()
    assert 'href="es/index.html"' in chooser and 'href="en/index.html"' in chooser and "fr/index.html" not in chooser
    assert chooser.index('href="es/index.html"') < chooser.index('href="en/index.html"'), "the pack's language first"


def test_a_zip_takes_a_gzip_twin_only_when_it_holds_the_same_bytes(tmp_path):
    (tmp_path / "page.html").write_text("<p>now</p>" * 100)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>before</p>" * 100, mtime=0))  # a stale twin
    (tmp_path / "same.html").write_text("<p>same</p>" * 100)
    (tmp_path / "same.html.gz").write_bytes(gzip.compress(b"<p>same</p>" * 100, mtime=0))
    packs.write_zip({"page.html": tmp_path / "page.html", "same.html": tmp_path / "same.html"}, tmp_path / "t.zip")
    archive = zipfile.ZipFile(tmp_path / "t.zip")
    assert archive.testzip() is None
    assert archive.read("t/page.html") == (tmp_path / "page.html").read_bytes()
    assert archive.read("t/same.html") == (tmp_path / "same.html").read_bytes()


def test_the_zips_and_the_zim_are_the_same_bytes_when_rebuilt(exported, tmp_path):
    again = tmp_path / "again"
    export(create_app({"SITE_URL": SITE_URL, "PRINTS": False, "COMPRESSION_CACHE": False}), again)  # ZIM made anew
    first = {path.name: path.read_bytes() for path in (exported / packs.DOWNLOADS).iterdir()}
    second = {path.name: path.read_bytes() for path in (again / packs.DOWNLOADS).iterdir()}
    assert sorted(first) == sorted(second) == sorted([packs.ZIM_NAME, *(packs.zip_name(c) for c in site_languages()),
                                                      packs.zip_name()])
    for name in first:
        assert first[name] == second[name], f"{name} differs"


def test_the_zim_has_what_kiwix_needs(exported):
    from libzim.reader import Archive
    from PIL import Image
    archive = Archive(exported / packs.DOWNLOADS / packs.ZIM_NAME)
    assert archive.check()  # its checksum
    for name in ("Name", "Title", "Creator", "Publisher", "Date", "Description", "Language", "Tags"):
        assert archive.get_metadata(name), name
    assert set(archive.get_metadata("Language").decode().split(",")) == {iso639_3(c) for c in site_languages()}
    assert {"eng", "spa", "ara"} <= {iso639_3(c) for c in site_languages()}
    reviewed = json.loads((exported / "en" / "offline.json").read_text())["reviewed"]
    assert archive.get_metadata("Date").decode() == reviewed
    assert Image.open(io.BytesIO(bytes(archive.get_illustration_item(48).content))).size == (48, 48)
    assert archive.main_entry.get_item().path == "index.html"


def test_kiwix_serve_reads_pages_in_several_languages_from_the_zim(exported, tmp_path):
    port = free_port()
    log = (tmp_path / "kiwix.log").open("wb")
    server = subprocess.Popen(["kiwix-serve", "--address", "127.0.0.1", "--port", str(port),
                               str(exported / packs.DOWNLOADS / packs.ZIM_NAME)], stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/pocket-rights/"
        wait_until(None, lambda: server.poll() is None and reachable(base + "index.html"), "kiwix-serve to start", 20)
        for code, words in (("en", "Red card"), ("es", "Tarjeta roja"), ("ar", "هذه ليست استشارة قانونية.")):
            with urllib.request.urlopen(base + f"{code}/red-card/index.html", timeout=10) as response:
                page = response.read().decode()
            assert f'lang="{code}"' in page and words in page, code
        with urllib.request.urlopen(base + "index.html", timeout=10) as response:
            assert "Español" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


# The take-offline page and the chooser -------------------------------------------------------------

def test_the_take_offline_page_lists_every_way_with_true_sizes_and_a_qr_code(exported):
    page = (exported / "es" / "take-offline" / "index.html").read_text()
    for name in (packs.zip_name("es"), packs.zip_name(), packs.ZIM_NAME):
        size = (exported / packs.DOWNLOADS / name).stat().st_size
        shown = f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
        assert f"downloads/{name}" in page and f"({shown})" in page, name
    assert "pocket-rights-es.html" in page
    assert "<svg" in page and SITE_URL in page  # the QR code to the site, drawn in the page itself
    assert "Llévese las guías sin conexión" in page
    assert "take-offline/index.html" in (exported / "es" / "index.html").read_text()


def test_without_a_public_address_the_take_offline_page_has_no_qr_code(tmp_path):
    export(create_app({"CONTENT_DIR": FIXTURE_CONTENT, "PRINTS": False}), tmp_path / "site")
    page = (tmp_path / "site" / "en" / "take-offline" / "index.html").read_text()
    assert "<svg" not in page and "pocket-rights.zim" in page


@pytest.mark.parametrize("javascript", [True, False])
def test_the_static_chooser_puts_the_readers_languages_first(browser, exported, javascript):
    with serve(exported) as base:
        context = browser.new_context(java_script_enabled=javascript, locale="ar-EG")
        page = context.new_page()
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        order = [link.get_attribute("lang") for link in page.locator(".choices a").all()]
        choices = (exported / "index.html").read_text().split('<ul class="choices">')[1].split("</ul>")[0]
        written = re.findall(r' lang="([A-Za-z-]+)"', choices)
        assert sorted(order) == sorted(written) == sorted(site_languages()) and written[0] == "en"
        assert order == (["ar", *(code for code in written if code != "ar")] if javascript else written)
        context.close()


def test_gunicorn_starts_at_once_and_serves_the_packs_once_made(tmp_path):
    with gunicorn(tmp_path / "log") as base:
        started, statuses = time.monotonic(), set()
        while time.monotonic() - started < 180:
            try:
                with urllib.request.urlopen(base + "downloads/" + packs.zip_name("es"), timeout=10) as response:
                    archive = zipfile.ZipFile(io.BytesIO(response.read()))
                    break
            except urllib.error.HTTPError as error:
                statuses.add(error.code)
                assert error.code == 503 and error.headers["Retry-After"], error.code  # being made: come back
                time.sleep(1)
        else:
            pytest.fail("the packs were never ready")
        assert 503 in statuses, "the site answered only once the packs were made"
        assert "pocket-rights-es/es/red-card/index.html" in archive.namelist()
        with urllib.request.urlopen(base + "es/take-offline/", timeout=10) as response:
            page = response.read().decode()
        assert "downloads/pocket-rights-es.zip" in page and " KB)" in page
