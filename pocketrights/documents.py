"""Reading one content file: YAML front matter, its fields, and problems with their lines."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem

DELIMITER = "---"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when installed: much faster
MOST_BYTES = 64 * 1024  # a guide is read in three minutes on a slow phone: far below this


def revision(path: Path) -> str:
    """A short fingerprint of a file's bytes: what a translation records as its source_revision."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def read_text(path: Path) -> str:
    """A file's text as UTF-8 (a byte-order mark is dropped), or a ContentError."""
    size = path.stat().st_size
    if size > MOST_BYTES:
        raise ContentError(Problem(path, 0, f"file is {size // 1024} KB; content files must stay under "
                                            f"{MOST_BYTES // 1024} KB (split the guide)"))
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(Problem(path, line, "not valid UTF-8 text")) from None


def load_yaml(path: Path, text: str, first_line: int = 1) -> Any:
    """Parsed YAML, or a ContentError naming the line (text starts at file line `first_line`)."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(error, "problem", None) or "not valid YAML"
        raise ContentError(Problem(path, line, f"YAML: {reason}")) from None


def raw_value(text: str, field: str) -> str | None:
    """A top-level field's value exactly as written (YAML would read 012345678901 as a number)."""
    match = re.search(rf"^{re.escape(field)}:[ \t]*(.*?)[ \t]*$", text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else None


class FrontMatter:
    """The fields at the top of a Markdown file, with typed getters that report bad values."""

    def __init__(self, path: Path, text: str):
        self.path = path
        lines = text.split("\n")
        if not lines or lines[0].strip() != DELIMITER:
            raise ContentError(Problem(path, 1, "the file must start with a '---' front matter line"))
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == DELIMITER)
        except StopIteration:
            raise ContentError(Problem(path, 1, "front matter is not closed with '---'")) from None
        self._lines = lines[1:end]
        self.source = "\n".join(self._lines)  # the front matter as written
        data = load_yaml(path, self.source, first_line=2)
        if not isinstance(data, dict):
            raise ContentError(Problem(path, 2, "front matter must be a set of 'field: value' lines"))
        self.data: dict[str, Any] = data
        self.body = "\n".join(lines[end + 1 :])
        self.body_line = end + 2  # file line of the body's first line

    def line_of(self, field: str) -> int:
        for number, line in enumerate(self._lines, start=2):
            if line.startswith(f"{field}:"):
                return number
        return 1

    def problem(self, field: str, message: str) -> ContentError:
        return ContentError(Problem(self.path, self.line_of(field), message))

    def only(self, allowed: set[str], why: str) -> None:
        for field in self.data:
            if field not in allowed:
                raise self.problem(str(field), f"unknown field '{field}' ({why})")

    def get(self, field: str, kind: type, check: Callable[[Any], bool] | None = None,
            default: Any = ..., describe: str = "") -> Any:
        if field not in self.data:
            if default is ...:
                raise ContentError(Problem(self.path, 1, f"missing field '{field}'"))
            return default
        value = self.data[field]
        if not isinstance(value, kind) or (check is not None and not check(value)):
            expected = describe or kind.__name__
            raise self.problem(field, f"'{field}' must be {expected}")
        return value

    def text(self, field: str, default: Any = ...) -> str:
        value = self.get(field, str, lambda v: bool(v.strip()), default, "non-empty text")
        return value.strip() if isinstance(value, str) else value

    def lines(self, field: str, most: int) -> tuple[str, ...]:
        value = self.get(field, list, None, [], f"a list of at most {most} lines")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.problem(field, f"every item of '{field}' must be a line of text")
        if len(value) > most:
            raise self.problem(field, f"'{field}' has {len(value)} items; at most {most} allowed")
        return tuple(item.strip() for item in value)

    def day(self, field: str, default: Any = ...) -> date:
        return self.get(field, date, None, default, "a date written YYYY-MM-DD")
