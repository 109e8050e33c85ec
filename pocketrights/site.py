"""Everything the app serves, built once at start-up: languages, content, UI catalogues, assets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.support import Translations

from . import assets, catalogs, content
from .languages import Language, discover
from .problems import Problem


@dataclass(frozen=True)
class Site:
    languages: dict[str, Language]
    content: content.Content
    catalogs: dict[str, Translations]  # by language code
    ui_problems: tuple[Problem, ...]
    assets_dir: Path
    static_names: dict[str, str]  # logical name -> content-hashed name
    ui_unreadable: frozenset[str]  # codes whose UI catalogue could not be read (shown in English)
    style: str  # the stylesheet, inlined into every page
    style_hash: str  # its sha256, base64: the CSP allows exactly this inline style
    fragments: dict[tuple, str] = field(default_factory=dict, compare=False, repr=False)  # see views.say_html

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.content.problems + self.ui_problems


def build(content_dir: Path, translations_dir: Path, static_dir: Path, assets_dir: Path | None) -> Site:
    languages, language_problems = discover(content_dir, translations_dir)
    loaded, ui_problems, unreadable = catalogs.load_all(translations_dir, languages)
    target = assets_dir or assets.cache_dir(static_dir)
    style, style_hash = assets.inline_style(static_dir)
    return Site(
        languages=languages,
        content=content.load(content_dir, list(languages)),
        catalogs=loaded,
        ui_problems=tuple(language_problems + ui_problems),
        assets_dir=target,
        static_names=assets.build(static_dir, target),
        ui_unreadable=frozenset(unreadable),
        style=style,
        style_hash=style_hash,
    )
