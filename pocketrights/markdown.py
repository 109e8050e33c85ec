"""The Markdown dialect of the guides: CommonMark without raw HTML, plus phrases, ids and asides."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

SAY_LINE = re.compile(r"^\{\{\s*say:\s*([a-z0-9-]+)\s*\}\}\s*$")
HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")
INTERNAL_LINK = re.compile(r"^([a-z0-9-]+)(?:#([A-Za-z0-9_-]+))?$")
EXTERNAL_LINK = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
ASIDES = ("contested",)
# `::: contested Make the Road New York v. Noem; checked 2026-11-26`: what the point depends on, and when it was checked
ASIDE_INFO = re.compile(r"^\s*(?P<name>[a-z]+)\s+(?P<topic>[^;]+?)\s*;\s*checked\s+(?P<checked>\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class Aside:
    """A `::: contested` block's label: the case or policy it depends on, and the day it was last checked."""

    name: str
    topic: str
    checked: date


def aside(info: str) -> Aside | None:
    """The Aside written on a container's opening line, or None when it is not `name topic; checked YYYY-MM-DD`."""
    match = ASIDE_INFO.match(info)
    if not match:
        return None
    try:
        checked = date.fromisoformat(match.group("checked"))
    except ValueError:
        return None
    return Aside(match.group("name"), match.group("topic"), checked)


@dataclass(frozen=True)
class Reference:
    """Something a document points at: a phrase id or a link target, at a 0-based body line."""

    kind: str  # "phrase", "link", "aside" (target: the opening line's text) or "malformed"
    target: str
    line: int


@dataclass(frozen=True)
class RenderEnv:
    """What rendering needs from the page: how to link, how to show a phrase, aside labels."""

    link: Callable[[str, str | None], str | None]  # (slug, fragment) -> href, or None when not available
    unavailable: Callable[[], str]  # HTML note after the text of a link whose guide is not available
    say: Callable[[str], str]  # phrase id -> HTML
    aside: Callable[[Aside], str]  # an aside's opening HTML (label, topic, date), escaped by the caller


def _say_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    match = SAY_LINE.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("say", "", 0)
        token.meta = {"id": match.group(1)}
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def _heading_ids(state: StateCore) -> None:
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        inline = state.tokens[index + 1]
        last = inline.children[-1] if inline.children else None
        match = HEADING_ID.search(last.content) if last and last.type == "text" else None
        if match:
            last.content = last.content[: match.start()]
            inline.content = HEADING_ID.sub("", inline.content)
            token.attrSet("id", match.group(1))


def _render_say(self, tokens: Sequence[Token], idx: int, options, env: RenderEnv) -> str:
    return env.say(tokens[idx].meta["id"])


def _internal_href(token: Token, env: RenderEnv) -> str | None:
    """Where an internal link goes, None when its guide is not available; the href itself otherwise."""
    href = str(token.attrGet("href") or "")
    internal = INTERNAL_LINK.match(href)
    return env.link(internal.group(1), internal.group(2)) if internal else href


def _render_link_open(self, tokens: Sequence[Token], idx: int, options, env: RenderEnv) -> str:
    token = tokens[idx].copy(attrs=dict(tokens[idx].attrs))  # parsed tokens are shared: never change them
    href = _internal_href(token, env)
    if href is None:
        return '<span class="unavailable">'
    token.attrSet("href", href)
    if EXTERNAL_LINK.match(href):
        token.attrSet("rel", "noreferrer")
    return self.renderToken([token], 0, options, env)


def _render_link_close(self, tokens: Sequence[Token], idx: int, options, env: RenderEnv) -> str:
    # links cannot nest, so the nearest link_open before this token is its own
    opening = next(tokens[i] for i in range(idx - 1, -1, -1) if tokens[i].type == "link_open")
    if _internal_href(opening, env) is None:
        return "</span>" + env.unavailable()
    return self.renderToken(tokens, idx, options, env)


def _aside_renderer(name: str):
    def render(self, tokens: Sequence[Token], idx: int, options, env: RenderEnv) -> str:
        if tokens[idx].nesting == 1:
            # content checks reject an opening line without topic and date; render it plainly if one slips by
            return env.aside(aside(tokens[idx].info) or Aside(name, "", date.min))
        return "</aside>\n"

    return render


def make_parser() -> MarkdownIt:
    """The one Markdown parser every guide, phrase and summary goes through."""
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.block.ruler.before("paragraph", "say", _say_block, {"alt": ["paragraph"]})
    md.core.ruler.push("heading_ids", _heading_ids)
    for name in ASIDES:
        md.use(container_plugin, name, render=_aside_renderer(name))
    md.add_render_rule("say", _render_say)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("link_close", _render_link_close)
    return md


def references(tokens: Sequence[Token], line_offset: int = 0) -> Iterator[Reference]:
    """Every phrase, link and malformed phrase marker in a token stream, with its line."""
    line = line_offset
    for token in tokens:
        if token.map:
            line = line_offset + token.map[0]
        if token.type == "say":
            yield Reference("phrase", token.meta["id"], line)
        elif token.type == "link_open":
            yield Reference("link", str(token.attrGet("href") or ""), line)
        elif token.type.startswith("container_") and token.nesting == 1:
            yield Reference("aside", token.info.strip(), line)
        elif token.type == "text" and "{{" in token.content:
            yield Reference("malformed", token.content.strip(), line)
        if token.children:
            yield from references(token.children, line)


def render(md: MarkdownIt, tokens: Sequence[Token], env: RenderEnv) -> str:
    """HTML for parsed tokens; links and phrases resolved through `env`."""
    return md.renderer.render(list(tokens), md.options, env)
