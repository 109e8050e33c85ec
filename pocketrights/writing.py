"""An export's files, each made once: new where it changed, and where the previous export has the same bytes,
a link to that file instead. On a disk, writing a file and later deleting the one it replaces (the previous
export goes once the new one is complete) cost far more than a link, and deleting a file still linked frees
nothing. Nothing ever writes into a file once made, so the previous export stays as it was until it is
replaced, whether or not the new one completes."""

from __future__ import annotations

import filecmp
import os
from dataclasses import dataclass
from pathlib import Path

TWINS = (("identity", ""), ("gzip", ".gz"), ("br", ".br"))  # an encoding and the suffix of the file holding it


@dataclass(frozen=True)
class Writer:
    root: Path  # the export being written
    previous: Path | None = None  # the export it will replace, if any

    def save(self, target: Path, bodies: dict[str, bytes]) -> int:
        """A file and its .gz and .br twins (what a static server such as nginx's gzip_static sends)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self._old(target)
        for encoding, suffix in TWINS:
            if encoding in bodies:
                _put(target.with_name(target.name + suffix), bodies[encoding],
                     old.with_name(old.name + suffix) if old else None)
        return len(bodies)

    def settle(self, path: Path) -> None:
        """A file just written by other means (an archive): the previous export's instead, if the same bytes."""
        old = self._old(path)
        if old is not None and old.is_file() and filecmp.cmp(path, old, shallow=False):
            linked = path.with_name(f".{path.name}.link")
            try:
                os.link(old, linked)
                os.replace(linked, path)
            except OSError:
                linked.unlink(missing_ok=True)

    def _old(self, path: Path) -> Path | None:
        return self.previous / path.relative_to(self.root) if self.previous else None


def _put(path: Path, body: bytes, old: Path | None) -> None:
    if old is not None and _holds(old, body):
        try:
            os.link(old, path)
            return
        except OSError:
            pass  # another file system, or one without links: written instead
    with open(path, "xb") as file:  # a new file, never an existing one (which may be linked to the previous export)
        file.write(body)


def _holds(path: Path, body: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(body) + 1) == body
    except OSError:
        return False
