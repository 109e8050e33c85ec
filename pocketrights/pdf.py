"""Print-ready PDFs made with WeasyPrint from the print templates, and placed on sheets with pypdf:
a card of 3.5 x 2 in (with bleed), sheets of ten cards with crop marks for two-sided printing, and an
eight-page zine folded from one sheet."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PT_PER_IN = 72
PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89), "half-letter": (396.0, 612.0), "a5": (419.53, 595.28)}
CARD_W, CARD_H = 3.5 * PT_PER_IN, 2 * PT_PER_IN  # 252 x 144 pt
GRID = (2, 5)  # columns, rows of cards on a sheet
GUTTER = 18.0  # between the two columns: each card's bleed stays its own
FIT_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)  # font sizes tried, largest first, until the text fits


class PrintError(ValueError):
    """A document cannot be printed as asked (its text does not fit); the message says which and why."""


@cache
def fonts() -> FontConfiguration:
    return FontConfiguration()


@cache
def only_data() -> URLFetcher:
    """Print documents load nothing but what they carry (data: URIs, such as a group's logo)."""
    return URLFetcher(allowed_protocols=["data"], allow_redirects=False)


class MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint found in no installed font (it would draw empty boxes)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.characters: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(".notdef glyph") and record.args:
            self.characters.append(str(record.args[0]))


def render(html: str):
    """The laid-out pages of one print document."""
    return HTML(string=html, url_fetcher=only_data()).render(font_config=fonts())


def to_pdf(document, what: str = "a print document") -> bytes:
    """The PDF of laid-out pages; a PrintError if any character has no font (it would print as a box)."""
    missing = MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(missing)
    try:
        data = document.write_pdf(uncompressed_pdf=False, pdf_identifier=b"pocketrights", pdf_version="1.7")
    finally:
        logger.removeHandler(missing)
    if missing.characters:
        found = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(set(missing.characters)))
        raise PrintError(f"{what}: no installed font has {found}; install the Noto fonts for this script "
                         "(`make fonts`, or the Debian package fonts-noto-* that covers it)")
    return data


def fit(make_html: Callable[[float], str], most_pages: int, what: str,
        sizes: Sequence[float] = FIT_SIZES) -> tuple[object, float]:
    """The rendering at the largest font size whose pages number at most `most_pages`."""
    for size in sizes:
        document = render(make_html(size))
        if len(document.pages) <= most_pages:
            return document, size
    raise PrintError(f"{what}: the text does not fit on {most_pages} page(s) even at {sizes[-1]} pt; shorten it")


def pages_of(pdf: bytes) -> list[PageObject]:
    return list(PdfReader(BytesIO(pdf)).pages)


def write(pages: Sequence[PageObject]) -> bytes:
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page).compress_content_streams()
    writer.add_metadata({"/Producer": "Pocket Rights", "/Creator": "Pocket Rights"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Slot:
    """Where one card's trim box sits on a sheet: its number, and its lower-left corner in PDF points."""

    number: int
    x: float
    y: float


def card_slots(paper: str, mirrored: bool = False) -> list[Slot]:
    """The ten card positions on a sheet, numbered across then down. `mirrored`: the back of the sheet,
    for long-edge duplex, where each card's back lands behind its front (columns swap)."""
    width, height = PAPERS[paper]
    columns, rows = GRID
    block_w, block_h = columns * CARD_W + (columns - 1) * GUTTER, rows * CARD_H
    left, bottom = (width - block_w) / 2, (height - block_h) / 2
    slots = []
    for row in range(rows):
        for column in range(columns):
            x = left + column * (CARD_W + GUTTER)
            if mirrored:
                x = width - x - CARD_W
            slots.append(Slot(row * columns + column + 1, x, bottom + (rows - 1 - row) * CARD_H))
    return slots


def box(kind: str, left: float, top: float, width: float = 0, height: float = 0, text: str = "",
        extra: str = "") -> str:
    """An absolutely placed element of a marks page (CSS points from the top left)."""
    size = (f"width:{width:.2f}pt;" if width else "") + (f"height:{height:.2f}pt;" if height else "")
    return f'<div class="{kind}"{extra} style="left:{left:.2f}pt;top:{top:.2f}pt;{size}">{text}</div>'


def marks_html(paper: str, mirrored: bool, note: str, direction: str) -> str:
    """Crop marks at every cut line, outside the cards, each card's number beside it, and how to print."""
    width, height = PAPERS[paper]
    slots = card_slots(paper, mirrored)
    xs = sorted({s.x for s in slots} | {s.x + CARD_W for s in slots})
    ys = sorted({height - s.y for s in slots} | {height - s.y - CARD_H for s in slots})  # from the top
    parts = [box("mark", x - .25, start, .5, 18) for x in xs for start in (ys[0] - 24, ys[-1] + 6)]
    parts += [box("mark", start, y - .25, 18, .5) for y in ys for start in (xs[0] - 24, xs[-1] + 6)]
    for slot in slots:
        beside = slot.x - 16 if slot.x < width / 2 else slot.x + CARD_W + 8
        parts.append(box("label", beside, height - slot.y - CARD_H / 2 - 3, text=str(slot.number)))
    parts.append(box("how", xs[0], 3, xs[-1] - xs[0], text=note, extra=f' dir="{direction}"'))
    return "".join(parts)


def sheet(card: PageObject, overlay: PageObject, paper: str, mirrored: bool) -> PageObject:
    """One side of a sheet: the same card in all ten slots, the marks on top."""
    width, height = PAPERS[paper]
    page = PageObject.create_blank_page(width=width, height=height)
    for slot in card_slots(paper, mirrored):
        page.merge_transformed_page(card, Transformation().translate(slot.x, slot.y))
    page.merge_page(overlay)
    return page


ZINE_ORDER = ((6, 7, 8, 1), (5, 4, 3, 2))  # bottom row upright, top row upside down (left to right)


def zine_panel(paper: str) -> tuple[float, float]:
    width, height = PAPERS[paper]
    return height / 4, width / 2  # the sheet is used in landscape: 4 x 2 panels


def zine_sheet(pages: Sequence[PageObject], overlay: PageObject, paper: str, right_to_left: bool) -> PageObject:
    """Eight small pages on one landscape sheet, placed so that folding and one cut make a booklet."""
    short, long = PAPERS[paper]
    panel_w, panel_h = long / 4, short / 2
    sheet_page = PageObject.create_blank_page(width=long, height=short)
    for row, numbers in enumerate(ZINE_ORDER):
        for column, number in enumerate(reversed(numbers) if right_to_left else numbers):
            x, y = column * panel_w, row * panel_h
            if row == 0:
                move = Transformation().translate(x, y)
            else:  # upside down: it faces the right way once folded
                move = Transformation().rotate(180).translate(x + panel_w, y + panel_h)
            sheet_page.merge_transformed_page(pages[number - 1], move)
    sheet_page.merge_page(overlay)
    return sheet_page


def zine_marks_html(paper: str) -> str:
    """Dashed folds between the panels, and the one cut: across the middle, between the inner panels."""
    short, long = PAPERS[paper]
    panel_w, panel_h = long / 4, short / 2
    dashed_down = ' data-fold="down"'
    parts = [box("fold", panel_w * i, 0, 0, short, extra=dashed_down) for i in (1, 2, 3)]
    parts += [box("fold", left, panel_h, panel_w, 0, extra=' data-fold="across"') for left in (0, panel_w * 3)]
    parts.append(box("mark", panel_w, panel_h - .4, panel_w * 2, .8))
    return "".join(parts)


def style_sheet() -> str:
    return (Path(__file__).resolve().parent.parent / "templates" / "print" / "print.css").read_text(encoding="utf-8")
