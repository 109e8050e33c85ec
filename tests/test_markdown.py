from datetime import date

from pocketrights.markdown import Aside, RenderEnv, aside, make_parser, references, render

MD = make_parser()
ENV = RenderEnv(link=lambda slug, fragment: f"../{slug}/" + (f"#{fragment}" if fragment else ""),
                say=lambda phrase_id: f"<SAY {phrase_id}>",
                aside=lambda point: f"<ASIDE {point.name}|{point.topic}|{point.checked}>",
                unavailable=lambda: "<NOTE>")


def html(source: str) -> str:
    return render(MD, MD.parse(source), ENV)


def test_raw_html_is_shown_as_text_not_run():
    assert "&lt;script&gt;" in html("<script>alert(1)</script>")
    assert "<script" not in html("a <img src=x onerror=alert(1)> b")


def test_images_never_load():
    assert "<img" not in html("![tracker](https://tracker.example/pixel.png)")


def test_dangerous_link_schemes_are_dropped():
    assert "href=\"javascript" not in html("[x](javascript:alert(1)) <javascript:alert(1)>")


def test_heading_ids_phrases_links_and_asides():
    out = html("## Warrants {#warrant}\n\n{{ say: remain-silent }}\n\n[door](at-the-door#warrant) "
               "[x](https://example.org)\n\n::: contested An ICE memo; checked 2026-11-26\nMemo.\n:::\n")
    assert '<h2 id="warrant">Warrants</h2>' in out
    assert "<SAY remain-silent>" in out
    assert '<a href="../at-the-door/#warrant">door</a>' in out
    assert '<a href="https://example.org" rel="noreferrer">x</a>' in out
    assert "<ASIDE contested|An ICE memo|2026-11-26><p>Memo.</p>\n</aside>" in out


def test_an_aside_names_what_it_depends_on_and_when_it_was_checked():
    assert aside(" contested Make the Road New York v. Noem, No. 25-5320; checked 2026-06-23") == \
        Aside("contested", "Make the Road New York v. Noem, No. 25-5320", date(2026, 6, 23))
    for bad in ("contested", "contested Noem", "contested Noem; checked 2026-13-40", "contested ; checked 2026-01-01"):
        assert aside(bad) is None, bad
    refs = list(references(MD.parse("::: contested X; checked 2026-01-02\nY\n:::\n")))
    assert [(r.kind, r.target) for r in refs] == [("aside", "contested X; checked 2026-01-02")]


def test_rendering_does_not_change_the_parsed_tokens():
    tokens = MD.parse("[door](at-the-door) [x](https://example.org)")
    exported = RenderEnv(link=lambda slug, fragment: f"../{slug}/index.html", say=ENV.say, aside=ENV.aside,
                         unavailable=ENV.unavailable)
    render(MD, tokens, ENV)
    assert '<a href="../at-the-door/index.html">door</a>' in render(MD, tokens, exported)
    assert [r.target for r in references(tokens)] == ["at-the-door", "https://example.org"]


def test_references_carry_lines():
    refs = list(references(MD.parse("a\n\n{{ say: x }}\n\n[l](y)\n\n{{say broken}}\n"), line_offset=10))
    assert [(r.kind, r.target, r.line) for r in refs] == [
        ("phrase", "x", 12), ("link", "y", 14), ("malformed", "{{say broken}}", 16)]


def test_a_link_to_a_guide_that_is_not_available_becomes_plain_text_with_a_note():
    gone = RenderEnv(link=lambda slug, fragment: None if slug == "broken" else f"../{slug}/", say=ENV.say,
                     aside=ENV.aside, unavailable=ENV.unavailable)
    out = render(MD, MD.parse("See [the broken one](broken#x) and [the door](door)."), gone)
    assert out == ('<p>See <span class="unavailable">the broken one</span><NOTE> and '
                   '<a href="../door/">the door</a>.</p>\n')
