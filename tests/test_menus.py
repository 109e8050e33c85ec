"""The language menu and alternate links, built as strings: escaped as the templates would escape them."""

from __future__ import annotations

from markupsafe import escape

from pocketrights.languages import Language
from pocketrights.menus import alternate_links, menu_items

LATIN = Language(code="en", name="English", direction="ltr", babel_code="en")
ARABIC = Language(code="ar", name="العربية", direction="rtl", babel_code="ar")
ODD = Language(code="x-q", name='Q&"<A>\'', direction="ltr", babel_code="en")


def test_menu_marks_the_current_language_and_a_change_of_script():
    html = menu_items([(LATIN, "../../en/door/", False), (ARABIC, "../../ar/door/", True)])
    assert html == ('<li><a href="../../en/door/" lang="en" hreflang="en"><span dir="ltr">English</span></a></li>\n'
                    '<li class="script"><a href="../../ar/door/" lang="ar" hreflang="ar" aria-current="true">'
                    '<span dir="rtl">العربية</span></a></li>\n')


def test_every_value_is_escaped_as_jinja_escapes_it():
    url = "a&b\"c'<d>"
    html = menu_items([(ODD, url, False)]) + alternate_links([(ODD.code, url)])
    assert str(escape(url)) in html and url not in html
    assert str(escape(ODD.name)) in html and ODD.name not in html
