"""The glossary: the words the guides use for the law, written once per language, and a check that each
translation keeps to its language's words wherever the English guide uses the term."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .books import STATUSES
from .documents import ID_PATTERN, load_yaml, read_text
from .languages import SOURCE_LANGUAGE
from .problems import WARNING, ContentError, Problem

GLOSSARY_FILE = "glossary.yaml"
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{#[^}]*\}|\{\{[^}]*\}\}|https?://\S+")


@dataclass(frozen=True)
class Term:
    """One legal term: in English, what it means and how the guides write it; or a language's word for it."""

    id: str
    words: tuple[str, ...]  # English: the phrases that are this term; a translation: the forms that count
    means: str = ""
    english_first: bool = False  # give the English word in brackets on first use
    line: int = 0
    unless: tuple[str, ...] = ()  # English phrases that contain a match but are not this term ("search for")


def key_lines(text: str) -> dict[str, int]:
    return {match.group(1): number for number, line in enumerate(text.splitlines(), 1)
            if (match := re.match(r"^ {0,2}([a-z0-9-]+):", line))}


def _text_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(item, str) and item.strip() for item in value):
        return tuple(item.strip() for item in value)
    return None


def read_english(path: Path) -> tuple[dict[str, Term], list[Problem]]:
    """content/en/glossary.yaml: each term's meaning and the English phrases that are it."""
    if not path.exists():
        return {}, []
    try:
        text = read_text(path)
        data = load_yaml(path, text) or {}
    except ContentError as error:
        return {}, [error.problem]
    if not isinstance(data, dict):
        return {}, [Problem(path, 1, "expected term ids, each with means, match and (optionally) english")]
    lines, terms, problems = key_lines(text), {}, []
    for term_id, entry in data.items():
        line = lines.get(str(term_id), 0)
        match = _text_list(entry.get("match")) if isinstance(entry, dict) else None
        if not ID_PATTERN.match(str(term_id)) or match is None or not isinstance(entry.get("means"), str):
            problems.append(Problem(path, line, f"{term_id}: give 'means' (text) and 'match' (a list of phrases)"))
            continue
        terms[str(term_id)] = Term(str(term_id), match, entry["means"], bool(entry.get("english")), line,
                                   _text_list(entry.get("unless")) or ())
    return terms, problems


def read_translation(path: Path, english: dict[str, Term]) -> tuple[dict[str, Term], list[Problem]]:
    """content/<lang>/glossary.yaml: the language's word (and its other forms) for each term id."""
    try:
        text = read_text(path)
        data = load_yaml(path, text) or {}
    except ContentError as error:
        return {}, [error.problem]
    lines = key_lines(text)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), dict):
        return {}, [Problem(path, 1, "expected status, source_revision and terms (term id: term, forms)")]
    problems = []
    if data.get("status") not in STATUSES:
        problems.append(Problem(path, lines.get("status", 1), f"status must be {' or '.join(STATUSES)}"))
    terms = {}
    for term_id, entry in data["terms"].items():
        line = lines.get(str(term_id), 0)
        word = _text_list(entry.get("term")) if isinstance(entry, dict) else None
        forms = _text_list(entry.get("forms", [])) if isinstance(entry, dict) and entry.get("forms") else ()
        if str(term_id) not in english:
            problems.append(Problem(path, line, f"{term_id}: not a term of content/en/{GLOSSARY_FILE}"))
        elif word is None or forms is None:
            problems.append(Problem(path, line, f"{term_id}: give 'term' (the word the guides use) and, "
                                    "optionally, 'forms' (a list of other forms that count)"))
        else:
            terms[str(term_id)] = Term(str(term_id), word + forms, line=line)
    missing = sorted(set(english) - set(terms) - {p.message.split(":")[0] for p in problems})
    if missing:
        problems.append(Problem(path, 0, f"no word yet for: {', '.join(missing)}", WARNING))
    return terms, problems


def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", 0 if phrase.isupper() else re.IGNORECASE)


def uses(text: str, phrase: str, longer: tuple[str, ...] = ()) -> bool:
    """Whether English text uses a phrase as whole words (case-sensitive when written in capitals), not
    counting where it is part of a longer term (the "search" in "search warrant")."""
    for other in longer:
        text = _pattern(other).sub(" ", text)
    return _pattern(phrase).search(text) is not None


def longer_terms(english: dict[str, Term], term_id: str, phrase: str) -> tuple[str, ...]:
    """Other terms' phrases that contain this phrase, and the phrases this term says are not it."""
    return english[term_id].unless + tuple(
        other for other_id, term in english.items() if other_id != term_id for other in term.words
        if other != phrase and _pattern(phrase).search(other))


def prose(path: Path) -> str:
    """A guide's words as a reader sees them (title, summary, do_now and body), without link targets, ids
    or the other front-matter fields (sources, revisions) that are not read."""
    text = read_text(path)
    front, _, body = text.removeprefix("---\n").partition("\n---\n")  # checked by the content loader
    fields = load_yaml(path, front) or {}
    if not isinstance(fields, dict):
        fields = {}
    shown = [fields.get("title", ""), fields.get("summary", ""), *fields.get("do_now", [])]
    return LINK_TARGET.sub(" ", "\n".join(str(item) for item in shown) + "\n" + body)


def check(content_dir: Path, languages: list[str]) -> list[Problem]:
    """Each translated guide uses its language's word wherever its English guide uses a term."""
    english, problems = read_english(content_dir / SOURCE_LANGUAGE / GLOSSARY_FILE)
    english_texts = {path.stem: prose(path) for path in sorted((content_dir / SOURCE_LANGUAGE).glob("*.md"))}
    for lang in languages:
        path = content_dir / lang / GLOSSARY_FILE
        if lang == SOURCE_LANGUAGE or not english or not path.exists():
            continue
        words, found = read_translation(path, english)
        problems += found
        for guide in sorted((content_dir / lang).glob("*.md")):
            if guide.stem not in english_texts:
                continue
            try:
                translated = prose(guide).casefold()
            except ContentError:
                continue  # reported by the content check
            for term_id, term in words.items():
                used = any(uses(english_texts[guide.stem], phrase, longer_terms(english, term_id, phrase))
                           for phrase in english[term_id].words)
                if used and not any(form.casefold() in translated for form in term.words):
                    problems.append(Problem(guide, 0, f"glossary: the English uses '{english[term_id].words[0]}' "
                                            f"({term_id}) but this never says '{term.words[0]}' or another form "
                                            f"listed in {path.parent.name}/{GLOSSARY_FILE}", WARNING))
    return problems
