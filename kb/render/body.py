"""Render bodies: safe HTML with numbered citations, resolved cross-links, MathML, footnotes,
admonitions and heading anchors, from the token stream of `kb.load.markdown`.

An entry's page is rendered from the tokens of the check's own parse (`Entry.tokens`), kept
on the entry: the body is parsed once per build rather than three times (check, page, search
record). At 10,000 entries this saves about 1.2 s of CPU time (a parse of every body takes 0.6
s), and the tokens kept raise the build's peak memory from about 576 to 625-653 MB, within its
1024 MiB target (measured 2026-11-30). Rendering never changes the tokens
(`generic_tokens` makes new ones where it rewrites), so an entry kept by the live preview's
cache renders the same every time.

Bodies come from untrusted contributors, so no HTML is written here. Before rendering, the
project's own tokens (citations, cross-links, literals, admonitions, footnotes, math) are
rewritten into markdown-it's generic ones: an element's tag, its attributes and `text`
children. markdown-it's own `renderToken` and text rule then write every tag, escaping every
attribute value and text; the renderer has none of the plugins' rules, which write HTML from
strings. Raw HTML is off; a link the link policy refuses and an image are rendered as their
text (the check reports both); MathML is rebuilt from an allow-list (`kb.mathml`) and written
node by node like the rest; admonitions take their class from a fixed list of types, never
from the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from kb.addresses import work_slug
from kb.load.markdown import new_parser
from kb.mathml import MathError, mathml_tokens
from kb.model import Entry


@dataclass(frozen=True)
class BodyContext:
    """What a body needs to resolve its markup: reference numbers, authors' names for in-text
    citations, and entry addresses."""

    numbers: dict[str, int]  # work slug -> reference number on this page
    link_for: Callable[[str], tuple[str, str] | None]  # id -> (href, title)
    names: dict[str, str] = field(default_factory=dict)  # work slug -> "Doe et al."
    # Where a page without a reference list (a hand-written page) links a cited work: its key
    # is shown, linking to the work's page, instead of a number.
    work_href: Callable[[str], str | None] | None = None


class BodyRenderer(RendererHTML):
    """markdown-it's HTML renderer, given the body's tokens with the project's own rewritten
    into generic ones (`generic_tokens`); `env["kb"]` is the page's `BodyContext`."""

    def render(self, tokens: Any, options: Any, env: Any) -> str:
        context = env.get("kb") or _NOTHING
        return super().render(generic_tokens(tokens, context), options, env)


def make_markdown() -> MarkdownIt:
    """The parser of `kb.load.markdown`, rendering its tokens as the site does."""
    md = new_parser()
    md.renderer = BodyRenderer(md)  # without the plugins' rules: none is reached
    return md


def render_body(md: MarkdownIt, entry: Entry, context: BodyContext) -> str:
    """The HTML of an entry's body, from the tokens of its parse."""
    if not entry.tokens:  # an empty body, or an entry not made by the check
        return render_text(md, entry.body, context)
    return md.renderer.render(list(entry.tokens), md.options, {"kb": context})


def render_text(md: MarkdownIt, text: str, context: BodyContext) -> str:
    """The HTML of any text written in the body syntax (a hand-written page, too)."""
    if not text.strip():
        return ""
    return md.render(text, {"kb": context})


def generic_tokens(tokens: list[Token], context: BodyContext) -> list[Token]:
    """`tokens` with the project's own rewritten into generic elements and texts, and those
    that show nothing (refused link ends, problems) left out; `tokens` are left unchanged."""
    out: list[Token] = []
    admonitions: list[bool] = []  # whether each open admonition is collapsible
    for token in tokens:
        kind = token.type
        if kind == "inline":
            if token.children:
                token = token.copy(children=_inline(token.children, context))
            out.append(token)
        elif kind.startswith("admonition"):
            out.extend(_admonition(token, admonitions))
        elif kind in _BLOCK:
            out.extend(_BLOCK[kind](token, context))
        else:
            out.append(token)
    return out


def in_text_names(authors: tuple[str, ...]) -> str:
    """How an in-text citation names a work's authors: "Doe", "Doe and Roe", "Doe et al."."""
    families = [name.rpartition(" ")[2] or name for name in authors]
    if not families:
        return ""
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]} et al."


# ---- generic tokens -------------------------------------------------------------------------


def _open(tag: str, attrs: dict[str, str] | None = None, block: bool = False) -> Token:
    return Token(tag + "_open", tag, 1, attrs=attrs or {}, block=block)


def _close(tag: str, block: bool = False) -> Token:
    return Token(tag + "_close", tag, -1, block=block)


def _text(text: str) -> Token:
    return Token("text", "", 0, content=text)


def _element(tag: str, attrs: dict[str, str], *inside: Token) -> list[Token]:
    return [_open(tag, attrs), *inside, _close(tag)]


def _inline_block(children: list[Token]) -> Token:
    """Inline tokens where a block stands (a displayed formula, a footnote's back link)."""
    return Token("inline", "", 0, children=children)


def _inline(children: list[Token], context: BodyContext) -> list[Token]:
    out: list[Token] = []
    for child in children:
        rewrite = _INLINE.get(child.type)
        if rewrite is None:
            out.append(child)
        else:
            out.extend(rewrite(child, context))
    return out


def _number(context: BodyContext, key: str) -> list[Token]:
    """A cited work: its number linking to the reference list, or, on a page without one,
    its key linking to the work's page; the key alone if it is neither."""
    if context.work_href is not None:
        href = context.work_href(key)
        return _element("a", {"href": href}, _text(key)) if href else [_text(key)]
    number = context.numbers.get(work_slug(key))
    if not number:
        return [_text(key)]
    return _element("a", {"href": f"#ref-{number}"}, _text(str(number)))


def _cite_open(token: Token, context: BodyContext) -> list[Token]:
    return [_open("span", {"class": "kb-cite"}), _text("[")]


def _cite_close(token: Token, context: BodyContext) -> list[Token]:
    return [_text("]"), _close("span")]


def _cite_item_open(token: Token, context: BodyContext) -> list[Token]:
    return [] if token.meta["first"] else [_text("; ")]


def _nothing(token: Token, context: BodyContext) -> list[Token]:
    return []


def _cite_ref(token: Token, context: BodyContext) -> list[Token]:
    """The number; the locator's own tokens follow it, then the suffix's."""
    meta = token.meta
    comma = [_text(", ")] if meta["locator"] or meta["comma"] else []
    return _number(context, meta["key"]) + comma


def _cite_in_text(token: Token, context: BodyContext) -> list[Token]:
    meta = token.meta
    slug = work_slug(meta["key"])
    if slug not in context.numbers:  # no such work: shown as written (the check warned)
        return [_text(meta["source"])]
    after = ", " + meta["locator"] if meta["locator"] else ""
    suffix = meta["suffix"]
    if suffix:
        separator = "" if suffix[0] in ",;.:" else ", " if suffix[0].isalnum() else " "
        after += separator + suffix
    names = context.names.get(slug, "") or meta["key"]
    return _element(
        "span",
        {"class": "kb-cite kb-cite-in-text"},
        _text(names + " ["),
        *_number(context, meta["key"]),
        _text(after + "]"),
    )


def _cross_link(token: Token, context: BodyContext) -> list[Token]:
    meta = token.meta
    resolved = context.link_for(meta["target"])
    if resolved is None:
        return [_text(meta["label"] or meta["target"])]
    href, title = resolved
    if meta["anchor"]:
        href += "#" + meta["anchor"]
    return _element("a", {"class": "kb-xref", "href": href}, _text(meta["label"] or title))


def _as_text(token: Token, context: BodyContext) -> list[Token]:
    """A literal, or an image: the text it was written with (images are never shown)."""
    return [_text(token.content)]


def _link_end(token: Token, context: BodyContext) -> list[Token]:
    return [] if token.meta.get("refused") else [token]


def _math(token: Token, display: bool) -> list[Token]:
    """A formula as MathML, its tokens made from the checked tree (`kb.mathml`), or, if it
    does not convert, as the TeX it is (the check said why)."""
    try:
        return mathml_tokens(token.content, display)
    except MathError:
        return [Token("code_inline", "code", 0, content=token.content.strip())]


def _math_inline(token: Token, context: BodyContext) -> list[Token]:
    return _element("span", {"class": "kb-math"}, *_math(token, False))


def _math_block(token: Token, context: BodyContext) -> list[Token]:
    mathml = _inline_block(_math(token, True))
    if mathml.children and mathml.children[0].type == "code_inline":
        return [mathml]
    div = {"class": "kb-math kb-math-display"}
    return [_open("div", div, block=True), mathml, _close("div", block=True)]


def _admonition(token: Token, open_ones: list[bool]) -> list[Token]:
    """Material's admonitions: a `div` with a titled paragraph, or, collapsible (`???`), a
    `details` with a summary; the class is a type from `ADMONITION_TYPES`."""
    kind = token.type
    if kind == "admonition_open":
        mark, tag = token.meta["kind"], token.meta["tag"]  # tag: one of ADMONITION_TYPES
        open_ones.append(mark.startswith("?"))
        if not open_ones[-1]:
            return [_open("div", {"class": "admonition " + tag}, block=True)]
        attrs = {"class": tag, "open": ""} if mark.endswith("+") else {"class": tag}
        return [_open("details", attrs, block=True)]
    collapsible = open_ones[-1]
    if kind == "admonition_close":
        open_ones.pop()
        return [_close("details" if collapsible else "div", block=True)]
    if kind == "admonition_title_open":
        attrs = {} if collapsible else {"class": "admonition-title"}
        return [_open("summary" if collapsible else "p", attrs, block=True)]
    return [_close("summary" if collapsible else "p", block=True)]


# Footnotes as Python-Markdown writes them, which Material styles.


def _footnote_number(token: Token) -> tuple[int, str]:
    number = token.meta["id"] + 1
    sub = token.meta.get("subId", 0)
    return number, f"{number}:{sub + 1}" if sub else str(number)


def _footnote_ref(token: Token, context: BodyContext) -> list[Token]:
    number, ref = _footnote_number(token)
    link = {"class": "footnote-ref", "href": f"#fn:{number}"}
    return _element("sup", {"id": f"fnref:{ref}"}, *_element("a", link, _text(str(number))))


def _footnote_block_open(token: Token, context: BodyContext) -> list[Token]:
    return [
        _open("div", {"class": "footnote"}, block=True),
        Token("hr", "hr", 0, block=True),
        _open("ol", block=True),
    ]


def _footnote_block_close(token: Token, context: BodyContext) -> list[Token]:
    return [_close("ol", block=True), _close("div", block=True)]


def _footnote_open(token: Token, context: BodyContext) -> list[Token]:
    return [_open("li", {"id": f"fn:{token.meta['id'] + 1}"}, block=True)]


def _footnote_close(token: Token, context: BodyContext) -> list[Token]:
    return [_close("li", block=True)]


def _footnote_anchor(token: Token, context: BodyContext) -> list[Token]:
    number, ref = _footnote_number(token)
    link = {
        "class": "footnote-backref",
        "href": f"#fnref:{ref}",
        "title": f"Jump back to footnote {number} in the text",
    }
    return [_inline_block([_text("\u00a0"), *_element("a", link, _text("\u21a9\ufe0e"))])]


_NOTHING = BodyContext({}, lambda target: None)  # rendering without a page: nothing resolves
_INLINE: dict[str, Callable[[Token, BodyContext], list[Token]]] = {
    "kb_cite_open": _cite_open,
    "kb_cite_close": _cite_close,
    "kb_cite_item_open": _cite_item_open,
    "kb_cite_item_close": _nothing,
    "kb_cite_ref": _cite_ref,
    "kb_cite_in_text": _cite_in_text,
    "kb_link": _cross_link,
    "kb_literal": _as_text,
    "image": _as_text,
    "link_open": _link_end,
    "link_close": _link_end,
    "math_inline": _math_inline,
    "footnote_ref": _footnote_ref,
}
_BLOCK: dict[str, Callable[[Token, BodyContext], list[Token]]] = {
    "kb_problem": _nothing,
    "math_block": _math_block,
    "footnote_block_open": _footnote_block_open,
    "footnote_block_close": _footnote_block_close,
    "footnote_open": _footnote_open,
    "footnote_close": _footnote_close,
    "footnote_anchor": _footnote_anchor,
}
