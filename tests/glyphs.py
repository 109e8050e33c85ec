"""Which characters Chromium drew with no glyph: the fonts it says it used for an element (DevTools
CSS.getPlatformFontsForNode), looked up with fontconfig and read with fontTools, must hold every
character of the element's text; a character none of them holds was drawn as an empty box."""

from __future__ import annotations

import functools
import subprocess
import unicodedata

from fontTools.ttLib import TTFont

TEXT_ELEMENTS = "h1, h2, h3, p, li, summary, a, dt, dd, th, td, span, strong, em, button, label"


@functools.cache
def characters_of(family: str) -> frozenset[int]:
    """Every character a font family installed on this machine has a glyph for."""
    found = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True, text=True,
                           check=True).stdout.split("\n")
    path, index = found[0], int(found[1] or 0)
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def drawn(char: str) -> bool:
    """Whether a character is drawn at all (not a space, a control or a joiner)."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zs")


def missing_glyphs(page, selector: str = "body") -> list[str]:
    """Characters of the page's text (under `selector`) that no font Chromium used for them can draw."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    scope = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    problems = []
    for node in session.send("DOM.querySelectorAll", {"nodeId": scope, "selector": TEXT_ELEMENTS})["nodeIds"]:
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if not fonts:
            continue
        own_text = session.send("DOM.resolveNode", {"nodeId": node})["object"]["objectId"]
        text = session.send("Runtime.callFunctionOn", {
            "objectId": own_text, "returnByValue": True,
            "functionDeclaration": "function () { return Array.from(this.childNodes)"
                                   ".filter(n => n.nodeType === 3).map(n => n.data).join(''); }"})["result"]["value"]
        covered = frozenset().union(*(characters_of(font["familyName"]) for font in fonts))
        for char in {char for char in text if drawn(char)}:
            if ord(char) not in covered:
                names = ", ".join(font["familyName"] for font in fonts)
                problems.append(f"U+{ord(char):04X} {char!r} not in {names}")
    session.detach()
    return sorted(set(problems))
