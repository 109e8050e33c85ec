import shutil

import pytest
from conftest import make_app
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from pocketrights.languages import ACCEPT_MOST, discover, language_for, ranked, reader_accept


def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


def test_language_names_and_direction_come_from_babel():
    arabic = language_for("ar")
    assert (arabic.name, arabic.direction) == ("العربية", "rtl")
    assert language_for("es").name == "Español"
    assert language_for("pt_BR").code == "pt-BR"
    assert language_for("xx-nonsense") is None


def test_discover_finds_content_and_translation_folders(tmp_path):
    (tmp_path / "content" / "es").mkdir(parents=True)
    (tmp_path / "translations" / "ar").mkdir(parents=True)
    (tmp_path / "translations" / "not-a-language").mkdir()
    languages, problems = discover(tmp_path / "content", tmp_path / "translations")
    assert list(languages) == ["en", "es", "ar"] and problems == []  # grouped by script: Latin before Arabic


REGISTRY = """\
tl:
  name: Filipino / Tagalog
  locale: fil
mam:
  name: Qyool Mam
  direction: ltr
  locale: es
"""


def test_content_can_declare_a_language_babel_lacks_or_names_otherwise(tmp_path):
    (tmp_path / "content" / "mam").mkdir(parents=True)
    (tmp_path / "content" / "tl").mkdir()
    (tmp_path / "content" / "languages.yaml").write_text(REGISTRY)
    languages, problems = discover(tmp_path / "content", tmp_path / "translations")
    assert problems == []
    assert (languages["tl"].name, languages["tl"].babel_code) == ("Filipino / Tagalog", "fil")
    mam = languages["mam"]
    assert (mam.name, mam.direction, mam.babel_code) == ("Qyool Mam", "ltr", "es")
    assert language_for("mam") is None  # unknown to Babel: only the declaration makes it a language


@pytest.mark.parametrize(("entry", "message"), [
    ("mam:\n  direction: ltr\n", "give its name"),
    ("mam:\n  name: Mam\n  direction: up\n", "direction must be ltr or rtl"),
    ("mam:\n  name: Mam\n  locale: xx-nonsense\n", "Babel has no locale"),
    ("mam:\n  name: Mam\n  colour: red\n", "give only name, direction and locale"),
    ("mam: Mam\n", "expected a language code"),
    ("mam:\n  name: [Mam\n", "YAML"),
])
def test_a_wrong_declaration_is_reported_with_its_file_and_line(tmp_path, entry, message):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "languages.yaml").write_text("# languages\ntl:\n  name: Tagalog\n" + entry)
    _languages, problems = discover(tmp_path / "content", tmp_path / "translations")
    assert len(problems) == 1 and message in problems[0].message, problems
    assert problems[0].line in (4, 5, 6) and problems[0].path.name == "languages.yaml"  # YAML: where it noticed


def test_a_declared_language_is_served_under_its_own_code_and_name_with_borrowed_dates(content_copy):
    (content_copy / "languages.yaml").write_text(REGISTRY)
    (content_copy / "mam").mkdir()
    shutil.copyfile(content_copy / "es" / "door.md", content_copy / "mam" / "door.md")
    client = make_app(content_copy).test_client()
    page = client.get("/mam/door/").get_data(as_text=True)
    assert '<html lang="mam" dir="ltr">' in page and "Qyool Mam" in page
    assert "de noviembre de 2026" in page  # dates borrowed from Spanish, as declared
    assert client.get("/es/door/").status_code == 200 and "Qyool Mam" in client.get("/").get_data(as_text=True)


def test_best_match_first_then_site_order(app):
    languages = app.extensions["pocketrights"].languages
    in_order = [lang.code for lang in ranked(languages, accept("es-MX,es;q=0.9"))]
    assert in_order == ["es", *(code for code in languages if code != "es")]
    assert ranked(languages, accept("ar-EG"))[0].code == "ar"
    assert ranked(languages, accept("de, nl;q=0.5"))[0].code == "en"  # neither offered


@pytest.mark.parametrize(("header", "expected"), [
    ("", "en"), ("*", "en"), (";;;,,,", "en"), ("x" * 5000, "en"), ("\x00", "en"), ("../../etc", "en"),
    ("en;q=2, ar;q=-1", "en"), ("ar;q=0", "en"), ("de, es;q=0.1", "es"), ("zz-ZZ, ar", "ar"),
])
def test_hostile_or_odd_headers_give_a_sensible_first_language(app, header, expected):
    languages = app.extensions["pocketrights"].languages
    assert ranked(languages, reader_accept(header))[0].code == expected


def test_a_flood_of_accept_language_is_read_only_as_far_as_a_browser_sends():
    flood = ", ".join(f"x{i}-y;q=0.{i % 9}" for i in range(20000))  # about 250 KB
    assert len(reader_accept(flood)) <= ACCEPT_MOST // 8
    assert reader_accept("es-MX,es;q=0.9").best == "es-MX"


def test_languages_are_listed_english_first_then_grouped_by_script(tmp_path):
    for code in ("zh-Hant", "ru", "fa", "es", "am", "ar", "hi", "uk", "fr", "ko"):
        (tmp_path / "content" / code).mkdir(parents=True)
    languages, _problems = discover(tmp_path / "content", tmp_path / "translations")
    assert [lang.script for lang in languages.values()] == [
        "LATIN", "LATIN", "LATIN", "CYRILLIC", "CYRILLIC", "ARABIC", "ARABIC", "DEVANAGARI", "ETHIOPIC", "HANGUL",
        "CJK"]
    assert list(languages)[:3] == ["en", "es", "fr"]


def test_the_chooser_marks_where_the_script_changes_and_names_keep_their_direction(client):
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    items = page.split('<ul class="choices">')[1].split("</ul>")[0].split("<li")[1:]
    scripts = [language_for(code).script for code in (item.split(' lang="')[1].split('"')[0] for item in items)]
    starts = [i for i in range(1, len(scripts)) if scripts[i] != scripts[i - 1]]
    assert starts and all(items[i].startswith(' class="script"') for i in starts)
    assert not any(items[i].startswith(' class="script"') for i in range(len(items)) if i not in starts)
    assert '<span dir="rtl">العربية</span>' in page


def test_a_folder_keeps_its_own_code_when_babel_knows_the_language_by_another(tmp_path):
    (tmp_path / "translations" / "tl").mkdir(parents=True)  # Babel reads tl as fil_PH
    languages, _problems = discover(tmp_path / "content", tmp_path / "translations")
    assert "tl" in languages and languages["tl"].babel_code == "fil_PH"
