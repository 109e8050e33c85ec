"""Pages in real Chromium (Debian's, driven by Playwright): readable without JavaScript, accessible."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURE_CONTENT
from servers import gunicorn

from pocketrights.export import export

playwright_api = pytest.importorskip("playwright.sync_api")
PAGE_TYPES = {"chooser": "", "home": "{lang}/", "guide": "{lang}/door/", "fallback guide": "{lang}/quick/",
              "card": "{lang}/card/", "phrasebook": "{lang}/phrases/", "not found": "{lang}/no-such-page/"}



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "log"
    with gunicorn(log, POCKETRIGHTS_CONTENT_DIR=str(FIXTURE_CONTENT)) as base:
        yield base


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from conftest import make_app
    target = tmp_path_factory.mktemp("export") / "site"
    export(make_app(FIXTURE_CONTENT), target)
    return target


def open_page(browser, url: str, javascript: bool, width: int = 360):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 740},
                                  bypass_csp=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(url)
    return context, page, problems


def assert_readable(page, direction: str) -> None:
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.dir") == direction
    # the stylesheet applied (system font stack, not the browser default serif)
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # no sideways scrolling on a small phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_pages_are_readable_without_javascript(browser, server, kind, lang):
    context, page, problems = open_page(browser, server + PAGE_TYPES[kind].format(lang=lang), javascript=False)
    try:
        expected_direction = "rtl" if lang == "ar" and kind != "chooser" else "ltr"
        assert_readable(page, expected_direction)
        real_problems = [p for p in problems if "404" not in p or kind != "not found"]
        assert real_problems == [], real_problems  # CSP violations and failed loads show up here
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_violations(browser, server, kind, lang):
    context, page, _ = open_page(browser, server + PAGE_TYPES[kind].format(lang=lang), javascript=True)
    try:
        results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                       "best-practice"]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def test_axe_dark_mode_contrast(browser, server):
    context = browser.new_context(color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    page.goto(server + "es/door/")
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_right_to_left_mirrors_but_english_stays_left_to_right(browser, server):
    context, page, _ = open_page(browser, server + "ar/door/", javascript=False, width=800)
    try:
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] > 400  # the site name sits at the right edge, where Arabic starts
        assert page.locator(".notice").evaluate("e => getComputedStyle(e).direction") == "rtl"
        # this guide is not translated: its English text keeps left-to-right order inside the Arabic page
        assert page.locator("article").evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert page.locator(".say-en").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    finally:
        context.close()


def test_reflows_at_200_percent_zoom(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 640, "height": 800},
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(server + "es/door/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_export_opens_from_disk_and_links_work(browser, exported):
    context, page, problems = open_page(browser, (exported / "index.html").as_uri(), javascript=False)
    try:
        page.click(".choices >> text=Español")
        assert page.url.endswith("/es/index.html")
        page.locator(".guides a").first.click()
        assert page.url.startswith("file://") and page.url.endswith("/index.html")
        assert_readable(page, "ltr")
        assert problems == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn-real") / "log"
    with gunicorn(log) as base:
        yield base


@pytest.mark.parametrize("path", ["es/", "es/stopped-now/", "en/at-the-door/", "es/red-card/", "ar/in-public/",
                                  "es/face-scans-and-phones/", "es/phrases/"])
def test_real_guides_are_readable_and_accessible(browser, real_server, path):
    context, page, problems = open_page(browser, real_server + path, javascript=False)
    try:
        assert_readable(page, "rtl" if path.startswith("ar/") else "ltr")
        assert problems == []
    finally:
        context.close()
    context, page, _ = open_page(browser, real_server + path, javascript=True)
    try:
        results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


TYPE_SCALE = ("--small", "--body", "--large", "--title")  # static/style.css :root: the only text sizes
FONTS_IN_USE = """scale => { const fonts = {}, sizes = {};
  for (const name of scale) {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.fontSize = `var(${name})`;
    sizes[parseFloat(getComputedStyle(probe).fontSize)] = name;
    probe.remove();
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement;
    if (!text.data.trim() || !element.checkVisibility() || element.closest('.officer, table')) continue;
    const style = getComputedStyle(element);
    const size = parseFloat(style.fontSize);
    fonts[(sizes[size] || size + 'px') + ' ' + style.fontWeight] = element.outerHTML.slice(0, 80);
  }
  return [Object.keys(sizes).length, fonts]; }"""


@pytest.mark.parametrize("path", ["", "es/", "es/stopped-now/", "en/at-the-door/", "es/in-public/", "ar/in-public/",
                                  "es/red-card/", "es/phrases/", "es/changes/", "es/no-such-page/", "status/"])
def test_text_keeps_to_the_type_scale_and_two_weights(browser, real_server, path):
    """Every other size or weight is one more font for the phone to set up before it can paint anything."""
    context, page, _ = open_page(browser, real_server + path, javascript=False)
    try:
        distinct, fonts = page.evaluate(FONTS_IN_USE, TYPE_SCALE)
        assert distinct == len(TYPE_SCALE)  # four different sizes, each defined
        strays = {font: element for font, element in fonts.items()
                  if not font.startswith("--") or font.split()[1] not in ("400", "700")}
        assert strays == {}, strays
    finally:
        context.close()


def test_generated_content_needs_no_fallback_font(browser, real_server):
    """A character the body's font lacks sends the browser through every font it has, before the first paint."""
    context, page, _ = open_page(browser, real_server + "es/in-public/", javascript=False)
    try:
        page.locator("details.lang > summary").click()
        contents = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(element =>
            ['::before', '::after'].map(pseudo => getComputedStyle(element, pseudo).content))
            .filter(content => content !== 'none' && content !== 'normal')""")
        assert contents and all(content.isascii() for content in contents), sorted(set(contents))
    finally:
        context.close()
