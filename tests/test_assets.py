"""Static files and the stylesheet every page carries inline."""

from __future__ import annotations

from pathlib import Path

from pocketrights import assets

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_the_inline_stylesheet_carries_no_comments():
    text, _ = assets.inline_style(STATIC)
    source = (STATIC / assets.INLINE_STYLE).read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in text and "*/" not in text
    assert ":root{" in text and "@media print{" in text and "\n\n" not in text


def test_comments_go_but_strings_stay_whole():
    css = '/* a */\na{content:"/* kept */"}/* b\n c */\n\nb{content:\'it\\\'s /*\'}  /* c */\n'
    assert assets.without_comments(css) == 'a{content:"/* kept */"}\nb{content:\'it\\\'s /*\'}  '
