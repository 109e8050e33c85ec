"""The translation dashboard: every language by every guide, at /status/ and from `flask status`."""

import re

from conftest import make_app

from pocketrights import dashboard


def test_the_page_shows_each_language_by_each_guide(client):
    page = client.get("/status/").get_data(as_text=True)
    assert "Where each translation stands" in page
    spanish = re.search(r'<tr><th scope="row"><span lang="es".*?</tr>', page, re.S).group(0)
    assert spanish.count("<td>") == 3 + 3  # complete, phrases, buttons; then one per guide
    assert ">–<" in spanish.replace("</td>", "<") or "–</td>" in spanish  # a guide not yet translated
    assert 'lang="ar" dir="rtl"' in page


def test_an_outdated_translation_says_since_when(content_copy):
    door = content_copy / "es" / "door.md"
    door.write_text(re.sub(r"source_revision: \S+", "source_revision: 000000000000", door.read_text()))
    app = make_app(content_copy)
    site = app.extensions["pocketrights"]
    rows = {row.language.code: row for row in dashboard.rows(site, content_copy, app.config["TRANSLATIONS_DIR"])}
    cell = rows["es"].cells["door"]
    assert cell.state == "outdated" and cell.english_reviewed == site.content.guides["door"].reviewed
    assert not rows["es"].complete
    page = app.test_client().get("/status/").get_data(as_text=True)
    assert f"old <time datetime=\"{cell.english_reviewed.isoformat()}\"" in page


def test_the_command_prints_the_same(app):
    site = app.extensions["pocketrights"]
    lines = dashboard.lines(site, app.config["CONTENT_DIR"], app.config["TRANSLATIONS_DIR"])
    spanish = next(line for line in lines if line.startswith("\nes "))
    assert "incomplete" in spanish and "guides" in spanish and "UI" in spanish
    assert any(line.strip().startswith("missing:") and "quick" in line for line in lines)
