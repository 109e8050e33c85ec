"""Every complete language in real Chromium, on small phones (320 and 360 px wide): the right lang and
dir, no sideways scrolling, no accessibility violation, no character drawn as an empty box, and no
English left where the reader's own language belongs; and a sample of every script the site plans."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from glyphs import missing_glyphs
from helpers import complete_languages
from servers import gunicorn

from pocketrights import create_app

PAGE_TYPES = ["{lang}/", "{lang}/stopped-now/", "{lang}/at-the-door/", "{lang}/face-scans-and-phones/",
              "{lang}/red-card/", "{lang}/fast-removal-card/", "{lang}/phrases/", "{lang}/changes/",
              "{lang}/take-offline/", "{lang}/offline/", "{lang}/print/", "{lang}/no-such-page/"]
GLYPH_CHECKED = {"{lang}/", "{lang}/stopped-now/", "{lang}/red-card/"}  # what a person in an encounter reads
# A sentence in each script the site has or plans (Devanagari, Gurmukhi, Bengali, Myanmar, Ethiopic,
# Arabic in Naskh and Urdu's Nastaliq, Persian and Pashto letters, CJK, Hangul, Vietnamese, Cyrillic).
SCRIPT_SAMPLES = {"hi": "अपने अधिकार जानिए", "ne": "आफ्नो अधिकार जान्नुहोस्", "pa": "ਆਪਣੇ ਹੱਕ ਜਾਣੋ",
                  "bn": "আপনার অধিকার জানুন", "my": "သင့်အခွင့်အရေးများကို သိပါ", "am": "መብቶችዎን ይወቁ",
                  "ti": "መሰላትኩም ፍለጡ", "ar": "اعرف حقوقك", "ur": "اپنے حقوق جانیں", "fa": "حقوق خود را بدانید",
                  "ps": "خپل حقونه وپېژنئ", "zh-Hans": "了解你的权利", "zh-Hant": "了解您的權利", "ko": "권리를 아세요",
                  "vi": "Hãy biết quyền của bạn", "uk": "Знайте свої права", "so": "Ogow xuquuqdaada"}
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Text of the page in the reader's language: every text node not inside something marked English
# (the sentences to say, sources, names of cases), a code, a time or an address.
OWN_TEXT = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element.closest('main [lang="en"], code, time, bdi, script, style, [hidden]')) continue;
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}"""


COMPLETE = complete_languages()[1:]  # the translations (English is the source the others are compared with)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("gunicorn") / "log", POCKETRIGHTS_HOTLINE_NUMBER="(512) 555-0100",
                  POCKETRIGHTS_HOTLINE_NAME="Rapid response") as base:
        yield base


@pytest.fixture(scope="module")
def english_text(browser, site) -> dict[str, set[str]]:
    """The English pages' own text, sentence by sentence, to find any left untranslated."""
    context = browser.new_context()
    page = context.new_page()
    found = {}
    for path in PAGE_TYPES:
        page.goto(site + path.format(lang="en"))
        found[path] = {text for text in page.evaluate(OWN_TEXT) if len(text.split()) >= 4}
    context.close()
    return found


def test_there_are_complete_languages_beyond_english():
    assert "es" in COMPLETE


@pytest.mark.parametrize("lang", COMPLETE)
def test_every_page_type_fits_small_phones_in_its_own_language(browser, site, english_text, lang):
    direction = create_app({"TESTING": True}).extensions["pocketrights"].languages[lang].direction
    for width in (320, 360):
        context = browser.new_context(viewport={"width": width, "height": 740}, bypass_csp=True)
        page = context.new_page()
        for path in PAGE_TYPES:
            url = site + path.format(lang=lang)
            page.goto(url)
            where = f"{url} at {width} px"
            assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, direction]
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{where}: {overflow} px sideways"
            if width == 360:
                if path in GLYPH_CHECKED:
                    assert missing_glyphs(page) == [], f"{where}: drawn as empty boxes"
                left = [text for text in page.evaluate(OWN_TEXT) if text in english_text[path]]
                assert left == [], f"{where}: English left untranslated: {left[:3]}"
                results = Axe().run(page, options={"runOnly": AXE_RULES})
                assert results.violations_count == 0, f"{where}\n{results.generate_report()}"
        context.close()


DRAWN = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"  # laid out


def test_every_script_the_site_plans_is_drawn_with_real_glyphs(browser, site):
    page = browser.new_page()
    page.goto(site + "en/")
    samples = "".join(f'<p lang="{code}">{text}</p>' for code, text in SCRIPT_SAMPLES.items())
    page.evaluate("html => { document.querySelector('main').innerHTML = html; }", samples)
    page.evaluate(DRAWN)
    assert missing_glyphs(page, "main") == []
    page.evaluate("() => { document.querySelector('main p').textContent += '\\u0378'; }")  # unassigned: a box
    page.evaluate(DRAWN)
    assert [problem.split(" ")[0] for problem in missing_glyphs(page, "main")] == ["U+0378"]
    page.close()
