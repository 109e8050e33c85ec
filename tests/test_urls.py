from pocketrights.urls import Linker


def test_links_are_relative_to_the_page():
    assert Linker("es/door/")("en/door/") == "../../en/door/"
    assert Linker("")("es/") == "es/"
    assert Linker("es/")("static/style.css") == "../static/style.css"


def test_export_spells_out_index_html_for_file_urls():
    assert Linker("es/door/", index_html=True)("en/") == "../../en/index.html"
    assert Linker("", index_html=True)("") == "index.html"
    assert Linker("es/door/", index_html=True)("es/door/", "warrant") == "../../es/door/index.html#warrant"


def test_error_pages_link_from_a_base():
    assert Linker("", base="/kyr/")("static/x.css") == "/kyr/static/x.css"
