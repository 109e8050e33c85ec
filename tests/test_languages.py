import pytest
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
    assert list(discover(tmp_path / "content", tmp_path / "translations")) == ["en", "ar", "es"]


def test_best_match_first_then_site_order(app):
    languages = app.extensions["pocketrights"].languages
    assert [lang.code for lang in ranked(languages, accept("es-MX,es;q=0.9"))] == ["es", "en", "ar"]
    assert ranked(languages, accept("ar-EG"))[0].code == "ar"
    assert ranked(languages, accept("de, fr;q=0.5"))[0].code == "en"


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
