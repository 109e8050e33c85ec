"""The content model: every guide, phrase and translation, parsed once into immutable objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from markdown_it.token import Token

from .documents import ID_PATTERN, FrontMatter, load_yaml, read_text, revision
from .languages import SOURCE_LANGUAGE
from .markdown import EXTERNAL_LINK, INTERNAL_LINK, make_parser, references
from .problems import WARNING, ContentError, Problem

KINDS = ("guide", "urgent", "card")
STATUSES = ("machine-translated", "community-translated", "reviewed")
LINK_ALIASES = {"legal-help": "LEGAL_HELP_URL"}  # link targets written once, in configuration
RESERVED_SLUGS = frozenset({"phrases", "static", *LINK_ALIASES})
SOURCE_FIELDS = {"title", "summary", "order", "kind", "reviewed", "do_now", "sources"}
TRANSLATION_FIELDS = {"title", "summary", "do_now", "status", "source_revision"}
DO_NOW_MOST = 6
PHRASES_FILE = "phrases.yaml"
MD = make_parser()


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
    reviewed: date
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
    status: str
    source_revision: str | None


@dataclass(frozen=True)
class Phrases:
    """The "say this" sentences in one language, by id."""

    lang: str
    path: Path
    status: str
    source_revision: str | None
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Content:
    guides: Mapping[str, Guide]  # by slug, in home-page order
    texts: Mapping[tuple[str, str], Text]  # by (lang, slug)
    phrases: Mapping[str, Phrases]  # by lang
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



def _key_lines(text: str) -> dict[str, int]:
    """The file line where each indented `key:` of a YAML mapping is written."""
    found = {}
    for number, line in enumerate(text.split("\n"), start=1):
        key = line.strip().split(":", 1)[0]
        if line[:1].isspace() and ":" in line:
            found.setdefault(key, number)
    return found


def _parse_phrases(path: Path, translation: bool) -> Phrases:
    source = read_text(path)
    data = load_yaml(path, source)
    lines = _key_lines(source)
    fields = {"phrases", "status", "source_revision"} if translation else {"phrases"}
    if not isinstance(data, dict) or not isinstance(data.get("phrases"), dict):
        raise ContentError(Problem(path, 1, "expected a 'phrases:' mapping of id: sentence"))
    for field in data:
        if field not in fields:
            raise ContentError(Problem(path, 1, f"unknown field '{field}'"))
    texts = {}
    for phrase_id, sentence in data["phrases"].items():
        if not isinstance(phrase_id, str) or not ID_PATTERN.match(phrase_id):
            raise ContentError(Problem(path, lines.get(str(phrase_id), 1),
                                       f"phrase id '{phrase_id}' must be lowercase-with-dashes"))
        if not isinstance(sentence, str) or not sentence.strip():
            raise ContentError(Problem(path, lines.get(phrase_id, 1), f"phrase '{phrase_id}' must be a sentence"))
        texts[phrase_id] = " ".join(sentence.split())
    status = data.get("status", "source")
    if translation and status not in STATUSES:
        raise ContentError(Problem(path, 1, f"'status' must be one of {', '.join(STATUSES)}"))
    return Phrases(path.parent.name, path, status, data.get("source_revision"), MappingProxyType(texts))


def _parse_text(path: Path, front: FrontMatter, translation: bool) -> Text:
    if translation:
        front.only(TRANSLATION_FIELDS, "order, kind, reviewed and sources come from the English file")
        status = front.get("status", str, lambda s: s in STATUSES, describe=" or ".join(STATUSES))
        source_revision = str(front.get("source_revision", (str, int)))
    else:
        front.only(SOURCE_FIELDS, "see CONTRIBUTING.md")
        status, source_revision = "source", None
    body = MD.parse(front.body)
    anchors = frozenset(str(t.attrGet("id")) for t in body if t.type == "heading_open" and t.attrGet("id"))
    return Text(
        slug=path.stem, lang=path.parent.name, path=path,
        title=front.text("title"), summary=front.text("summary"),
        do_now=tuple(tuple(MD.parseInline(line)) for line in front.lines("do_now", DO_NOW_MOST)),
        body=tuple(body), anchors=anchors, status=status, source_revision=source_revision,
    )


def _parse_guide(path: Path, front: FrontMatter) -> Guide:
    sources = []
    for item in front.get("sources", list, bool, describe="a list of sources"):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) \
                or not EXTERNAL_LINK.match(str(item.get("url", ""))):
            raise front.problem("sources", "each source needs a 'title' and an https:// 'url'")
        sources.append(Source(item["title"].strip(), item["url"].strip(), item.get("primary") is True))
    if not any(source.primary for source in sources):
        raise front.problem("sources", "at least one source must be primary law ('primary: true')")
    return Guide(
        slug=path.stem, order=front.get("order", int), reviewed=front.day("reviewed"),
        kind=front.get("kind", str, lambda k: k in KINDS, "guide", " or ".join(KINDS)),
        sources=tuple(sources), revision=revision(path),
    )


def _check_references(text: Text, body_line: int, texts: Mapping[str, Text], phrases: Phrases) -> None:
    for ref in references(text.body, body_line):
        problem = None
        if ref.kind == "malformed":
            problem = f"'{ref.target}' looks like a phrase but is not '{{{{ say: id }}}}' on its own line"
        elif ref.kind == "phrase" and ref.target not in phrases.texts:
            problem = f"unknown phrase '{ref.target}' (not in {phrases.path})"
        elif ref.kind == "link" and not EXTERNAL_LINK.match(ref.target) and ref.target not in LINK_ALIASES:
            internal = INTERNAL_LINK.match(ref.target)
            target = texts.get(internal.group(1)) if internal else None
            if target is None:
                problem = f"link to '{ref.target}': not a guide slug nor an https:// address"
            elif internal.group(2) and internal.group(2) not in target.anchors:
                problem = f"link to '{ref.target}': '{target.slug}' has no heading {{#{internal.group(2)}}}"
        if problem:
            raise ContentError(Problem(text.path, ref.line, problem))


def _guide_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def load(content_dir: Path, languages: list[str]) -> Content:
    """Read every file under content_dir; a file with a problem is left out and reported."""
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    guides: dict[str, Guide] = {}
    texts: dict[tuple[str, str], Text] = {}
    phrases: dict[str, Phrases] = {}
    fronts: dict[tuple[str, str], FrontMatter] = {}

    for lang in languages:
        translation = lang != SOURCE_LANGUAGE
        phrase_path = content_dir / lang / PHRASES_FILE
        try:
            if phrase_path.exists() or not translation:
                phrases[lang] = _parse_phrases(phrase_path, translation)
        except (ContentError, OSError) as error:
            problems.append(getattr(error, "problem", Problem(phrase_path, 0, str(error))))
        for path in _guide_files(content_dir / lang):
            slug = path.stem
            try:
                if not ID_PATTERN.match(slug) or slug in RESERVED_SLUGS:
                    raise ContentError(Problem(path, 0, "file name must be lowercase-with-dashes and "
                                                        f"not one of {', '.join(sorted(RESERVED_SLUGS))}"))
                if translation and slug not in guides:
                    raise ContentError(Problem(path, 0, f"no English guide content/en/{path.name}"))
                front = FrontMatter(path, read_text(path))
                if not translation:
                    guides[slug] = _parse_guide(path, front)
                texts[(lang, slug)] = _parse_text(path, front, translation)
                fronts[(lang, slug)] = front
            except ContentError as error:
                problems.append(error.problem)
                broken.add((lang, slug))

    english_phrases = phrases.get(SOURCE_LANGUAGE, Phrases(SOURCE_LANGUAGE, Path(), "source", None, {}))
    english_texts = {slug: t for (lang, slug), t in texts.items() if lang == SOURCE_LANGUAGE}
    for key, text in sorted(texts.items(), key=lambda kv: kv[0] != SOURCE_LANGUAGE):
        try:
            _check_references(text, fronts[key].body_line, english_texts, english_phrases)
        except ContentError as error:
            problems.append(error.problem)
            broken.add(key)
            del texts[key]
            if key[0] == SOURCE_LANGUAGE:
                del guides[key[1]]
    problems.extend(_translation_warnings(guides, texts, phrases, english_phrases, content_dir))
    ordered = dict(sorted(guides.items(), key=lambda kv: (kv[1].order, kv[0])))
    return Content(
        guides=MappingProxyType(ordered), texts=MappingProxyType(texts),
        phrases=MappingProxyType(phrases), problems=tuple(problems), broken=frozenset(broken),
        revisions=MappingProxyType({f"{slug}.md": g.revision for slug, g in ordered.items()}
                                   | {PHRASES_FILE: _phrases_revision(content_dir)}),
    )


def _phrases_revision(content_dir: Path) -> str:
    path = content_dir / SOURCE_LANGUAGE / PHRASES_FILE
    return revision(path) if path.exists() else ""


def _translation_warnings(guides, texts, phrases, english_phrases, content_dir) -> list[Problem]:
    warnings = []
    for (_lang, slug), text in texts.items():
        if slug in guides and text.source_revision not in (None, guides[slug].revision):
            warnings.append(Problem(text.path, 1, f"translation is behind content/en/{slug}.md "
                                    f"(made from {text.source_revision}, now {guides[slug].revision})",
                                    WARNING))
    current = _phrases_revision(content_dir)
    for lang, book in phrases.items():
        if lang == SOURCE_LANGUAGE:
            continue
        if book.source_revision != current:
            warnings.append(Problem(book.path, 1, f"translation is behind content/en/{PHRASES_FILE} "
                                    f"(made from {book.source_revision}, now {current})", WARNING))
        for phrase_id in english_phrases.texts:
            if phrase_id not in book.texts:
                warnings.append(Problem(book.path, 0, f"phrase '{phrase_id}' is not translated", WARNING))
        for phrase_id in book.texts:
            if phrase_id not in english_phrases.texts:
                warnings.append(Problem(book.path, 0, f"phrase '{phrase_id}' is not in English", WARNING))
    return warnings
