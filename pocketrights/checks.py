"""`flask check` and `flask status`: every problem as path:line, and where each translation stands."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import babel
from babel.messages.extract import extract_from_dir

from . import catalogs, glossary, group
from .currency import currency_problems
from .languages import SOURCE_LANGUAGE
from .problems import ERROR, WARNING, Problem
from .site import Site
from .store import cache_folder

ROOT = Path(__file__).resolve().parent.parent
NO_HOTLINE = ("no hotline is configured: every page shows a placeholder instead of a number. Set your group's "
              "own line in a group file (POCKETRIGHTS_GROUP_FILE) or POCKETRIGHTS_HOTLINE_NUMBER and _NAME.")
EXTRACT_METHODS = [("templates/**.html", "jinja2"), ("pocketrights/**.py", "python")]
EXTRACT_GLOBS = tuple(pattern.replace("**", "**/*") for pattern, _method in EXTRACT_METHODS)  # as pathlib names them


def ui_strings(root: Path = ROOT) -> set[str]:
    """Every UI string the templates and code ask gettext for (what `make extract` collects). Extracting
    takes a tenth of a second, and every export asks (for the status page): so the strings are kept in
    .cache/ui-strings by a hash of the files they come from."""
    digest = hashlib.sha256(babel.__version__.encode())
    for path in sorted(path for pattern in EXTRACT_GLOBS for path in root.glob(pattern)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    folder = cache_folder("ui-strings")
    if folder is None:
        return _extracted(root)
    kept = folder / f"{digest.hexdigest()[:32]}.json"
    with contextlib.suppress(OSError, ValueError):  # not kept yet (or half-written by another process)
        return set(json.loads(kept.read_text(encoding="utf-8")))
    found = _extracted(root)
    with contextlib.suppress(OSError):
        for old in folder.glob("*.json"):  # only the latest is ever asked for
            old.unlink()
        kept.write_text(json.dumps(sorted(found), ensure_ascii=False), encoding="utf-8")
    return found


def _extracted(root: Path) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(root), EXTRACT_METHODS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def ui_problems(site: Site, translations_dir: Path) -> list[Problem]:
    expected = ui_strings()
    problems = []
    for language in site.languages.values():
        if language.code == SOURCE_LANGUAGE or language.code in site.ui_unreadable:
            continue
        path = catalogs.catalog_path(translations_dir, language)
        if not path.exists():
            problems.append(Problem(path, 0, "no UI catalogue: buttons and labels are shown in English", WARNING))
            continue
        catalog, _ = catalogs.read_catalog(path, language)
        problems.extend(catalogs.missing(catalog, path, expected))
    return problems


def config_problems(config: Mapping) -> list[Problem]:
    """Settings a deploying group must not forget: they are printed and served to people in danger."""
    try:
        details = group.load(config)
    except group.GroupError as error:
        return [Problem(Path(config.get("GROUP_FILE") or "POCKETRIGHTS_HOTLINE_NUMBER"), 0, str(error))]
    if details.hotlines:
        return []
    return [Problem(Path("POCKETRIGHTS_HOTLINE_NUMBER"), 0, NO_HOTLINE, WARNING)]


def all_problems(site: Site, config: Mapping) -> list[Problem]:
    """Everything `make check` reports: content, UI catalogues, currency of the law, and settings."""
    return (list(site.problems) + ui_problems(site, config["TRANSLATIONS_DIR"])
            + currency_problems(site.content, config["REVIEW_MAX_AGE_DAYS"]) + config_problems(config)
            + glossary.check(config["CONTENT_DIR"], list(site.languages)))


def report(problems: list[Problem], root: Path | None = None) -> tuple[list[str], int]:
    """Printable lines (paths relative to `root` where possible) and the number of errors."""
    root = root or Path.cwd()
    lines = []
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line, p.message)):
        with contextlib.suppress(ValueError):
            problem = Problem(problem.path.resolve().relative_to(root.resolve()), problem.line,
                              problem.message, problem.severity)
        lines.append(str(problem))
    errors = sum(problem.severity == ERROR for problem in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return lines, errors


def status(site: Site, content_dir: Path, translations_dir: Path) -> list[str]:
    """The English revisions to translate from, then where each language stands (as at /status/)."""
    from .dashboard import lines

    content = site.content
    header = ["English sources (copy a revision into a translation's source_revision):"]
    header += [f"  content/en/{name:<28} revision {rev}" for name, rev in content.revisions.items()]
    return header + lines(site, content_dir, translations_dir)
