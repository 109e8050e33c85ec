"""Problems found in content and translations, reported as `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file; `line` is 1-based, 0 when the whole file is meant."""

    path: Path
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.severity}: {self.message}"


class ContentError(Exception):
    """A file cannot be used; carries the Problem that says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
