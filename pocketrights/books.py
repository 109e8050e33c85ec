"""Translatable collections of short texts by id: the "say this" phrases and the public change log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .documents import ID_PATTERN, load_yaml, raw_value, read_text
from .problems import ContentError, Problem

STATUSES = ("machine-translated", "community-translated", "reviewed")
PHRASES_FILE = "phrases.yaml"
CHANGES_FILE = "changes.yaml"


@dataclass(frozen=True)
class Book:
    """Texts by id in one language (phrases or change-log entries). English books have status "source"."""

    lang: str
    path: Path
    status: str
    source_revision: str | None
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Change:
    """One dated entry of the change log: what changed in the law and in the guides it names."""

    id: str
    date: date
    guides: tuple[str, ...]
    line: int  # where it is written in content/en/changes.yaml


def key_lines(text: str) -> dict[str, int]:
    """The file line where each indented `key:` of a YAML mapping is first written."""
    found = {}
    for number, line in enumerate(text.split("\n"), start=1):
        key = line.strip().split(":", 1)[0]
        if line[:1].isspace() and ":" in line:
            found.setdefault(key, number)
    return found


def _one_line(path: Path, line: int, entry_id: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(Problem(path, line, f"'{entry_id}' must be a sentence"))
    return " ".join(value.split())


def _header(path: Path, data: Any, key: str, translation: bool) -> tuple[dict, str, str | None]:
    fields = {key, "status", "source_revision"} if translation else {key}
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        raise ContentError(Problem(path, 1, f"expected a '{key}:' mapping of id: text"))
    for field in data:
        if field not in fields:
            raise ContentError(Problem(path, 1, f"unknown field '{field}'"))
    status = data.get("status", "source")
    if translation and status not in STATUSES:
        raise ContentError(Problem(path, 1, f"'status' must be one of {', '.join(STATUSES)}"))
    return data[key], status, None


def _entries(path: Path, source: str, key: str, translation: bool) -> tuple[Book, dict[str, Any], dict[str, int]]:
    entries, status, _ = _header(path, load_yaml(path, source), key, translation)
    revision = raw_value(source, "source_revision")
    lines = key_lines(source)
    for entry_id in entries:
        if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
            raise ContentError(Problem(path, lines.get(str(entry_id), 1),
                                       f"id '{entry_id}' must be lowercase-with-dashes"))
    return Book(path.parent.name, path, status, revision, MappingProxyType({})), entries, lines


def parse_phrases(path: Path, translation: bool) -> Book:
    """content/<lang>/phrases.yaml: `phrases:` id -> sentence (plus status and source_revision in translations)."""
    book, entries, lines = _entries(path, read_text(path), "phrases", translation)
    texts = {pid: _one_line(path, lines.get(pid, 1), pid, value) for pid, value in entries.items()}
    return Book(book.lang, path, book.status, book.source_revision, MappingProxyType(texts))


def parse_changes(path: Path, translation: bool) -> tuple[Book, tuple[Change, ...]]:
    """content/<lang>/changes.yaml. English entries carry `date`, `guides` and `text`; translations only the text."""
    book, entries, lines = _entries(path, read_text(path), "changes", translation)
    texts, changes = {}, []
    for change_id, value in entries.items():
        line = lines.get(change_id, 1)
        if translation:
            texts[change_id] = _one_line(path, line, change_id, value)
            continue
        if not isinstance(value, dict) or set(value) != {"date", "guides", "text"}:
            raise ContentError(Problem(path, line, f"'{change_id}' needs exactly 'date', 'guides' and 'text'"))
        if not isinstance(value["date"], date):
            raise ContentError(Problem(path, line, f"'{change_id}': 'date' must be written YYYY-MM-DD"))
        guides = value["guides"]
        if not isinstance(guides, list) or not guides or not all(isinstance(g, str) for g in guides):
            raise ContentError(Problem(path, line, f"'{change_id}': 'guides' must list guide slugs"))
        texts[change_id] = _one_line(path, line, change_id, value["text"])
        changes.append(Change(change_id, value["date"], tuple(guides), line))
    changes.sort(key=lambda change: (change.date, change.line), reverse=True)
    return Book(book.lang, path, book.status, book.source_revision, MappingProxyType(texts)), tuple(changes)
