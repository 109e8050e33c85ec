"""Currency of the law: dated contested points, review age, the change log and the hotline placeholder."""

from datetime import date

from conftest import FIXTURE_CONTENT, make_app
from test_checks import run_check

from pocketrights import content
from pocketrights.currency import currency_problems, is_stale

LANGS = ["en", "es"]


def test_is_stale_counts_days():
    assert not is_stale(date(2026, 11, 1), 90, today=date(2027, 1, 30))
    assert is_stale(date(2026, 11, 1), 90, today=date(2027, 1, 31))


def test_old_reviews_and_old_contested_points_are_warned_about():
    model = content.load(FIXTURE_CONTENT, LANGS)
    assert currency_problems(model, 90, today=date(2026, 11, 26)) == []
    found = [p.message for p in currency_problems(model, 90, today=date(2027, 6, 1))]
    assert sum("last reviewed 2026-11-01, more than 90 days ago" in m for m in found) == 3
    assert any("contested point 'ICE memo of 12 May 2025' last checked 2026-11-01" in m for m in found)


def test_make_check_warns_about_old_reviews():
    result = run_check(FIXTURE_CONTENT, HOTLINE_NUMBER="(212) 555-0100", REVIEW_MAX_AGE_DAYS="1")
    assert result.returncode == 0  # a warning, not an error
    assert "en/door.md: warning: last reviewed 2026-11-01, more than 1 days ago" in result.stdout


def test_a_contested_block_must_say_what_it_depends_on_and_when(content_copy):
    path = content_copy / "en" / "door.md"
    path.write_text(path.read_text().replace("::: contested ICE memo of 12 May 2025; checked 2026-11-01",
                                             "::: contested"))
    model = content.load(content_copy, LANGS)
    assert [str(p) for p in model.problems if p.severity == "error"][0] == (
        f"{path}:21: error: a contested block must say what it depends on and when it was checked: "
        "'::: contested <the case or policy it depends on>; checked YYYY-MM-DD'")
    assert "door" not in model.guides


def test_a_translation_that_changes_a_contested_line_is_warned_about(content_copy):
    path = content_copy / "es" / "door.md"
    path.write_text(path.read_text().replace("memo of 12 May 2025", "memorando del 12 de mayo"))
    found = [str(p) for p in content.load(content_copy, LANGS).problems]
    assert f"{path}: warning: its '::: contested' lines differ from the English guide's (copy them unchanged)" in found


def test_the_page_shows_the_law_as_of_date_and_what_the_point_depends_on(client):
    body = client.get("/en/door/").get_data(as_text=True)
    assert "Law as of November 1, 2026" in body
    assert 'Depends on: <bdi lang="en" dir="ltr">ICE memo of 12 May 2025</bdi>. Last checked: November 1, 2026.' in body
    spanish = client.get("/es/door/").get_data(as_text=True)
    assert 'Depende de: <bdi lang="en" dir="ltr">ICE memo of 12 May 2025</bdi>' in spanish
    assert "Última comprobación: 1 de noviembre de 2026." in spanish


def test_an_old_review_is_told_to_readers():
    stale = make_app(FIXTURE_CONTENT, REVIEW_MAX_AGE_DAYS=0).test_client()
    fresh = make_app(FIXTURE_CONTENT, REVIEW_MAX_AGE_DAYS=100000).test_client()
    assert "more than 0 days ago. The law may have changed" in stale.get("/en/door/").get_data(as_text=True)
    assert "hace más de 0 días" in stale.get("/es/door/").get_data(as_text=True)
    assert "The law may have changed" not in fresh.get("/en/door/").get_data(as_text=True)


def test_the_change_log_page_lists_entries_in_the_readers_language(client):
    english = client.get("/en/changes/").get_data(as_text=True)
    assert '<time datetime="2026-11-01">November 1, 2026</time>' in english
    assert 'An ICE memo was made public. See <a href="../../en/door/#warrant">the door guide</a>.' in english
    spanish = client.get("/es/changes/").get_data(as_text=True)
    assert "Se hizo público un memorando de ICE." in spanish
    assert "Guías:" in spanish and 'href="../../es/door/"' in spanish
    arabic = client.get("/ar/changes/").get_data(as_text=True)  # no Arabic entry: English, marked as such
    assert '<span lang="en" dir="ltr">An ICE memo was made public.' in arabic


def test_each_guide_lists_its_own_changes(client):
    assert "An ICE memo was made public." in client.get("/en/quick/").get_data(as_text=True)
    assert "What changed in this guide" not in client.get("/en/card/").get_data(as_text=True)


def test_a_change_naming_an_unknown_guide_or_a_broken_link_is_reported(content_copy):
    path = content_copy / "en" / "changes.yaml"
    path.write_text(path.read_text().replace("[door, quick]", "[door, nowhere]"))
    model = content.load(content_copy, LANGS)
    errors = [str(p) for p in model.problems if p.severity == "error"]
    assert errors == [f"{path}:2: error: 'memo-published': no guide nowhere"]
    assert model.changes == ()
    path.write_text(path.read_text().replace("[door, nowhere]", "[door]").replace("(door#warrant)", "(door#nope)"))
    assert "has no heading {#nope}" in str(content.load(content_copy, LANGS).problems[0])


def test_without_a_hotline_every_page_shows_a_placeholder_and_checks_warn():
    pages = ["/en/quick/", "/en/door/", "/en/card/", "/es/door/", "/en/"]
    unset = make_app(FIXTURE_CONTENT).test_client()
    for page in pages:
        body = unset.get(page).get_data(as_text=True)
        assert 'class="hotline unset"' in body and "tel:" not in body, page
    result = run_check(FIXTURE_CONTENT, REVIEW_MAX_AGE_DAYS="100000")
    assert "POCKETRIGHTS_HOTLINE_NUMBER: warning: no hotline is configured" in result.stdout
    configured = make_app(FIXTURE_CONTENT, HOTLINE_NUMBER="(212) 555-0100", HOTLINE_NAME="Our line").test_client()
    for page in pages:
        body = configured.get(page).get_data(as_text=True)
        assert 'href="tel:+12125550100"' in body and '<bdi dir="ltr">(212) 555-0100</bdi>' in body, page
        assert "Our line" in body, page
