"""The pages: language chooser, language home, guide, red card and phrasebook."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, g, get_template_attribute, render_template, request
from markupsafe import Markup

from . import markdown, menus
from .content import GROUPS, LINK_ALIASES, MD, Guide
from .currency import is_stale, law_as_of
from .languages import SOURCE_LANGUAGE, Language, ranked, reader_accept
from .site import Site
from .sitemaps import language_sitemap, robots, sitemap_index
from .urls import Linker, home_path, page_path

bp = Blueprint("site", __name__)
bp.add_app_template_global(menus.menu_items)
bp.add_app_template_global(menus.alternate_links)
EXPORT_FLAG = "pocketrights.export"  # WSGI environ key set by the static export; its value is the site's root path


NO_PRINTS_FLAG = "pocketrights.no_prints"  # WSGI environ key set by an export that writes no PDFs
PACK_FLAG = "pocketrights.pack"  # WSGI environ key set while writing an offline pack: a language code, or "*" for all


def site() -> Site:
    return current_app.extensions["pocketrights"]


def exporting() -> bool:
    return bool(request.environ.get(EXPORT_FLAG))


def in_pack() -> bool:
    return bool(request.environ.get(PACK_FLAG))


def prints_shown() -> bool:
    """Whether pages link to the print page: PDFs are made (PRINTS), by this export too, and this is not
    an offline pack."""
    return bool(current_app.config["PRINTS"]) and not in_pack() and not request.environ.get(NO_PRINTS_FLAG)


def one_language_pack() -> bool:
    return request.environ.get(PACK_FLAG) not in (None, "", "*")


def linked_languages() -> dict[str, Language]:
    """The languages a page may link to: every one, but in a one-language pack only the page's own and
    English (the original every translated page links to). So a pack's pages are the same in every pack
    that holds them (its English pages in all of them); only its chooser names the pack's language."""
    if not one_language_pack():
        return site().languages
    own = g.language.code if g.get("language") else request.environ[PACK_FLAG]
    return {code: language for code, language in site().languages.items() if code in (own, SOURCE_LANGUAGE)}


def absolute(path: str) -> str:
    """A full URL for canonical and hreflang links from SITE_URL; relative without it.

    Never built from the request's Host header, which a client controls.
    """
    base = current_app.config["SITE_URL"]
    return base.rstrip("/") + "/" + path if base else g.link(path)


def begin(language: Language | None, here: str, path_in: Callable[[str], str] = home_path) -> None:
    """Set up the page being rendered: its language, where its links are relative to, and the same
    page in every other language (`path_in(code)`) for the language switcher."""
    g.language = language
    g.link = Linker(here=here, index_html=exporting())
    g.path_in = path_in
    g.switch = language_menu()


def language_menu() -> list[tuple[Language, str, bool]]:
    """The language switcher's entries for the page `begin` set up: each language, its link, whether current."""
    link, path_in, current = g.link, g.path_in, g.language
    return [(other, link(path_in(code)), other is current) for code, other in linked_languages().items()]


def page(template: str, **context) -> str:
    """render_template, noting which template and alternate links made the page (see pack_copy)."""
    g.page = (template, context.get("alternates", []))
    return render_template(template, **context)


def first_screen(language: Language) -> dict:
    """What a person in an encounter needs before anything else: the words to say, and the card."""
    content = site().content
    urgent = next((guide for guide in content.guides.values() if guide.kind == "urgent"), None)
    card = next((guide for guide in content.guides.values() if guide.kind == "card"), None)
    say = [(content.phrase(SOURCE_LANGUAGE, pid),
            content.phrase(language.code, pid) if language.code != SOURCE_LANGUAGE else None)
           for pid in (urgent.say_first if urgent else ())]
    return {"say": [item for item in say if item[0]],
            "card": (card, content.text(language.code, card.slug)[0]) if card else None}


def card_parts(text, env: markdown.RenderEnv) -> tuple[list[str], Markup]:
    """A card's body split in two: the sentences for the officer (its phrases, in English) and the
    rest (what the holder reads, in their language)."""
    content = site().content
    officer = [content.phrase(SOURCE_LANGUAGE, t.meta["id"]) or "" for t in text.body if t.type == "say"]
    rest = [t for t in text.body if t.type != "say"]
    return officer, Markup(markdown.render(MD, rest, env))


def length_class(sentences: list[str]) -> str:
    """A size class for text that must fit one screen: longer text, smaller letters (see style.css)."""
    length = sum(len(sentence) for sentence in sentences)
    return next(name for name, most in (("xs", 150), ("s", 260), ("m", 420), ("l", 600), ("xl", 10**9))
                if length <= most)


@bp.app_template_global()
def ui_lang() -> Markup:
    """The page's own language, for UI text placed inside content that may be shown in English
    (a global, so that macros rendered from Python have it too)."""
    return Markup(f' lang="{g.language.code}" dir="{g.language.direction}"')


@bp.app_context_processor
def page_helpers() -> dict:
    return {
        "href": lambda target, fragment=None: g.link(target, fragment),
        "home_href": lambda: g.link(home_path(g.language.code)),
        "page_href": lambda slug: g.link(page_path(g.language.code, slug)),
        "in_english": lambda text: Markup(' lang="en" dir="ltr"') if text.lang != g.language.code else "",
        "static": lambda name: g.link("static/" + site().static_names[name]),
        "site_style": Markup(site().style),  # our own stylesheet: trusted, and its hash is in the CSP
        "languages": site().languages,
        "config": current_app.config,
        "group": current_app.extensions["pocketrights.group"],
        "ui_unreadable": site().ui_unreadable,
        "law_as_of": lambda: law_as_of(site().content),
        "in_pack": in_pack,
        "prints_shown": prints_shown,
    }


def language_or_404(code: str) -> Language:
    language = site().languages.get(code)
    if language is None:
        abort(404)
    return language


def say_html(lang: Language, phrase_id: str, speak: bool = False) -> str:
    """A phrase shown in English (to say) and in the reader's language (to understand).

    When the English phrase book could not be read, the macro shows a notice instead of the sentence.
    Made once per page language (its labels' language) and kept: guides repeat the same phrases.
    """
    key = ("say", g.language.code, lang.code, phrase_id, speak)
    kept = site().fragments.get(key)
    if kept is None:
        content = site().content
        local = content.phrase(lang.code, phrase_id) if lang.code != SOURCE_LANGUAGE else None
        macro = get_template_attribute("_macros.html", "say")
        kept = site().fragments[key] = str(macro(content.phrase(SOURCE_LANGUAGE, phrase_id), local, lang, speak))
    return kept


def link_in_text(lang: Language, slug: str, fragment: str | None) -> str | None:
    """Where a link written as `(slug)` in Markdown goes: a guide, a configured address, or None."""
    if slug in LINK_ALIASES:
        return current_app.config[LINK_ALIASES[slug]]
    if slug not in site().content.guides:
        return None  # the guide has a problem and is left out until it is fixed
    return g.link(page_path(lang.code, slug), fragment)


def aside_html(point: markdown.Aside) -> str:
    """The opening of a contested block: its label, what it depends on and when it was checked."""
    return str(get_template_attribute("_macros.html", "aside_open")(point))


def render_env(lang: Language) -> markdown.RenderEnv:
    return markdown.RenderEnv(
        link=lambda slug, fragment: link_in_text(lang, slug, fragment),
        say=lambda phrase_id: say_html(lang, phrase_id),
        aside=aside_html,
        unavailable=lambda: str(get_template_attribute("_macros.html", "unavailable")()),
    )


def inline(tokens, env: markdown.RenderEnv) -> Markup:
    return Markup(markdown.render(MD, tokens, env))


def change_entries(lang: Language, slug: str | None = None) -> list[dict]:
    """The change log (newest first), or the entries about one guide, ready for a template."""
    content, env = site().content, render_env(lang)
    entries = []
    for change in content.changes:
        if slug is not None and slug not in change.guides:
            continue
        text, text_lang = content.change_text(lang.code, change.id)
        entries.append({"change": change, "text": inline(MD.parseInline(text), env), "english": text_lang != lang.code,
                        "guides": [(g, content.text(lang.code, g)[0]) for g in change.guides if g in content.guides]})
    return entries


def stale(guide: Guide) -> bool:
    return is_stale(guide.reviewed, current_app.config["REVIEW_MAX_AGE_DAYS"])


def alternates(path_in: Callable[[str], str], slug: str | None = None) -> list[tuple[str, str]]:
    """(hreflang, URL) for every language with its own version of this page, plus x-default.

    `path_in(code)` gives the page's path in a language; `slug` limits the set to translated guides.
    """
    g.alternates_of = (path_in, slug)
    codes = [code for code in linked_languages() if slug is None or (code, slug) in site().content.texts]
    return [(code, absolute(path_in(code))) for code in codes] + [("x-default", absolute(""))]


def chooser_order() -> list[Language]:
    """The chooser's languages, the reader's best match first: in a one-language pack (which has no reader's
    header to go by), the pack's own language."""
    header = request.headers.get("Accept-Language") or (request.environ[PACK_FLAG] if one_language_pack() else "")
    return ranked(linked_languages(), reader_accept(header))


@bp.get("/")
def chooser():
    choices = chooser_order()
    g.language_from_header = True
    begin(choices[0], "")
    g.switch = [(language, url, False) for language, url, _current in g.switch]  # none chosen yet
    return page("chooser.html", choices=choices, alternates=alternates(home_path)[-1:])


def public_address() -> str:
    """SITE_URL, or a 404: a sitemap needs absolute addresses, and only SITE_URL may give them."""
    if not current_app.config["SITE_URL"]:
        abort(404)
    return current_app.config["SITE_URL"]


@bp.get("/sitemap.xml")
def sitemap_xml():
    return current_app.response_class(sitemap_index(site(), public_address()), mimetype="application/xml")


@bp.get("/sitemaps/<lang>.xml")
def language_sitemap_xml(lang: str):
    language_or_404(lang)
    return current_app.response_class(language_sitemap(site(), lang, public_address(), current_app.config["PRINTS"]),
                                      mimetype="application/xml")


@bp.get("/robots.txt")
def robots_txt():
    return current_app.response_class(robots(current_app.config["SITE_URL"]), mimetype="text/plain")


@bp.get("/<lang>/")
def home(lang: str):
    language = language_or_404(lang)
    begin(language, home_path(lang))
    content = site().content
    env = render_env(language)
    entries = [(guide, content.text(lang, guide.slug)[0]) for guide in content.guides.values()]
    return page("home.html", entries=entries, env=env, inline=inline, groups=GROUPS, first=first_screen(language),
                canonical=absolute(home_path(lang)), alternates=alternates(home_path))


@bp.get("/<lang>/phrases/")
def phrasebook(lang: str):
    language = language_or_404(lang)
    begin(language, page_path(lang, "phrases"), lambda code: page_path(code, "phrases"))
    english = site().content.phrases.get(SOURCE_LANGUAGE)
    ids = list(english.texts) if english else []
    phrases = [Markup(say_html(language, phrase_id, speak=True)) for phrase_id in ids]
    return page("phrasebook.html", phrases=phrases, canonical=absolute(page_path(lang, "phrases")),
                alternates=alternates(lambda code: page_path(code, "phrases")))


@bp.get("/<lang>/changes/")
def changes(lang: str):
    language = language_or_404(lang)
    begin(language, page_path(lang, "changes"), lambda code: page_path(code, "changes"))
    return page("changes.html", entries=change_entries(language), canonical=absolute(page_path(lang, "changes")),
                alternates=alternates(lambda code: page_path(code, "changes")))


@bp.get("/<lang>/<slug>/")
def guide(lang: str, slug: str):
    language = language_or_404(lang)
    content = site().content
    guide: Guide | None = content.guides.get(slug)
    if guide is None:
        abort(404)
    begin(language, page_path(lang, slug), lambda code: page_path(code, slug))
    text, notice = content.text(lang, slug)
    own = text.lang == lang
    env = render_env(language)
    english_page = page_path(SOURCE_LANGUAGE, slug)
    extra = {}
    if guide.kind == "card":
        officer, holder = card_parts(text, env)
        local = [content.phrase(lang, t.meta["id"]) for t in text.body if t.type == "say"]
        extra = {"officer": officer, "holder": holder, "size": length_class(officer),
                 "local": [line for line in local if line] if lang != SOURCE_LANGUAGE else []}
    elif guide.kind == "urgent":
        extra = {"first": first_screen(language)}
    return page(
        "card.html" if guide.kind == "card" else "guide.html",
        guide=guide, text=text, notice=notice, own=own, **extra,
        body=Markup(markdown.render(MD, text.body, env)),
        do_now=[inline(item, env) for item in text.do_now],
        english_href=g.link(english_page),
        canonical=absolute(page_path(lang, slug) if own else english_page),
        alternates=alternates(lambda code: page_path(code, slug), slug) if own else [],
        stale=stale(guide), changes=change_entries(language, slug),
    )
