"""Where every translation stands, for volunteers and lawyers: one model shown at /status/ and printed
by `flask --app app status`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Blueprint, current_app, render_template

from .books import STATUSES
from .catalogs import catalog_path, read_catalog
from .checks import ui_strings
from .glossary import GLOSSARY_FILE
from .languages import SOURCE_LANGUAGE, Language
from .site import Site
from .views import begin, site

bp = Blueprint("dashboard", __name__)
STATUS_PAGE = "status/"
MARKS = {"missing": "–", "broken": "!", "outdated": "old", "machine-translated": "M", "community-translated": "V",
         "reviewed": "R"}


@dataclass(frozen=True)
class Cell:
    """One guide in one language: its state, and the days that matter."""

    state: str  # "missing", "broken", "outdated", or a status (machine-translated, community-translated, reviewed)
    back_translated: date | None = None
    english_reviewed: date | None = None  # for "outdated": the English it should follow


@dataclass(frozen=True)
class Row:
    language: Language
    cells: dict[str, Cell]  # by guide slug
    phrases: tuple[int, int]  # translated, of
    ui: tuple[int, int]  # UI strings translated, of
    glossary: bool

    @property
    def complete(self) -> bool:
        return (all(cell.state in STATUSES for cell in self.cells.values())
                and self.phrases[0] == self.phrases[1] and self.ui[0] == self.ui[1])

    @property
    def checked(self) -> date | None:
        """The oldest back-translation check of its guides (the whole language is checked as of then)."""
        days = [cell.back_translated for cell in self.cells.values()]
        return min(days) if days and all(days) else None


def cell(site_: Site, lang: str, slug: str) -> Cell:
    content = site_.content
    if (lang, slug) in content.broken:
        return Cell("broken")
    text = content.texts.get((lang, slug))
    if text is None:
        return Cell("missing")
    guide = content.guides[slug]
    if text.source_revision not in (None, guide.revision):
        return Cell("outdated", text.back_translated, guide.reviewed)
    return Cell(text.status, text.back_translated)


def rows(site_: Site, content_dir: Path, translations_dir: Path) -> list[Row]:
    """One row per language other than English, in site order."""
    expected = ui_strings()
    english = site_.content.phrases.get(SOURCE_LANGUAGE)
    found = []
    for code, language in site_.languages.items():
        if code == SOURCE_LANGUAGE:
            continue
        book = site_.content.phrases.get(code)
        total = len(english.texts) if english else 0
        phrases = (sum(pid in book.texts for pid in english.texts) if book and english else 0, total)
        path = catalog_path(translations_dir, language)
        catalog = read_catalog(path, language)[0] if path.exists() else None
        done = {m.id for m in catalog if m.id and m.string and not m.fuzzy} if catalog else set()
        found.append(Row(language, {slug: cell(site_, code, slug) for slug in site_.content.guides}, phrases,
                         (len(expected & done), len(expected)), (content_dir / code / GLOSSARY_FILE).exists()))
    return found


def lines(site_: Site, content_dir: Path, translations_dir: Path) -> list[str]:
    """The same as the page, as text for a terminal."""
    out = []
    for row in rows(site_, content_dir, translations_dir):
        language = row.language
        counts = {state: sum(c.state == state for c in row.cells.values()) for state in MARKS}
        out.append(f"\n{language.code} ({language.name}, {language.direction}): "
                   f"{'complete' if row.complete else 'incomplete'}; "
                   f"{sum(c.state in STATUSES for c in row.cells.values())}/{len(row.cells)} guides, "
                   f"phrases {row.phrases[0]}/{row.phrases[1]}, UI {row.ui[0]}/{row.ui[1]}, "
                   f"glossary {'yes' if row.glossary else 'no'}")
        out += [f"  {state}: {counts[state]}" for state in STATUSES if counts[state]]
        out.append(f"  back-translation checked: {row.checked or 'not for every guide'}")
        for state in ("outdated", "missing", "broken"):
            slugs = [slug for slug, c in row.cells.items() if c.state == state]
            if slugs:
                out.append(f"  {state}: {', '.join(slugs)}")
    return out


@bp.get(f"/{STATUS_PAGE}")
def status_page():
    english = site().languages[SOURCE_LANGUAGE]
    begin(english, STATUS_PAGE, lambda code: STATUS_PAGE)
    content = site().content
    config = current_app.config
    return render_template("status.html", rows=rows(site(), config["CONTENT_DIR"], config["TRANSLATIONS_DIR"]),
                           guides=list(content.guides.values()), marks=MARKS,
                           titles={slug: content.texts[(SOURCE_LANGUAGE, slug)].title for slug in content.guides})
