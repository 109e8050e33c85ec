"""One file per language: every guide, the cards and the phrasebook in a single HTML file that opens anywhere.

Sent through a messaging app or copied to a phone, it needs nothing else: the stylesheet is inside,
every link between guides is an anchor, and it loads nothing from anywhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from flask import Blueprint, abort, current_app, g, render_template
from markupsafe import Markup

from . import markdown
from .content import LINK_ALIASES, MD
from .languages import SOURCE_LANGUAGE, Language
from .views import begin, card_parts, language_or_404, render_env, say_html, site

bp = Blueprint("single", __name__)
HEADING_ID = re.compile(r' id="([A-Za-z0-9_-]+)"')
HEADING = re.compile(r"<(/?)h([2-5])\b")


def file_name(code: str) -> str:
    return f"pocket-rights-{code}.html"


def anchor(slug: str, fragment: str | None = None) -> str:
    return f"#{slug}--{fragment}" if fragment else f"#{slug}"


def inside(html: str, slug: str) -> str:
    """A guide's HTML placed in the one file: its ids made unique, its headings one level down."""
    html = HEADING_ID.sub(lambda m: f' id="{slug}--{m.group(1)}"', html)
    return HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def entries(language: Language, link: Callable[[str, str | None], str | None],
            slugs: Iterable[str] | None = None) -> list[dict]:
    """Guides ready to be placed one after another in one document (the one file, a booklet): ids made
    unique per guide, headings one level down, links made by `link(slug, fragment)`."""
    content = site().content
    env = dataclasses.replace(render_env(language), link=link)
    found = []
    for slug in slugs if slugs is not None else content.guides:
        guide = content.guides[slug]
        text, notice = content.text(language.code, slug)
        entry = {"guide": guide, "text": text, "notice": notice,
                 "do_now": [Markup(markdown.render(MD, item, env)) for item in text.do_now]}
        if guide.kind == "card":
            officer, holder = card_parts(text, env)
            entry.update(officer=officer, body=Markup(inside(str(holder), slug)))
        else:
            entry["body"] = Markup(inside(markdown.render(MD, text.body, env), slug))
        found.append(entry)
    return found


def link_within(slug: str, fragment: str | None) -> str | None:
    """A link inside one document holding every guide: an anchor, or a configured address."""
    if slug in LINK_ALIASES:
        return current_app.config[LINK_ALIASES[slug]]
    return anchor(slug, fragment) if slug in site().content.guides else None


@bp.get("/<lang>/pocket-rights-<code>.html")
def single_file(lang: str, code: str):
    language = language_or_404(lang)
    if code != lang:
        abort(404)
    begin(language, f"{lang}/")
    g.link = lambda target, fragment=None: anchor(target.strip("/").split("/")[-1] or lang, fragment)
    english = site().content.phrases.get(SOURCE_LANGUAGE)
    phrases = [Markup(say_html(language, pid)) for pid in (english.texts if english else ())]
    # As strict as a file can be: it loads nothing, runs nothing, and styles only with its own stylesheet.
    policy = f"default-src 'none'; style-src 'sha256-{site().style_hash}'; base-uri 'none'; form-action 'none'"
    return render_template("single.html", guides=entries(language, link_within), phrases=phrases, policy=policy,
                           site_url=current_app.config["SITE_URL"])
