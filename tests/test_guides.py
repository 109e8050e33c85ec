"""The real guide set meets the content standards, in English and in every complete translation."""

import re

import pytest
from helpers import complete_languages

from pocketrights.content import DO_NOW_MOST, Text
from pocketrights.languages import SOURCE_LANGUAGE
from pocketrights.markdown import references
from pocketrights.problems import ERROR

GUIDE_SET = ["stopped-now", "in-public", "at-the-door", "warrants", "in-a-car", "at-work", "face-scans-and-phones",
             "recording", "border", "fast-removal", "detained", "find-someone-detained", "green-card-holders",
             "daca-tps-asylum-parole", "us-citizens", "orders-and-check-ins", "police-and-ice", "prepare",
             "children-and-family", "after-an-encounter", "red-card", "fast-removal-card"]
MOST_WORDS = 700  # about three minutes of reading; split a guide rather than go over
TRANSLATION_GROWTH = 1.4  # a translation may run this much longer than its English source (French runs about 1.2)
GROWTH_BY_LANGUAGE = {"vi": 1.6, "my": 1.6}  # Vietnamese and Burmese take more syllables for the same text
COMPLETE_LANGUAGES = complete_languages()
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")  # CJK and Thai: a character a syllable
# Burmese writes a syllable as a letter with marks around it (3 code points on average): count syllables,
# each a letter not silenced by asat or virama, and take an English word as 1.5 syllables.
BURMESE_SCRIPT = re.compile(r"[\u1000-\u109f]")
BURMESE_SYLLABLE = re.compile(r"[\u1000-\u1021\u1023-\u102a\u103f\u104c-\u104f](?![\u1039\u103a])")
SYLLABLES_PER_WORD = 1.5
CHARACTERS_PER_WORD = 1.8  # in scripts written without spaces, about this many characters say what an English word says


def body_words(text: Text) -> float:
    """How much a reader reads in a guide's body, in words (characters / 1.8 in Chinese, Japanese and Thai,
    syllables / 1.5 in Burmese, which are written without spaces): not phrase markers, block markers or
    link targets."""
    body = text.path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"^(\{\{ say: [a-z0-9-]+ \}\}|:::.*)$", "", body, flags=re.M)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    unspaced = len(UNSPACED.findall(body))
    syllables = len(BURMESE_SYLLABLE.findall(body))
    spaced = BURMESE_SCRIPT.sub(" ", UNSPACED.sub(" ", body))
    return len(spaced.split()) + unspaced / CHARACTERS_PER_WORD + syllables / SYLLABLES_PER_WORD


@pytest.fixture(scope="module")
def content(real_app):
    return real_app.extensions["pocketrights"].content


def test_the_content_check_finds_no_errors(real_app):
    site = real_app.extensions["pocketrights"]
    assert [str(p) for p in site.problems if p.severity == ERROR] == []


def test_the_whole_set_is_there_in_order(content):
    assert sorted(content.guides) == sorted(GUIDE_SET)
    assert list(content.guides)[0] == "stopped-now"
    assert content.guides["stopped-now"].kind == "urgent"
    assert content.guides["red-card"].kind == "card"


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
@pytest.mark.parametrize("slug", GUIDE_SET)
def test_each_guide_has_title_summary_date_primary_law_and_a_short_box(content, lang, slug):
    text, notice = content.text(lang, slug)
    guide = content.guides[slug]
    assert text.lang == lang and notice is None, f"{lang}/{slug}: {notice}"
    assert text.title and text.summary
    assert guide.reviewed.year >= 2026
    assert any(source.primary for source in guide.sources)
    assert 1 <= len(text.do_now) <= DO_NOW_MOST
    growth = GROWTH_BY_LANGUAGE.get(lang, TRANSLATION_GROWTH)
    most = MOST_WORDS if lang == SOURCE_LANGUAGE else growth * body_words(content.texts[("en", slug)])
    assert body_words(text) <= most, f"{lang}/{slug}: {body_words(text):.0f} words"


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_every_phrase_reference_resolves(content, lang):
    for (text_lang, slug), text in content.texts.items():
        for ref in references(text.body):
            if ref.kind == "phrase":
                assert content.phrase(lang, ref.target), f"{text_lang}/{slug}: '{ref.target}' missing in {lang}"
            assert ref.kind != "malformed"


def test_spanish_is_complete_and_honestly_labelled(content, real_app):
    english_phrases = set(content.phrases[SOURCE_LANGUAGE].texts)
    assert set(content.phrases["es"].texts) == english_phrases
    for slug in GUIDE_SET:
        assert content.texts[("es", slug)].status in ("machine-translated", "community-translated", "reviewed")
    body = real_app.test_client().get("/es/at-the-door/").get_data(as_text=True)
    assert "Traducción automática" in body


def test_translations_keep_the_structure_of_the_source(content):
    """Phrases, anchors and links are never translated: a translation refers to the same things."""
    for slug in GUIDE_SET:
        english, spanish = content.texts[("en", slug)], content.texts[("es", slug)]
        assert english.anchors == spanish.anchors, slug
        kinds = ("phrase", "link")
        assert sorted((r.kind, r.target) for r in references(english.body) if r.kind in kinds) == \
            sorted((r.kind, r.target) for r in references(spanish.body) if r.kind in kinds), slug


def test_contested_points_are_marked_with_what_they_depend_on(content):
    for slug in ["warrants", "in-a-car", "face-scans-and-phones", "detained", "fast-removal", "police-and-ice"]:
        assert content.texts[("en", slug)].asides, slug
    for (lang, slug), text in content.texts.items():
        blocks = [t for t in text.body if t.type == "container_contested_open"]
        assert len(blocks) == len(text.asides), f"{lang}/{slug}: a contested block without topic and date"
