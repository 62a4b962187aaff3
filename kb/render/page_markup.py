"""What hand-written pages add to the body renderer: fragments, heading anchors, page links.

A hand-written page (`content/about.md`) is rendered by the same safe Markdown renderer as an
entry body (`kb.render.body`), with three additions made on markdown-it's tokens, never on
HTML text:

- a line `<!-- kb:overview -->` or `<!-- kb:tags -->` is replaced by a fragment the engine
  renders from a template (the home page's summary, the index of tags);
- each heading (its id given by the body parser) gets a permalink, and the headings make the
  page's table of contents;
- a relative link is resolved from the page's folder in `content/`, as site generators do:
  `[About](about.md)` links to the page `about/`, `[data](kb.json)` to the file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from kb.addresses import relative_url, source_url
from kb.render.body import BodyContext, make_markdown

FRAGMENTS = ("overview", "tags")
_FRAGMENT = re.compile(r"<!--\s*kb:([a-z]+)\s*-->")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class PageContext(BodyContext):
    """A body's context, plus where the page is and what it asks for."""

    here: str = ""  # the page's address
    folder: str = ""  # the folder of its source in content/, which its links are relative to
    fragments: dict[str, str] = field(default_factory=dict)
    # The headings a fragment adds to the page's table of contents, by fragment.
    fragment_headings: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # level, id, text


def make_page_markdown() -> MarkdownIt:
    md = make_markdown()
    md.block.ruler.before("paragraph", "kb_fragment", _fragment_rule)
    md.core.ruler.push("kb_page", _page_rule)
    md.add_render_rule("kb_fragment", _render_fragment)
    return md


def is_fragment_mark(line: str) -> bool:
    """Whether a line of a page is a mark the engine replaces by a fragment."""
    match = _FRAGMENT.fullmatch(line.strip())
    return match is not None and match.group(1) in FRAGMENTS


def page_target(folder: str, href: str) -> tuple[str, str] | None:
    """A relative link's target in content/ and its #fragment; None for other links."""
    if not href or href.startswith(("#", "/")) or _SCHEME.match(href):
        return None
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(folder, path))
    if target == ".." or target.startswith("../"):
        return None
    return ("" if target == "." else target), fragment


def _fragment_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    match = _FRAGMENT.fullmatch(line.strip())
    if match is None or match.group(1) not in FRAGMENTS:
        return False
    if not silent:
        token = state.push("kb_fragment", "", 0)
        token.map = [start, start + 1]
        token.meta = {"name": match.group(1)}
        token.block = True
    state.line = start + 1
    return True


def _render_fragment(self, tokens: list[Token], idx: int, options, env) -> str:
    context = env.get("kb")
    if not isinstance(context, PageContext):
        return ""
    return context.fragments.get(tokens[idx].meta["name"], "")


def _page_rule(state: StateCore) -> None:
    context = state.env.get("kb")
    if not isinstance(context, PageContext):
        return
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "kb_fragment":
            context.headings.extend(context.fragment_headings.get(token.meta["name"], ()))
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(
                child.content
                for child in inline.children or ()
                if child.type in ("text", "code_inline")
            )
            anchor = str(token.attrGet("id") or "")  # given by the body parser
            context.headings.append((int(token.tag[1]), anchor, text))
            link = Token("link_open", "a", 1)
            link.attrs = {"class": "headerlink", "href": "#" + anchor, "title": "Permanent link"}
            mark = Token("text", "", 0)
            mark.content = "¶"
            inline.children = [*(inline.children or ()), link, mark, Token("link_close", "a", -1)]
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "link_open":
                    child.attrSet("href", _resolve(context, str(child.attrGet("href") or "")))


def _resolve(context: PageContext, href: str) -> str:
    found = page_target(context.folder, href)
    if found is None:
        return href
    target, fragment = found
    url = source_url(target) if target.endswith(".md") else target
    return relative_url(context.here, url) + ("#" + fragment if fragment else "")
