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


def test_markup_in_a_translation_is_refused_and_never_rendered(tmp_path, content_copy):
    translations, po = copy_translations(tmp_path)
    hostile = '<meta http-equiv=refresh content=0;url=https://evil.example/>'
    po.write_text(po.read_text().replace('msgstr "En disputa o cambiando"', f'msgstr "{hostile}"')
                  .replace('msgstr "Guías:"', 'msgstr "Guías & más:"'))
    app = make_app(content_copy, TRANSLATIONS_DIR=translations)
    problems = [str(p) for p in app.extensions["pocketrights"].problems]
    assert any("markup is not allowed in a translation ('Contested or changing')" in p for p in problems)
    body = app.test_client().get("/es/door/").get_data(as_text=True)
    assert "evil.example" not in body and "<meta http-equiv" not in body
    assert "Contested or changing" in body  # that label falls back to English
    changes = app.test_client().get("/es/changes/").get_data(as_text=True)
    assert "Guías &amp; más:" in changes  # other translations are escaped text
