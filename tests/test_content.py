from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, make_app

from pocketrights import content
from pocketrights.problems import ERROR, WARNING

LANGS = ["en", "es", "ar"]


def load(folder: Path) -> content.Content:
    return content.load(folder, LANGS)


def errors(model: content.Content) -> list[str]:
    return [str(p) for p in model.problems if p.severity == ERROR]


def test_fixture_content_loads_cleanly():
    model = load(FIXTURE_CONTENT)
    assert model.problems == ()
    assert list(model.guides) == ["quick", "door", "card"]
    assert model.guides["door"].sources[0].primary
    assert model.texts[("es", "door")].status == "machine-translated"
    assert model.phrase("es", "no-search") == "No doy permiso para un registro."


def test_model_is_immutable():
    model = load(FIXTURE_CONTENT)
    try:
        model.guides["x"] = None
    except TypeError:
        pass
    else:
        raise AssertionError("guides mapping accepted a write")


def test_missing_translation_falls_back_to_english():
    model = load(FIXTURE_CONTENT)
    text, notice = model.text("es", "quick")
    assert (text.lang, notice) == ("en", "untranslated")
    assert model.text("es", "door") == (model.texts[("es", "door")], None)


def test_broken_yaml_reports_line_and_falls_back(content_copy):
    path = content_copy / "es" / "door.md"
    path.write_text(path.read_text().replace("summary: Mantenga", "summary: Mantenga: la:"))
    model = load(content_copy)
    assert len(errors(model)) == 1
    assert errors(model)[0].startswith(f"{path}:3: error: YAML")
    text, notice = model.text("es", "door")
    assert (text.lang, notice) == ("en", "broken")


def test_unknown_phrase_is_an_error_with_its_line(content_copy):
    path = content_copy / "es" / "door.md"
    path.write_text(path.read_text().replace("{{ say: no-search }}", "{{ say: no-such-phrase }}"))
    model = load(content_copy)
    assert errors(model) == [f"{path}:13: error: unknown phrase 'no-such-phrase' "
                             f"(not in {content_copy / 'en' / 'phrases.yaml'})"]
    assert model.text("es", "door")[1] == "broken"


def test_bad_links_and_anchors_are_errors(content_copy):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text().replace("(door#warrant)", "(door#nowhere)"))
    (content_copy / "en" / "door.md").write_text(
        (content_copy / "en" / "door.md").read_text() + "\nSee [this](../etc/passwd).\n")
    found = errors(load(content_copy))
    assert any("quick.md:22: error: link to 'door#nowhere'" in line for line in found)
    assert any("door.md:25: error: link to '../etc/passwd'" in line for line in found)


def test_malformed_phrase_marker_is_reported(content_copy):
    path = content_copy / "en" / "door.md"
    path.write_text(path.read_text().replace("{{ say: no-search }}", "{{say no-search}}"))
    assert "looks like a phrase" in errors(load(content_copy))[0]


def test_do_now_has_at_most_six_items(content_copy):
    path = content_copy / "en" / "door.md"
    items = "".join(f"  - Step {n}.\n" for n in range(7))
    path.write_text(path.read_text().replace("  - Keep the door closed.\n", items))
    assert errors(load(content_copy))[0].endswith("'do_now' has 7 items; at most 6 allowed")


def test_translation_may_not_repeat_source_facts(content_copy):
    path = content_copy / "es" / "door.md"
    path.write_text(path.read_text().replace("status:", "order: 4\nstatus:"))
    assert "unknown field 'order'" in errors(load(content_copy))[0]


def test_guides_need_primary_law(content_copy):
    path = content_copy / "en" / "door.md"
    path.write_text(path.read_text().replace("    primary: true\n", ""))
    assert "primary law" in errors(load(content_copy))[0]


def test_outdated_translation_is_a_warning_and_a_notice(content_copy):
    path = content_copy / "en" / "door.md"
    path.write_text(path.read_text() + "\nOne more sentence.\n")
    model = load(content_copy)
    assert errors(model) == []
    assert any(p.severity == WARNING and "behind content/en/door.md" in p.message for p in model.problems)
    assert model.text("es", "door")[1] == "outdated"


def test_translation_without_english_source_is_an_error(content_copy):
    (content_copy / "es" / "orphan.md").write_text("---\ntitle: x\n---\n")
    assert "no English guide" in errors(load(content_copy))[0]


def test_not_utf8_is_reported(content_copy):
    (content_copy / "es" / "door.md").write_bytes(b"---\ntitle: \xff\n---\n")
    assert errors(load(content_copy))[0].endswith("door.md:2: error: not valid UTF-8 text")


BREAKAGES = {  # what one typo in one English file can look like
    "missing summary": ("door.md", lambda t: t.replace("summary: Keep the door closed.\n", "")),
    "title not text": ("door.md", lambda t: t.replace("title: At your door", "title: [At, your, door]")),
    "unknown field": ("door.md", lambda t: t.replace("order: 2", "order: 2\nsumary: typo")),
    "invalid YAML": ("door.md", lambda t: t.replace("summary: Keep", "summary: Keep: the: door")),
    "no front matter": ("door.md", lambda t: "no front matter"),
    "broken phrase book": ("phrases.yaml", lambda t: t.replace("phrases:", "phrases: [")),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_one_broken_english_file_never_takes_another_page_down(content_copy, breakage):
    name, damage = BREAKAGES[breakage]
    path = content_copy / "en" / name
    path.write_text(damage(path.read_text()))
    app = make_app(content_copy)
    assert any(str(path) in str(p) for p in app.extensions["pocketrights"].problems), breakage
    client = app.test_client()
    pages = ["", "quick/", "card/", "phrases/", "changes/", "door/"]
    for lang in ("en", "es", "ar"):
        for page in pages:
            status = client.get(f"/{lang}/{page}").status_code
            expected = 404 if page == "door/" and name == "door.md" else 200
            assert status == expected, f"{breakage}: /{lang}/{page} answered {status}"
    quick = client.get("/en/quick/").get_data(as_text=True)
    if name == "door.md":  # the link to the broken guide is plain text with a note, never a dead link
        assert 'href="../../en/door/' not in quick
        assert '<span class="unavailable">the door guide</span>' in quick and "not available right now" in quick
    else:  # without the phrase book, phrases show a notice and the guide still works
        assert "This sentence cannot be shown right now" in quick


@pytest.mark.parametrize(("written", "problem"), [
    ("![pixel](https://tracker.example/p.png)", "images are not allowed"),
    ("[tap](javascript:alert(1))", "links may only go to"),
    ("<javascript:alert(1)>", "links may only go to"),
    ("[old](http://example.org/)", "use https://"),
    ('<meta http-equiv="refresh" content="0">', "raw HTML is shown as text"),
])
def test_what_markdown_would_hide_is_an_error_with_its_line(content_copy, written, problem):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text() + f"\nSee {written} here.\n")
    line = path.read_text().count("\n")
    assert any(e.startswith(f"{path}:{line}: error: ") and problem in e for e in errors(load(content_copy))), written


def test_an_autolink_to_https_is_fine(content_copy):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text() + "\nSee <https://www.uscis.gov/> for forms.\n")
    assert errors(load(content_copy)) == []


@pytest.mark.parametrize("url", ["http://example.org/law", "tel:18005551234", "mailto:x@example.org", "ftp://x"])
def test_a_source_must_be_an_https_address(content_copy, url):
    path = content_copy / "en" / "door.md"
    path.write_text(path.read_text().replace("https://example.org/summary", url))
    assert "each source needs a 'title' and an https:// 'url'" in errors(load(content_copy))[0]


def test_a_huge_file_is_refused_not_served(content_copy):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text() + "\nword " * 20000)
    assert errors(load(content_copy))[0] == \
        f"{path}: error: file is 117 KB; content files must stay under 64 KB (split the guide)"


def test_an_all_digit_revision_is_read_as_written(content_copy):
    path = content_copy / "es" / "door.md"
    english = load(content_copy).guides["door"].revision
    path.write_text(path.read_text().replace(english, "012345678901"))
    assert load(content_copy).texts[("es", "door")].source_revision == "012345678901"


def test_the_first_screen_phrases_must_exist(content_copy):
    path = content_copy / "en" / "quick.md"
    path.write_text(path.read_text().replace("  - no-search\n", "  - no-such-phrase\n", 1))
    assert f"{path}:6: error: unknown phrase 'no-such-phrase' (not in phrases.yaml)" in errors(load(content_copy))
