from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from pocketrights.languages import discover, language_for, ranked


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


def test_hostile_headers_fall_back_to_english(app):
    languages = app.extensions["pocketrights"].languages
    for header in ["", "*", ";;;,,,", "es;q=abc", "x" * 5000, "\x00", "en;q=2, ar;q=-1", "../../etc"]:
        assert ranked(languages, accept(header))[0].code in languages
