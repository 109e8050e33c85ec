"""The group's own details: hotlines from a TOML file or the environment, numbers checked, names translated."""

import pytest
from conftest import FIXTURE_CONTENT, make_app

from pocketrights.group import Group, GroupError, load

GROUP = """
name = "Eastside Rapid Response"
website = "https://eastside.example.org/"

[[hotline]]
number = "(512) 270-1266"
names = { en = "Rapid response, 24 hours", es = "Respuesta rápida, 24 horas" }

[[hotline]]
number = "1-844-555-0199"
name = "National line"
"""


def test_a_group_file_gives_named_hotlines_in_e164(tmp_path):
    path = tmp_path / "group.toml"
    path.write_text(GROUP)
    group = load({"GROUP_FILE": str(path)})
    assert group.name == "Eastside Rapid Response"
    assert [(line.number, line.e164) for line in group.hotlines] == [
        ("(512) 270-1266", "+15122701266"), ("(844) 555-0199", "+18445550199")]
    assert group.hotlines[0].name("es") == "Respuesta rápida, 24 horas"
    assert group.hotlines[1].name("es") == "National line" and group.hotlines[1].name_lang("es") == "en"


def test_the_environment_overrides_the_file(tmp_path):
    path = tmp_path / "group.toml"
    path.write_text(GROUP)
    group = load({"GROUP_FILE": str(path), "HOTLINE_NUMBER": "+44 20 7946 0958", "HOTLINE_NAME": "London"})
    assert [(line.number, line.e164, line.name("en")) for line in group.hotlines] == [
        ("+44 20 7946 0958", "+442079460958", "London")]


@pytest.mark.parametrize(("text", "message"), [
    ('[[hotline]]\nnumber = "12"', "not a valid phone number"),
    ('[[hotline]]\nname = "x"', "needs a number"),
    ('hotlines = 1', "unknown setting hotlines"),
    ('name = "unclosed', "group.toml"),
])
def test_a_broken_group_file_is_a_clear_error_naming_it(tmp_path, text, message):
    path = tmp_path / "group.toml"
    path.write_text(text)
    with pytest.raises(GroupError, match=message) as error:
        load({"GROUP_FILE": str(path)})
    assert str(path) in str(error.value)


def test_a_broken_group_file_never_stops_the_guides(tmp_path):
    path = tmp_path / "group.toml"
    path.write_text('[[hotline]]\nnumber = "12"')
    app = make_app(FIXTURE_CONTENT, GROUP_FILE=str(path))
    assert app.extensions["pocketrights.group"] == Group()
    assert 'class="hotline unset"' in app.test_client().get("/en/door/").get_data(as_text=True)


def test_every_hotline_is_a_proper_tel_link_with_its_name_in_the_readers_language(tmp_path):
    path = tmp_path / "group.toml"
    path.write_text(GROUP)
    client = make_app(FIXTURE_CONTENT, GROUP_FILE=str(path)).test_client()
    spanish = client.get("/es/door/").get_data(as_text=True)
    assert 'href="tel:+15122701266"' in spanish and 'href="tel:+18445550199"' in spanish
    assert '<span class="line-name" lang="es" dir="ltr">Respuesta rápida, 24 horas</span>' in spanish
    assert '<span class="line-name" lang="en" dir="ltr">National line</span>' in spanish
