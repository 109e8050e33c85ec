"""The printed documents, read back from the real PDFs: sizes, ten cards a sheet with backs behind their
fronts, the group's hotline or a line to write one, every glyph in a font, right-to-left layout."""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from helpers import complete_languages
from pypdf import PdfReader
from pypdf.generic import ContentStream

from pocketrights import create_app, pdf, print_files
from pocketrights.export import export

GROUP = """\
name = "Eastside Rapid Response"
website = "https://eastside.example.org/"
logo = "logo.svg"

[[hotline]]
number = "(512) 555-0199"
names = { en = "Rapid response, 24 hours", es = "Respuesta rápida, 24 horas" }
"""
SITE_URL = "https://rights.example.org/"
LANGUAGES = list(dict.fromkeys([*complete_languages(), "ar"]))  # Arabic: right to left, even before its guides
LAYOUT_LANGUAGES = ["en", "es", "ar"]  # every paper and layout: left to right, a translation, right to left
LAYOUT_DOCUMENTS = ["red-card.pdf", "red-card-sheet-letter.pdf", "red-card-sheet-a4.pdf", "fast-removal-card.pdf",
                    "guides-a5.pdf", "at-the-door-half-letter.pdf", "zine-letter.pdf", "zine-a4.pdf"]
EVERY_WORD = ["red-card.pdf"]  # in every language: the card (the build itself refuses a character no font has)


@pytest.fixture(scope="module")
def group_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("group")
    (folder / "logo.svg").write_bytes((ROOT / "static" / "icon.svg").read_bytes())
    (folder / "group.toml").write_text(GROUP, encoding="utf-8")
    return folder / "group.toml"


@pytest.fixture(scope="module")
def with_group(group_file):
    return create_app({"SITE_URL": SITE_URL, "GROUP_FILE": str(group_file), "TESTING": True})


@pytest.fixture(scope="module")
def made(with_group, tmp_path_factory) -> dict[tuple[str, str], bytes]:
    """Every paper and layout in English, Spanish and Arabic; the card and the booklet of every guide (so every
    word of the language) in every complete language."""
    with_group.config["PRINT_CACHE"] = str(tmp_path_factory.mktemp("print-cache"))  # made now, not reused
    files = print_files.build(with_group, LAYOUT_LANGUAGES, only=LAYOUT_DOCUMENTS)  # in parallel, as the export
    files |= print_files.build(with_group, LANGUAGES, only=EVERY_WORD)
    assert set(files) == {(lang, name) for lang in LAYOUT_LANGUAGES for name in LAYOUT_DOCUMENTS} | {
        (lang, name) for lang in LANGUAGES for name in EVERY_WORD}
    return {key: path.read_bytes() for key, path in files.items()}


def sizes(data: bytes) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(BytesIO(data)).pages]


def words(data: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) on a page (1-based), from poppler's pdftotext, y from the top."""
    found = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"], input=data,
                           capture_output=True, check=True).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, found)]


def text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_every_document_has_its_paper_size(made):
    for lang in LANGUAGES:
        assert sizes(made[(lang, "red-card.pdf")]) == [(270, 162), (270, 162)]  # 3.5 x 2 in plus 1/8 in bleed
        card = PdfReader(BytesIO(made[(lang, "red-card.pdf")])).pages[0]
        assert (round(float(card.trimbox.width)), round(float(card.trimbox.height))) == (252, 144)
    for lang in LAYOUT_LANGUAGES:
        assert sizes(made[(lang, "red-card-sheet-letter.pdf")]) == [(612, 792)] * 2
        assert sizes(made[(lang, "red-card-sheet-a4.pdf")]) == [(595, 842)] * 2
        assert set(sizes(made[(lang, "guides-a5.pdf")])) == {(420, 595)}
        assert set(sizes(made[(lang, "at-the-door-half-letter.pdf")])) == {(396, 612)}
        assert sizes(made[(lang, "zine-letter.pdf")]) == [(792, 612)]  # a Letter sheet, landscape
        assert sizes(made[(lang, "zine-a4.pdf")]) == [(842, 595)]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_ten_cards_a_sheet_each_back_behind_its_front(made, paper):
    data = made[("en", f"red-card-sheet-{paper}.pdf")]
    width = sizes(data)[0][0]
    front, back = words(data, 1), words(data, 2)
    assert sum(w == "Red" for w, *_ in front) == 10
    assert sum(w == "exercising" for w, *_ in back) == 10  # the statement for the officer, on every back
    labels = [{w: ((x0 + x1) / 2, (y0 + y1) / 2) for w, x0, y0, x1, y1 in side  # the numbers in the margins
               if w.isdigit() and (x1 < 60 or x0 > width - 60)} for side in (front, back)]
    for number in map(str, range(1, 11)):
        (fx, fy), (bx, by) = labels[0][number], labels[1][number]
        assert abs(by - fy) < 1, number  # same row
        assert abs(bx - (width - fx)) < 12, f"card {number}: front at x={fx:.0f}, back at x={bx:.0f}"  # flipped


def test_cards_carry_the_groups_hotline_and_a_line_for_a_lawyer(made):
    front = text(made[("es", "red-card.pdf")])
    assert "(512) 555-0199" in front and "Respuesta rápida" in front
    assert "Tarjeta roja" in front and "Mantenga la calma" in front
    statement = text(made[("es", "red-card.pdf")]).split("\f")[1]
    assert "I am exercising my right to remain silent" in " ".join(statement.split())


def test_without_a_hotline_every_card_leaves_a_line_to_write_one(tmp_path):
    """Both cards of every language still fit one side when lines to write on replace the hotline
    (Urdu and Burmese once did not: two empty lines under their labels took a third of the card)."""
    app = create_app({"SITE_URL": SITE_URL, "TESTING": True, "HOTLINE_NUMBER": "", "GROUP_FILE": "",
                      "PRINT_CACHE": str(tmp_path)})
    cards = ["red-card.pdf", "fast-removal-card.pdf"]
    files = print_files.build(app, LANGUAGES, only=cards)  # a card that does not fit stops the build
    for (lang, name), path in files.items():
        assert sizes(path.read_bytes()) == [(270, 162), (270, 162)], (lang, name)
    front = text(files[("en", "red-card.pdf")].read_bytes()).split("\f")[0]
    assert "Hotline:" in front and not re.search(r"\(\d{3}\) \d{3}-\d{4}", front)


def glyph_problems(data: bytes) -> list[str]:
    """Glyphs drawn that the embedded font does not have (WeasyPrint would show an empty box)."""
    reader, problems = PdfReader(BytesIO(data)), []
    for number, page in enumerate(reader.pages, 1):
        fonts = {}
        for name, ref in page["/Resources"].get("/Font", {}).items():
            descendant = ref.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            key = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor)
            stream = descriptor[key].get_object()
            program = stream.get_data()
            if key == "/FontFile2" or stream.get("/Subtype") == "/OpenType":  # TrueType, or OpenType CFF (CJK)
                fonts[name] = TTFont(BytesIO(program))["maxp"].numGlyphs
            else:
                cff = CFFFontSet()
                cff.decompile(BytesIO(program), None)
                fonts[name] = len(cff[cff.fontNames[0]].CharStrings)
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = operands[0]
            elif operator in (b"Tj", b"TJ"):
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for item in strings:
                    if isinstance(item, (int, float)):
                        continue
                    raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item, "latin-1")
                    for index in range(0, len(raw) - 1, 2):
                        glyph = raw[index] << 8 | raw[index + 1]
                        if glyph >= fonts[current]:
                            problems.append(f"page {number}: glyph {glyph} not in font {current}")
    return problems


def test_every_glyph_drawn_is_in_an_embedded_font(made):
    for (lang, name), data in made.items():
        assert glyph_problems(data) == [], f"{lang}/{name}"
    assert "اعرف حقوقك" in text(made[("ar", "guides-a5.pdf")])


def test_the_glyph_check_sees_a_missing_glyph_and_the_build_refuses_it():
    with pytest.raises(pdf.PrintError, match="U\\+E000"):
        pdf.to_pdf(pdf.render("<p>\ue000</p>"), "test")
    from weasyprint import HTML
    broken = HTML(string="<p>a\ue000b</p>").write_pdf()  # WeasyPrint alone draws an empty box
    assert glyph_problems(broken)


def test_right_to_left_prints_read_from_the_right(made):
    width = sizes(made[("ar", "guides-a5.pdf")])[0][0]
    title = [w for w in words(made[("ar", "guides-a5.pdf")], 1)  # (pdftotext -bbox gives Arabic in visual order)
             if w[0] in ("حقوقك", "اعرف") or w[0][::-1] in ("حقوقك", "اعرف")]
    assert title and min(w[1] for w in title) > width / 2  # the title starts at the right margin
    for lang, cover_side in (("en", "right"), ("ar", "left")):  # the zine's cover: bottom row, outer panel
        data = made[(lang, "zine-letter.pdf")]
        number = [w for w in words(data, 1) if w[0] == "555-0199"]
        assert number, lang
        x = number[0][1]
        assert (x > 792 * 3 / 4) if cover_side == "right" else (x < 792 / 4), (lang, x)


def test_pdftoppm_renders_the_sheet_a_booklet_page_and_the_zine(made, tmp_path):
    for lang in LAYOUT_LANGUAGES:
        for name, page in (("red-card-sheet-letter.pdf", 1), ("guides-a5.pdf", 3), ("zine-letter.pdf", 1)):
            source = tmp_path / f"{lang}-{name}"
            source.write_bytes(made[(lang, name)])
            subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(source),
                            str(tmp_path / f"{lang}-{name}")], check=True)
            image = next(tmp_path.glob(f"{lang}-{name}*.png"))
            assert image.stat().st_size > 2000, image  # something was drawn


def run_print(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "POCKETRIGHTS_CONTENT_DIR": str(FIXTURE_CONTENT),
                   "POCKETRIGHTS_PRINT_CACHE": str(tmp_path / "cache"), **env}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", "print", "--out", str(tmp_path / "out"),
                           *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)


def test_the_print_command_makes_a_groups_whole_set(tmp_path, group_file):
    result = run_print(tmp_path, "--group", str(group_file))
    assert result.returncode == 0, result.stderr
    assert "WARNING: no hotline is set" not in result.stderr and "wrote" in result.stdout
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.pdf"))
    assert "es/card-sheet-letter.pdf" in files and "ar/guides-a5.pdf" in files and "en/zine-a4.pdf" in files
    assert "(512) 555-0199" in text((tmp_path / "out" / "es" / "card.pdf").read_bytes())


def test_the_print_command_warns_loudly_without_a_hotline(tmp_path):
    result = run_print(tmp_path / "none", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "WARNING: no hotline is set" in result.stderr


def test_the_export_writes_every_pdf_and_its_print_page_lists_their_sizes(tmp_path):
    app = create_app({"CONTENT_DIR": FIXTURE_CONTENT, "PRINT_CACHE": str(tmp_path / "cache"), "TESTING": True})
    export(app, tmp_path / "site")
    page = (tmp_path / "site" / "es" / "print" / "index.html").read_text()
    pdfs = sorted((tmp_path / "site" / "es" / "print").glob("*.pdf"))
    assert len(pdfs) >= 10
    for path in pdfs:
        assert f'/print/{path.name}"' in page and f"{path.stat().st_size / 1024:.0f} KB" in page, path.name
    assert "print/index.html" in (tmp_path / "site" / "es" / "index.html").read_text()
    archive = (tmp_path / "site" / "downloads" / "pocket-rights.zip").read_bytes()
    assert b"/print/" not in archive  # the offline packs stay small: no PDFs


def test_the_server_makes_a_pdf_when_asked(client):
    response = client.get("/es/print/card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert client.get("/es/print/no-such.pdf").status_code == 404
    assert client.get("/es/print/").status_code == 200
