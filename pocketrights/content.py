"""The content model: every guide, phrase and translation, parsed once into immutable objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from markdown_it.token import Token

from .books import CHANGES_FILE, PHRASES_FILE, STATUSES, Book, Change, parse_changes, parse_phrases
from .documents import ID_PATTERN, FrontMatter, raw_value, read_text, revision
from .languages import SOURCE_LANGUAGE
from .markdown import EXTERNAL_LINK, INTERNAL_LINK, Aside, aside, make_parser, references
from .problems import WARNING, ContentError, Problem

KINDS = ("guide", "urgent", "card")
GROUPS = ("encounter", "situation", "before-after")  # where a guide is listed on the home page
LINK_ALIASES = {"legal-help": "LEGAL_HELP_URL"}  # link targets written once, in configuration
RESERVED_SLUGS = frozenset({"phrases", "changes", "offline", "take-offline", "print", "static", "downloads",
                            *LINK_ALIASES})
SOURCE_FIELDS = {"title", "summary", "order", "kind", "group", "reviewed", "do_now", "sources", "say_first"}
SAY_FIRST_MOST = 4  # phrases on the first screen of the urgent page and the home page
TRANSLATION_FIELDS = {"title", "summary", "do_now", "status", "source_revision", "back_translated"}
DO_NOW_MOST = 6
MD = make_parser()
BOOK_FILES = (PHRASES_FILE, CHANGES_FILE)
ASIDE_FORM = "'::: contested <the case or policy it depends on>; checked YYYY-MM-DD'"


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    primary: bool


@dataclass(frozen=True)
class Guide:
    """What every language of a guide shares; it comes from the English file."""

    slug: str
    order: int
    kind: str
    group: str
    reviewed: date  # the day every claim was last checked against its sources: "the law as of"
    say_first: tuple[str, ...]  # phrase ids shown first, before anything else (the urgent guide)
    sources: tuple[Source, ...]
    revision: str


@dataclass(frozen=True)
class Text:
    """A guide's words in one language. English texts have status "source"."""

    slug: str
    lang: str
    path: Path
    title: str
    summary: str
    do_now: tuple[tuple[Token, ...], ...]
    body: tuple[Token, ...]
    anchors: frozenset[str]
    asides: tuple[Aside, ...]
    status: str
    source_revision: str | None
    back_translated: date | None = None  # the day it was translated back to English and compared, point by point


@dataclass(frozen=True)
class Content:
    guides: Mapping[str, Guide]  # by slug, in home-page order
    texts: Mapping[tuple[str, str], Text]  # by (lang, slug)
    phrases: Mapping[str, Book]  # by lang
    changes: tuple[Change, ...]  # the change log, newest first
    change_texts: Mapping[str, Book]  # by lang
    problems: tuple[Problem, ...]
    broken: frozenset[tuple[str, str]]  # (lang, slug) files that exist but cannot be used
    revisions: Mapping[str, str]  # English file name -> revision

    def text(self, lang: str, slug: str) -> tuple[Text, str | None]:
        """The text to show for a guide in a language, and why it is not that language's own."""
        own = self.texts.get((lang, slug))
        english = self.texts[(SOURCE_LANGUAGE, slug)]
        if own is not None:
            behind = own.source_revision not in (None, self.guides[slug].revision)
            return own, "outdated" if behind else None
        if lang == SOURCE_LANGUAGE:
            return english, None
        return english, "broken" if (lang, slug) in self.broken else "untranslated"

    def phrase(self, lang: str, phrase_id: str) -> str | None:
        book = self.phrases.get(lang)
        return book.texts.get(phrase_id) if book else None

    def change_text(self, lang: str, change_id: str) -> tuple[str, str]:
        """A change-log entry in a language, or in English; and the language it is in."""
        book = self.change_texts.get(lang)
        if book and change_id in book.texts:
            return book.texts[change_id], lang
        return self.change_texts[SOURCE_LANGUAGE].texts[change_id], SOURCE_LANGUAGE


FORBIDDEN = [  # what Markdown would silently show as odd text, or what must never reach a reader's phone
    (re.compile(r"!\[[^\]]*\]\("), "images are not allowed: a reader's phone loads nothing but the page"),
    (re.compile(r"\]\(\s*<?\s*(javascript|data|vbscript|file):|<(javascript|data|vbscript|file):", re.I),
     "links may only go to https://, mailto:, tel:, a guide or (legal-help)"),
    (re.compile(r"<\s*/?\s*(?!https:|mailto:|tel:)[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?/?>"),
     "raw HTML is shown as text, not used: write Markdown"),
]


def _check_body(path: Path, front: FrontMatter) -> None:
    for number, line in enumerate(front.body.split("\n"), start=front.body_line):
        for pattern, problem in FORBIDDEN:
            if pattern.search(line):
                raise ContentError(Problem(path, number, problem))


def _parse_text(path: Path, front: FrontMatter, translation: bool) -> Text:
    if translation:
        front.only(TRANSLATION_FIELDS, "order, kind, reviewed and sources come from the English file")
        status = front.get("status", str, lambda s: s in STATUSES, describe=" or ".join(STATUSES))
        front.get("source_revision", (str, int))  # required
        source_revision = raw_value(front.source, "source_revision")
        back_translated = front.day("back_translated", None)
    else:
        front.only(SOURCE_FIELDS, "see CONTRIBUTING.md")
        status, source_revision, back_translated = "source", None, None
    _check_body(path, front)
    body = MD.parse(front.body)
    anchors = frozenset(str(t.attrGet("id")) for t in body if t.type == "heading_open" and t.attrGet("id"))
    asides = tuple(found for ref in references(body) if ref.kind == "aside" and (found := aside(ref.target)))
    return Text(
        slug=path.stem, lang=path.parent.name, path=path,
        title=front.text("title"), summary=front.text("summary"),
        do_now=tuple(tuple(MD.parseInline(line)) for line in front.lines("do_now", DO_NOW_MOST)),
        body=tuple(body), anchors=anchors, asides=asides, status=status, source_revision=source_revision,
        back_translated=back_translated,
    )


def _parse_guide(path: Path, front: FrontMatter) -> Guide:
    sources = []
    for item in front.get("sources", list, bool, describe="a list of sources"):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) \
                or not str(item.get("url", "")).startswith("https://"):
            raise front.problem("sources", "each source needs a 'title' and an https:// 'url'")
        sources.append(Source(item["title"].strip(), item["url"].strip(), item.get("primary") is True))
    if not any(source.primary for source in sources):
        raise front.problem("sources", "at least one source must be primary law ('primary: true')")
    return Guide(
        slug=path.stem, order=front.get("order", int), reviewed=front.day("reviewed"),
        kind=front.get("kind", str, lambda k: k in KINDS, "guide", " or ".join(KINDS)),
        group=front.get("group", str, lambda k: k in GROUPS, GROUPS[0], " or ".join(GROUPS)),
        sources=tuple(sources), revision=revision(path),
        say_first=front.lines("say_first", SAY_FIRST_MOST),
    )


def _check_references(path: Path, tokens, body_line: int, texts: Mapping[str, Text], phrases: Book | None,
                      existing: frozenset[str]) -> None:
    """Raise a ContentError for the first reference that cannot work.

    A link to a guide whose English file exists but is broken is allowed: it is shown as plain text
    with a note until that file is fixed. With no English phrase book, phrases are not checked here
    (the broken book is reported on its own and phrases show a notice).
    """
    for ref in references(tokens, body_line):
        problem = None
        if ref.kind == "aside" and aside(ref.target) is None:
            problem = f"a contested block must say what it depends on and when it was checked: {ASIDE_FORM}"
        elif ref.kind == "malformed":
            problem = f"'{ref.target}' looks like a phrase but is not '{{{{ say: id }}}}' on its own line"
        elif ref.kind == "phrase" and phrases is not None and ref.target not in phrases.texts:
            problem = f"unknown phrase '{ref.target}' (not in {phrases.path})"
        elif ref.kind == "link" and ref.target.lower().startswith("http:"):
            problem = f"link to '{ref.target}': use https:// (a plain http link can be read or changed on the way)"
        elif ref.kind == "link" and not EXTERNAL_LINK.match(ref.target) and ref.target not in LINK_ALIASES:
            internal = INTERNAL_LINK.match(ref.target)
            target = texts.get(internal.group(1)) if internal else None
            if target is None and internal and internal.group(1) in existing:
                continue  # that guide is broken and reported on its own; the link shows as plain text
            if target is None:
                problem = f"link to '{ref.target}': not a guide slug nor an https:// address"
            elif internal.group(2) and internal.group(2) not in target.anchors:
                problem = f"link to '{ref.target}': '{target.slug}' has no heading {{#{internal.group(2)}}}"
        if problem:
            raise ContentError(Problem(path, ref.line, problem))


def _guide_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def _read_book(path: Path, parse, translation: bool, required: bool, problems: list[Problem]):
    """What `parse` makes of a book file, or None (its problem recorded) when it is missing or broken."""
    try:
        if path.exists() or required:
            return parse(path, translation)
    except (ContentError, OSError) as error:
        problems.append(getattr(error, "problem", Problem(path, 0, str(error))))
    return None


def _checked_changes(changes: tuple[Change, ...], book: Book, existing: frozenset[str],
                     english_texts: Mapping[str, Text], problems: list[Problem]) -> tuple[Change, ...]:
    """The change-log entries whose guides exist and whose links resolve; the others are reported."""
    kept = []
    for change in changes:
        try:
            unknown = [slug for slug in change.guides if slug not in existing]
            if unknown:
                raise ContentError(Problem(book.path, change.line, f"'{change.id}': no guide {', '.join(unknown)}"))
            _check_references(book.path, MD.parseInline(book.texts[change.id]), change.line - 1, english_texts,
                              None, existing)
            kept.append(change)
        except ContentError as error:
            problems.append(error.problem)
    return tuple(kept)


def load(content_dir: Path, languages: list[str]) -> Content:
    """Read every file under content_dir; a file with a problem is left out and reported."""
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    guides: dict[str, Guide] = {}
    texts: dict[tuple[str, str], Text] = {}
    phrases: dict[str, Book] = {}
    change_texts: dict[str, Book] = {}
    changes: tuple[Change, ...] = ()
    fronts: dict[tuple[str, str], FrontMatter] = {}

    for lang in languages:
        translation = lang != SOURCE_LANGUAGE
        book = _read_book(content_dir / lang / PHRASES_FILE, parse_phrases, translation, not translation, problems)
        if book:
            phrases[lang] = book
        book, found = _read_book(content_dir / lang / CHANGES_FILE, parse_changes, translation, False, problems) \
            or (Book(lang, content_dir / lang / CHANGES_FILE, "source", None, {}), ())
        if book.texts or not translation:
            change_texts[lang] = book
        changes = changes if translation else found
        for path in _guide_files(content_dir / lang):
            slug = path.stem
            try:
                if not ID_PATTERN.match(slug) or slug in RESERVED_SLUGS:
                    raise ContentError(Problem(path, 0, "file name must be lowercase-with-dashes and "
                                                        f"not one of {', '.join(sorted(RESERVED_SLUGS))}"))
                if translation and slug not in guides:
                    if (content_dir / SOURCE_LANGUAGE / path.name).exists():
                        continue  # its English file is broken, and reported: the guide is left out everywhere
                    raise ContentError(Problem(path, 0, f"no English guide content/en/{path.name}"))
                front = FrontMatter(path, read_text(path))
                guide = None if translation else _parse_guide(path, front)
                texts[(lang, slug)] = _parse_text(path, front, translation)
                fronts[(lang, slug)] = front
                if guide:  # registered only once both its facts and its text are good
                    guides[slug] = guide
            except ContentError as error:
                problems.append(error.problem)
                broken.add((lang, slug))

    english_phrases = phrases.get(SOURCE_LANGUAGE)
    existing = frozenset(path.stem for path in _guide_files(content_dir / SOURCE_LANGUAGE))
    english_texts = {slug: t for (lang, slug), t in texts.items() if lang == SOURCE_LANGUAGE}
    for key, text in sorted(texts.items(), key=lambda kv: kv[0] != SOURCE_LANGUAGE):
        try:
            _check_references(text.path, text.body, fronts[key].body_line, english_texts, english_phrases, existing)
            guide = guides.get(key[1]) if key[0] == SOURCE_LANGUAGE else None
            unknown = [pid for pid in (guide.say_first if guide else ()) if english_phrases
                       and pid not in english_phrases.texts]
            if unknown:
                raise fronts[key].problem("say_first", f"unknown phrase '{unknown[0]}' (not in phrases.yaml)")
        except ContentError as error:
            problems.append(error.problem)
            broken.add(key)
            del texts[key]
            if key[0] == SOURCE_LANGUAGE:
                del guides[key[1]]
    english_texts = {slug: t for (lang, slug), t in texts.items() if lang == SOURCE_LANGUAGE}
    changes = _checked_changes(changes, change_texts[SOURCE_LANGUAGE], existing, english_texts, problems)
    problems.extend(_translation_warnings(guides, texts, content_dir))
    problems.extend(_book_warnings(phrases, PHRASES_FILE, "phrase", content_dir))
    problems.extend(_book_warnings(change_texts, CHANGES_FILE, "change", content_dir))
    ordered = dict(sorted(guides.items(), key=lambda kv: (kv[1].order, kv[0])))
    return Content(
        guides=MappingProxyType(ordered), texts=MappingProxyType(texts),
        phrases=MappingProxyType(phrases), changes=changes, change_texts=MappingProxyType(change_texts),
        problems=tuple(problems), broken=frozenset(broken),
        revisions=MappingProxyType({f"{slug}.md": g.revision for slug, g in ordered.items()}
                                   | {name: _book_revision(content_dir, name) for name in BOOK_FILES}),
    )


def _book_revision(content_dir: Path, name: str) -> str:
    path = content_dir / SOURCE_LANGUAGE / name
    return revision(path) if path.exists() else ""


def _translation_warnings(guides, texts, content_dir) -> list[Problem]:
    warnings = []
    for (lang, slug), text in texts.items():
        if slug in guides and text.source_revision not in (None, guides[slug].revision):
            warnings.append(Problem(text.path, 1, f"translation is behind content/en/{slug}.md "
                                    f"(made from {text.source_revision}, now {guides[slug].revision})",
                                    WARNING))
        english = texts.get((SOURCE_LANGUAGE, slug))
        if lang == SOURCE_LANGUAGE or not english:
            continue
        if text.asides != english.asides:
            warnings.append(Problem(text.path, 0, "its '::: contested' lines differ from the English guide's "
                                    "(copy them unchanged)", WARNING))
        if text.anchors != english.anchors:
            differ = sorted(text.anchors ^ english.anchors)
            warnings.append(Problem(text.path, 0, f"its heading ids differ from the English guide's: {differ} "
                                    "(keep every {#id} unchanged)", WARNING))
        mine, theirs = _refs(text), _refs(english)
        if mine != theirs:
            extra, lost = sorted(set(mine) - set(theirs)), sorted(set(theirs) - set(mine))
            warnings.append(Problem(text.path, 0, "its phrases and links differ from the English guide's "
                                    f"(only here: {extra or 'none'}; only in English: {lost or 'none'}; "
                                    "keep every {{ say: id }} line and link target)", WARNING))
    return warnings


def _refs(text: Text) -> list[str]:
    """The phrases and link targets of a text, in a fixed order: a translation has the same ones."""
    return sorted(f"{ref.kind}:{ref.target}" for ref in references(text.body) if ref.kind in ("phrase", "link"))


def _book_warnings(books: Mapping[str, Book], name: str, noun: str, content_dir: Path) -> list[Problem]:
    warnings = []
    current = _book_revision(content_dir, name)
    english = books.get(SOURCE_LANGUAGE)
    for lang, book in books.items():
        if lang == SOURCE_LANGUAGE or english is None:
            continue
        if book.source_revision != current:
            warnings.append(Problem(book.path, 1, f"translation is behind content/en/{name} "
                                    f"(made from {book.source_revision}, now {current})", WARNING))
        warnings += [Problem(book.path, 0, f"{noun} '{entry}' is not translated", WARNING)
                     for entry in english.texts if entry not in book.texts]
        warnings += [Problem(book.path, 0, f"{noun} '{entry}' is not in English", WARNING)
                     for entry in book.texts if entry not in english.texts]
    return warnings
