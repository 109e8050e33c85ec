import shutil

from conftest import ROOT, make_app

from pocketrights.catalogs import placeholders


def copy_translations(tmp_path):
    target = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", target)
    return target, target / "es" / "LC_MESSAGES" / "messages.po"


def test_placeholders():
    assert placeholders("Last reviewed: %(date)s") == {"date"}
    assert placeholders("{count} pages") == {"count"}


def test_broken_placeholder_falls_back_to_english_for_that_string(tmp_path, content_copy):
    translations, po = copy_translations(tmp_path)
    po.write_text(po.read_text().replace('msgstr "Ley vigente al %(date)s', 'msgstr "Ley vigente al %(fecha)s'))
    app = make_app(content_copy, TRANSLATIONS_DIR=translations)
    body = app.test_client().get("/es/door/").get_data(as_text=True)
    assert "Law as of 1 de noviembre de 2026" in body  # English wording, Spanish date, no crash
    assert "Haga esto ahora" in body  # the rest of the catalogue still works


def test_unreadable_catalogue_shows_english_with_a_notice(tmp_path, content_copy):
    translations, po = copy_translations(tmp_path)
    po.write_text(po.read_text() + '\nmsgid "unterminated\n')
    app = make_app(content_copy, TRANSLATIONS_DIR=translations)
    response = app.test_client().get("/es/door/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "could not be read and are shown in English" in body
    assert "Do this now" in body and "Revise la orden" in body  # guide text is still Spanish
    problems = [str(p) for p in app.extensions["pocketrights"].problems]
    assert any(p.startswith(f"{po}:") and "cannot read catalogue" in p for p in problems)
