"""Printed documents: which PDFs each language has (cards, card sheets, booklets, a zine) and how each
is made from the same content, templates and group details as the site."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import Flask, current_app, g, render_template
from flask_babel import gettext
from markupsafe import Markup

from . import pdf
from .currency import law_as_of
from .languages import SOURCE_LANGUAGE, Language
from .single import entries, link_within
from .urls import Linker, home_path, page_path
from .views import begin, say_html, site

PAPER_LABELS = {"card": "3.5 × 2 in (89 × 51 mm)", "letter": "US Letter", "a4": "A4",
                "half-letter": "5.5 × 8.5 in", "a5": "A5"}
BOOKLET_PAPERS = ("half-letter", "a5")
SHEET_PAPERS = ("letter", "a4")


@dataclass(frozen=True)
class PrintDoc:
    """One PDF of a language: its file name under /<lang>/print/, what it is, its paper, its guide."""

    name: str
    kind: str  # "card", "card-sheet", "booklet", "zine"
    paper: str  # a key of PAPER_LABELS
    slug: str | None = None  # the guide; None: every guide


def catalogue() -> list[PrintDoc]:
    """Every PDF each language has, in the order the print page lists them."""
    guides = list(site().content.guides.values())
    docs = []
    for card in (guide for guide in guides if guide.kind == "card"):
        docs.append(PrintDoc(f"{card.slug}.pdf", "card", "card", card.slug))
        docs += [PrintDoc(f"{card.slug}-sheet-{paper}.pdf", "card-sheet", paper, card.slug) for paper in SHEET_PAPERS]
    docs += [PrintDoc(f"guides-{paper}.pdf", "booklet", paper) for paper in BOOKLET_PAPERS]
    urgent = next((guide for guide in guides if guide.kind == "urgent"), None)
    if urgent:
        docs += [PrintDoc(f"zine-{paper}.pdf", "zine", paper, urgent.slug) for paper in SHEET_PAPERS]
    for guide in (guide for guide in guides if guide.kind != "card"):
        docs += [PrintDoc(f"{guide.slug}-{paper}.pdf", "booklet", paper, guide.slug) for paper in BOOKLET_PAPERS]
    return docs


def public(path: str) -> str | None:
    """A page's full address, when the site has a public one (SITE_URL)."""
    base = current_app.config["SITE_URL"]
    return base + path if base else None


def short(address: str) -> str:
    return address.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")


def qr(address: str) -> Markup:
    """A QR code as vector SVG, drawn in the document itself."""
    return Markup(segno.make(address, error="m").svg_inline(scale=2, border=0, omitsize=True, dark="#000"))


def qr_codes(lang: str, slug: str | None) -> list[tuple[str, str, Markup]]:
    online = public(page_path(lang, slug) if slug else home_path(lang))
    offline = public(page_path(lang, "take-offline"))
    if not online or not offline:
        return []
    return [(gettext("Read it online"), short(online), qr(online)),
            (gettext("Keep it on your phone"), short(offline), qr(offline))]


def common(language: Language) -> dict:
    """What every print template uses: the stylesheet, the site's short address, the word for "page"."""
    home = public(home_path(language.code))
    return {"print_style": Markup(pdf.style_sheet()), "address": short(home) if home else "",
            "page_word": gettext("page").replace("\\", "").replace('"', "")}


def link_online(language: Language):
    """Links in a booklet of one guide: other guides by their public address (none without SITE_URL)."""
    def link(slug: str, fragment: str | None) -> str | None:
        target = link_within(slug, fragment)
        if target is None or not target.startswith("#"):
            return target
        return public(page_path(language.code, slug) + (f"#{fragment}" if fragment else ""))
    return link


def card_pdf(language: Language, doc: PrintDoc) -> tuple[bytes, bytes]:
    """A card's two sides, each a one-page PDF of 3.5 x 2 in with bleed: the holder's, then the officer's."""
    entry = entries(language, link_online(language), [doc.slug])[0]
    text, guide = entry["text"], entry["guide"]
    shared = common(language)

    def front(size: float) -> str:
        return render_template("print/card_front.html", text=text, guide=guide, do_now=entry["do_now"], size=size,
                               **shared)

    def back(size: float) -> str:
        return render_template("print/card_back.html", officer=entry["officer"], size=size, **shared)

    front_doc, _ = pdf.fit(front, 1, f"content/{language.code}/{doc.slug}.md (card front)")
    back_doc, _ = pdf.fit(back, 1, f"content/en/phrases.yaml ({doc.slug} card back)", sizes=(9, 8.5, 8) + pdf.FIT_SIZES)
    where = f"{language.code}/print/{doc.name}"
    return pdf.to_pdf(front_doc, f"{where} (front)"), pdf.to_pdf(back_doc, f"{where} (back)")


def sheet_note(language: Language, side: str) -> str:
    sides = {"front": gettext("Front"), "back": gettext("Back")}
    return f"{sides[side]} · " + gettext("Print on both sides, flipping on the long edge, at actual size (100%). "
                                         "Cut along the marks.")


def card_sheet(language: Language, doc: PrintDoc) -> bytes:
    front, back = (pdf.pages_of(side)[0] for side in card_pdf(language, doc))
    width, height = pdf.PAPERS[doc.paper]
    sides = []
    for side, card, mirrored in (("front", front, False), ("back", back, True)):
        marks = render_template("print/marks.html", width=width, height=height, **common(language),
                                marks=Markup(pdf.marks_html(doc.paper, mirrored, str(Markup.escape(
                                    sheet_note(language, side))), language.direction)))
        overlay = pdf.pages_of(pdf.to_pdf(pdf.render(marks)))[0]
        sides.append(pdf.sheet(card, overlay, doc.paper, mirrored))
    return pdf.write(sides)


def booklet(language: Language, doc: PrintDoc) -> bytes:
    width, height = pdf.PAPERS[doc.paper]
    content = site().content
    if doc.slug is None:
        guides = entries(language, link_within)
        english = content.phrases.get(SOURCE_LANGUAGE)
        phrases = [Markup(say_html(language, pid)) for pid in (english.texts if english else ())]
        title = gettext("Know your rights")
    else:
        guides, phrases = entries(language, link_online(language), [doc.slug]), []
        title = guides[0]["text"].title
    html = render_template("print/booklet.html", width=width, height=height, guides=guides, phrases=phrases,
                           contents=doc.slug is None, title=title, law_date=law_as_of(content),
                           codes=qr_codes(language.code, doc.slug), **common(language))
    return pdf.to_pdf(pdf.render(html), f"{language.code}/print/{doc.name}")


def zine(language: Language, doc: PrintDoc) -> bytes:
    entry = entries(language, link_online(language), [doc.slug])[0]
    width, height = pdf.zine_panel(doc.paper)

    def html(size: float) -> str:
        return render_template("print/zine.html", entry=entry, width=width, height=height, size=size,
                               codes=qr_codes(language.code, doc.slug), **common(language))

    document, _ = pdf.fit(html, 8, f"content/{language.code}/{doc.slug}.md (zine)", sizes=(8.5, 8) + pdf.FIT_SIZES)
    pages = pdf.pages_of(pdf.to_pdf(document, f"{language.code}/print/{doc.name}"))
    while len(pages) < 8:  # blank pages before the back cover
        pages.insert(len(pages) - 1, pdf.PageObject.create_blank_page(width=width, height=height))
    short_side, long_side = pdf.PAPERS[doc.paper]
    marks = render_template("print/marks.html", width=long_side, height=short_side, **common(language),
                            marks=Markup(pdf.zine_marks_html(doc.paper)))
    overlay = pdf.pages_of(pdf.to_pdf(pdf.render(marks)))[0]
    return pdf.write([pdf.zine_sheet(pages, overlay, doc.paper, language.direction == "rtl")])


def make(app: Flask, lang: str, doc: PrintDoc) -> bytes:
    """One PDF, made in a request context of its own (the page's language, the group's details)."""
    with app.app_context(), app.test_request_context(f"/{lang}/print/{doc.name}"):  # a g of its own
        language = site().languages[lang]
        begin(language, f"{lang}/print/")
        g.link = Linker(here="", base=current_app.config["SITE_URL"] or "/")
        if doc.kind == "card":
            front, back = card_pdf(language, doc)
            return pdf.write(pdf.pages_of(front) + pdf.pages_of(back))
        maker = {"card-sheet": card_sheet, "booklet": booklet, "zine": zine}[doc.kind]
        return maker(language, doc)

