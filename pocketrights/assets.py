"""Static files: copied once at start-up under content-hashed names, with gzip twins."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from . import icons
from .store import brotli_bytes, gzip_bytes

COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".webmanifest")
INLINE_STYLE = "style.css"  # inlined into every page: one round trip to read any page
ICON = "icon.svg"
SERVED_ELSEWHERE = {"sw.js"}  # the service worker is served at the site's root, under its own name
# a string (kept whole, whatever it holds) or a comment
_CSS_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)
IMMUTABLE_MAX_AGE = 315360000  # ten years: a hashed name changes whenever the file does
STATIC_CACHE_CONTROL = f"public, max-age={IMMUTABLE_MAX_AGE}, immutable"


def hashed_name(logical: str, data: bytes) -> str:
    path = Path(logical)
    return str(path.with_name(f"{path.stem}.{hashlib.sha256(data).hexdigest()[:10]}{path.suffix}"))


def sources(source: Path) -> dict[str, bytes]:
    """Every static file by logical name, and the PNG icons drawn from icon.svg."""
    files = {path.relative_to(source).as_posix(): path.read_bytes()
             for path in sorted(p for p in source.rglob("*") if p.is_file() and p.name not in SERVED_ELSEWHERE)}
    if ICON in files:
        files.update(icons.png_icons(files[ICON]))
    return files


def twins(logical: str, data: bytes) -> dict[str, bytes]:
    """A static file under its hashed name, and for text its gzip and brotli twins (name suffix -> bytes)."""
    if Path(logical).suffix not in COMPRESSIBLE:
        return {"": data}
    return {"": data, ".gz": gzip_bytes(data), ".br": brotli_bytes(data)}  # as pages are compressed


def build(source: Path, target: Path) -> dict[str, str]:
    """Write every static file into `target` under a content-hashed name; return logical name -> served name.

    A file already there is whole and right (its name is its content's hash) and is left alone; new files
    are written beside `target`, never inside it, where a server scanning it could see them half made.
    """
    names = {}
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.parts-", dir=target.parent))
    try:
        for logical, data in sources(source).items():
            names[logical] = hashed_name(logical, data)
            destination = target / names[logical]
            if all(destination.with_name(destination.name + suffix).exists() for suffix in twins(logical, b"")):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            for suffix, body in twins(logical, data).items():
                _write_atomically(destination.with_name(destination.name + suffix), body, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return names


def _write_atomically(destination: Path, data: bytes, staging: Path) -> None:
    """Workers starting together may write the same file: a reader sees the old bytes or the new, never half."""
    with tempfile.NamedTemporaryFile(dir=staging, prefix="part-", delete=False) as part:
        part.write(data)
    os.replace(part.name, destination)


def inline_style(source: Path) -> tuple[str, str]:
    """The stylesheet every page carries inline, without its comments, and its hash for the Content-Security-Policy."""
    text = without_comments((source / INLINE_STYLE).read_text(encoding="utf-8"))
    return text, base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def without_comments(css: str) -> str:
    """CSS with its comments (and the lines they leave empty) taken out: every page carries these bytes."""
    kept = _CSS_STRING_OR_COMMENT.sub(lambda match: match.group(1) or "", css)  # a "/*" in a string stays
    return "\n".join(line for line in kept.splitlines() if line.strip())


def is_hashed(name: str, names: dict[str, str]) -> bool:
    return name in names.values() and name not in names


def cache_dir(source: Path) -> Path:
    """Where to write the served copies when no folder is configured: one folder per version of the
    static files, reused by every start-up and every worker, so nothing piles up in the temp folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes())
    folder = Path(tempfile.gettempdir()) / f"pocketrights-static-{os.getuid()}-{digest.hexdigest()[:16]}"
    try:
        folder.mkdir(mode=0o755, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.getuid():
            raise PermissionError(folder)
    except OSError:  # someone else's folder of that name: never serve what another user wrote
        return Path(tempfile.mkdtemp(prefix="pocketrights-static-"))
    return folder
