"""Render entry bodies: safe Markdown with numbered citations and resolved cross-links.

Bodies come from untrusted contributors, so they are rendered by markdown-it with raw HTML
off, images off (the site must request nothing from other hosts) and no `javascript:`,
`vbscript:`, `data:` or `file:` links. Citations and cross-links are inline rules sharing
the patterns of `kb.render.markup`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from kb.addresses import work_slug
from kb.model import Entry
from kb.render.markup import CITATION, CROSS_LINK, one_line, parse_citation

_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


@dataclass(frozen=True)
class BodyContext:
    """What a body needs to resolve its markup: reference numbers and entry addresses."""

    numbers: dict[str, int]  # work slug -> reference number on this page
    link_for: Callable[[str], tuple[str, str] | None]  # id -> (href, title)


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = lambda url: not _UNSAFE_URL.match(url)
    md.inline.ruler.before("link", "kb_markup", _markup_rule)
    md.add_render_rule("kb_link", _render_link)
    md.add_render_rule("kb_cite", _render_cite)
    return md


def render_body(md: MarkdownIt, entry: Entry, context: BodyContext) -> str:
    if not entry.body.strip():
        return ""
    return md.render(entry.body, {"kb": context})


def _markup_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    match = CROSS_LINK.match(state.src, state.pos)
    if match:
        if not silent:
            token = state.push("kb_link", "", 0)
            target, label = one_line(match.group(1)), one_line(match.group(2) or "")
            token.meta = {"target": target, "label": label}
        state.pos = match.end()
        return True
    match = CITATION.match(state.src, state.pos)
    if match:
        items = parse_citation(match.group(1))
        if items is None:
            return False
        if not silent:
            token = state.push("kb_cite", "", 0)
            token.meta = {"items": [(key, locator) for key, locator, _ in items]}
        state.pos = match.end()
        return True
    return False


def _render_link(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    context: BodyContext = env["kb"]
    resolved = context.link_for(meta["target"])
    if resolved is None:
        return escape(meta["label"] or meta["target"])
    href, title = resolved
    return f'<a class="kb-xref" href="{escape(href)}">{escape(meta["label"] or title)}</a>'


def _render_cite(self, tokens, idx, options, env) -> str:
    context: BodyContext = env["kb"]
    parts = []
    for key, locator in tokens[idx].meta["items"]:
        number = context.numbers.get(work_slug(key))
        label = f'<a href="#ref-{number}">{number}</a>' if number else escape(key)
        parts.append(label + (f", {escape(locator)}" if locator else ""))
    return f'<span class="kb-cite">[{"; ".join(parts)}]</span>'
