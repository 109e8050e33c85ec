"""The real guide set meets the content standards, in English and in every complete translation."""

import pytest

from pocketrights.content import DO_NOW_MOST
from pocketrights.languages import SOURCE_LANGUAGE
from pocketrights.markdown import references
from pocketrights.problems import ERROR

GUIDE_SET = ["stopped-now", "in-public", "at-the-door", "in-a-car", "at-work", "detained", "face-scans-and-phones",
             "recording", "border", "prepare", "after-an-encounter", "red-card"]
COMPLETE_LANGUAGES = ["en", "es"]


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


def test_contested_points_are_marked(content):
    for slug in ["at-the-door", "in-a-car", "face-scans-and-phones", "detained", "prepare"]:
        assert any(t.type == "container_contested_open" for t in content.texts[("en", slug)].body), slug


def test_no_unsourced_penalty_figure(content):
    for text in content.texts.values():
        source = text.path.read_text()
        assert "$5,000" not in source and "5.000 dólares" not in source
