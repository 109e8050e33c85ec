"""Corrected facts that must never come back wrong, in English and in every complete translation.

Each test pins a finding of the November 2026 legal review (see the change log). If a later edit
brings an error back, the test names the file.
"""

import re
from pathlib import Path

import pytest

from pocketrights import DEFAULTS, ROOT

CONTENT = ROOT / "content"
COMPLETE = ["en", "es"]
# How each complete language names expedited removal, and says "not settled".
EXPEDITED = {"en": r"expedited removal", "es": r"(deportaci[oó]n|expulsi[oó]n) (acelerada|expedita)"}
UNSETTLED = {"en": r"not settled|unsettled|have not settled|has not been decided",
             "es": r"no est[aá] (resuelto|decidido)|no (lo )?han (resuelto|decidido)|sin resolver"}


def texts(lang: str) -> list[Path]:
    """The guides and phrases of a language (not the change log, which tells what used to be wrong)."""
    return sorted((CONTENT / lang).glob("*.md")) + [CONTENT / lang / "phrases.yaml"]


def paragraphs(path: Path) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n|\n:::", path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("lang", COMPLETE)
def test_no_guide_calls_expedited_removal_unsettled(lang):
    """It has been in force nationwide since 23 June 2026 (Make the Road New York v. Noem)."""
    for path in texts(lang):
        for paragraph in paragraphs(path):
            if re.search(EXPEDITED[lang], paragraph, re.I):
                assert not re.search(UNSETTLED[lang], paragraph, re.I), f"{path}: {paragraph[:160]}"


def test_the_fast_removal_guide_says_it_is_in_force_and_who_must_prove_what():
    text = (CONTENT / "en" / "fast-removal.md").read_text()
    assert "Since 23 June 2026" in text
    assert "two years" in text and "**You** must prove the two years" in text
    assert "{{ say: lived-here-two-years }}" in text and "only then" in text  # never a false claim


@pytest.mark.parametrize("lang", COMPLETE)
def test_the_urgent_page_has_the_fast_removal_words(lang):
    text = (CONTENT / lang / "stopped-now.md").read_text()
    for phrase in ("lived-here-two-years", "fear-return", "see-judge"):
        assert f"{{{{ say: {phrase} }}}}" in text


@pytest.mark.parametrize("lang", COMPLETE)
def test_registration_penalty_is_up_to_5000_dollars_never_100(lang):
    """8 U.S.C. 1304(e) with 18 U.S.C. 3571(b)(6): up to $5,000 and/or 30 days."""
    figure = {"en": "$5,000", "es": "5,000 dólares"}[lang]
    for slug in ("in-public", "prepare"):
        assert figure in (CONTENT / lang / f"{slug}.md").read_text(), f"{lang}/{slug}"
    for path in texts(lang):
        assert not re.search(r"\$\s?100\b|100 dólares", path.read_text()), path


def test_both_kinds_of_judges_warrant_are_taught():
    warrants = (CONTENT / "en" / "warrants.md").read_text()
    assert "{#judicial-search}" in warrants and "{#judicial-arrest}" in warrants
    assert "own home" in warrants and "someone else's" in warrants.lower()  # Payton and Steagald
    door = (CONTENT / "en" / "at-the-door.md").read_text()
    assert "search warrant" in door and "arrest warrant" in door
    assert "It must be your address" not in door


@pytest.mark.parametrize("lang", COMPLETE)
def test_no_guide_points_to_a_hotline_it_does_not_show(lang):
    wording = {"en": r"hotline on this page", "es": r"l[ií]nea (de ayuda )?(de|en) esta p[aá]gina"}[lang]
    for path in texts(lang):
        assert not re.search(wording, path.read_text(), re.I), path


def test_the_unconfirmed_national_hotline_is_never_a_default():
    assert DEFAULTS["HOTLINE_NUMBER"] == ""
    for path in [*CONTENT.rglob("*.*"), *(ROOT / "pocketrights").glob("*.py"), *(ROOT / "templates").rglob("*.*")]:
        assert "363-1423" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("lang", COMPLETE)
def test_every_guide_page_shows_the_hotline(real_app, lang):
    client = real_app.test_client()
    for slug in real_app.extensions["pocketrights"].content.guides:
        body = client.get(f"/{lang}/{slug}/").get_data(as_text=True)
        assert 'class="hotline' in body, f"/{lang}/{slug}/"


def test_complaints_go_to_a_lawyer_first_and_name_the_two_year_claim_deadline():
    text = (CONTENT / "en" / "after-an-encounter.md").read_text()
    section = text[text.index("{#complaints}"):]
    assert section.index("lawyer") < section.index("Inspector General") < section.index("civil rights office")
    assert "within two years" in section and "2401(b)" in section


def test_border_rules_are_for_arrivals_from_another_country():
    text = (CONTENT / "en" / "border.md").read_text()
    assert "When you arrive from another country, show your passport or green card." in text
    assert "flight inside the US" in text


def test_retired_or_wrong_citations_stay_gone():
    for lang in COMPLETE:
        for path in texts(lang):
            source = path.read_text()
            assert "Matter of O-" not in source, path  # could not be verified: Matter of Guevara instead
            assert not re.search(r"ICE told Congress|ICE le dijo al Congreso", source), path
    assert "Matter of Guevara" in (CONTENT / "en" / "detained.md").read_text()


def test_passcode_and_forced_unlock_are_marked_contested():
    text = (CONTENT / "en" / "face-scans-and-phones.md").read_text()
    assert re.search(r"::: contested [^\n]*Andrews[^\n]*Davis[^\n]*; checked", text)
