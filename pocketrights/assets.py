"""Static files: copied once at start-up under content-hashed names, with gzip twins."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".webmanifest")


def hashed_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{path.stem}.{digest}{path.suffix}"


def build(source: Path, target: Path) -> dict[str, str]:
    """Copy every file of `source` into `target`; return logical name -> served name."""
    names = {}
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        logical = path.relative_to(source).as_posix()
        served = str(Path(logical).with_name(hashed_name(path)))
        destination = target / served
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        if path.suffix in COMPRESSIBLE:
            data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            destination.with_name(destination.name + ".gz").write_bytes(data)
        names[logical] = served
    return names


def is_hashed(name: str, names: dict[str, str]) -> bool:
    return name in names.values() and name not in names
