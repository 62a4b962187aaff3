"""Render bodies: safe HTML with numbered citations, resolved cross-links, MathML, footnotes,
admonitions and heading anchors, from the token stream of `kb.load.markdown`.

The page is rendered from a fresh parse of the same text by a parser built by the same
function (`new_parser`) as the one the check used, rather than from tokens kept since the
check: markdown-it's parse is a pure function of the text and the configuration (every rule
here keeps its state in the token stream or in the per-parse `env`), so the tokens are the
same, while keeping them would hold every token of every body in memory from the check until
the pages are built (12 MB pickled for half the bodies of the benchmark at 10,000 entries,
several times that as objects), against about 1 s of parsing again, some 4% of that build.
`tests/test_markup.py` checks that both parsers give the same tokens.

Bodies come from untrusted contributors. Raw HTML is off; a link the link policy refuses and
an image are rendered as their text (the check reports both); every value from the text is
escaped; MathML is rebuilt from an allow-list (`kb.mathml`); admonitions take their
class from a fixed list of types, never from the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from markdown_it import MarkdownIt

from kb.addresses import work_slug
from kb.load.markdown import new_parser
from kb.mathml import MathError, tex_to_mathml
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


def make_markdown() -> MarkdownIt:
    """The parser of `kb.load.markdown` with the rules that render its tokens as the site does."""
    md = new_parser()
    for name, rule in _RULES.items():
        md.add_render_rule(name, rule)
    return md


def render_body(md: MarkdownIt, entry: Entry, context: BodyContext) -> str:
    """The HTML of an entry's body."""
    return render_text(md, entry.body, context)


def render_text(md: MarkdownIt, text: str, context: BodyContext) -> str:
    """The HTML of any text written in the body syntax (a hand-written page, too)."""
    if not text.strip():
        return ""
    return md.render(text, {"kb": context})


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


# ---- render rules: (renderer, tokens, index, options, env) -> HTML --------------------------


def _number(context: BodyContext, key: str) -> str:
    if context.work_href is not None:
        href = context.work_href(key)
        return f'<a href="{escape(href)}">{escape(key)}</a>' if href else escape(key)
    number = context.numbers.get(work_slug(key))
    return f'<a href="#ref-{number}">{number}</a>' if number else escape(key)


def _cite_open(self, tokens, idx, options, env) -> str:
    return '<span class="kb-cite">['


def _cite_close(self, tokens, idx, options, env) -> str:
    return "]</span>"


def _cite_item_open(self, tokens, idx, options, env) -> str:
    return "" if tokens[idx].meta["first"] else "; "


def _nothing(self, tokens, idx, options, env) -> str:
    return ""


def _cite_ref(self, tokens, idx, options, env) -> str:
    """The number; the locator's own tokens follow it, then the suffix's."""
    meta = tokens[idx].meta
    return _number(env["kb"], meta["key"]) + (", " if meta["locator"] or meta["comma"] else "")


def _cite_in_text(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    context: BodyContext = env["kb"]
    slug = work_slug(meta["key"])
    if slug not in context.numbers:  # no such work: shown as written (the check warned)
        return escape(meta["source"])
    inside = _number(context, meta["key"])
    if meta["locator"]:
        inside += f", {escape(meta['locator'])}"
    suffix = meta["suffix"]
    if suffix:
        separator = "" if suffix[0] in ",;.:" else ", " if suffix[0].isalnum() else " "
        inside += separator + escape(suffix)
    names = escape(context.names.get(slug, "")) or escape(meta["key"])
    return f'<span class="kb-cite kb-cite-in-text">{names} [{inside}]</span>'


def _cross_link(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    context: BodyContext = env["kb"]
    resolved = context.link_for(meta["target"])
    if resolved is None:
        return escape(meta["label"] or meta["target"])
    href, title = resolved
    if meta["anchor"]:
        href += "#" + meta["anchor"]
    return f'<a class="kb-xref" href="{escape(href)}">{escape(meta["label"] or title)}</a>'


def _literal(self, tokens, idx, options, env) -> str:
    return escape(tokens[idx].content)


def _link_open(self, tokens, idx, options, env) -> str:
    if tokens[idx].meta.get("refused"):
        return ""
    return self.renderToken(tokens, idx, options, env)


def _image(self, tokens, idx, options, env) -> str:
    return escape(tokens[idx].content)


def _math(display: bool) -> Callable:
    def render(self, tokens, idx, options, env) -> str:
        tex = tokens[idx].content
        try:
            mathml = tex_to_mathml(tex, display)
        except MathError:  # reported by the check; shown as the TeX it is
            return f"<code>{escape(tex.strip())}</code>"
        if display:
            return f'<div class="kb-math kb-math-display">{mathml}</div>\n'
        return f'<span class="kb-math">{mathml}</span>'

    return render


def _admonition_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    kind, tag = meta["kind"], meta["tag"]  # tag: one of kb.load.markdown.ADMONITION_TYPES
    env.setdefault("kb_admonitions", []).append(kind)
    if kind.startswith("?"):
        return f'<details class="{tag}"{" open" if kind.endswith("+") else ""}>\n'
    return f'<div class="admonition {tag}">\n'


def _admonition_close(self, tokens, idx, options, env) -> str:
    kind = env["kb_admonitions"].pop()
    return "</details>\n" if kind.startswith("?") else "</div>\n"


def _admonition_title_open(self, tokens, idx, options, env) -> str:
    collapsible = env["kb_admonitions"][-1].startswith("?")
    return "<summary>" if collapsible else '<p class="admonition-title">'


def _admonition_title_close(self, tokens, idx, options, env) -> str:
    collapsible = env["kb_admonitions"][-1].startswith("?")
    return "</summary>\n" if collapsible else "</p>\n"


# Footnotes as Python-Markdown writes them, which Material styles.


def _footnote_number(token) -> tuple[int, str]:
    number = token.meta["id"] + 1
    sub = token.meta.get("subId", 0)
    return number, f"{number}:{sub + 1}" if sub else str(number)


def _footnote_ref(self, tokens, idx, options, env) -> str:
    number, ref = _footnote_number(tokens[idx])
    return f'<sup id="fnref:{ref}"><a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnote">\n<hr>\n<ol>\n'


def _footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def _footnote_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn:{tokens[idx].meta["id"] + 1}">\n'


def _footnote_close(self, tokens, idx, options, env) -> str:
    return "</li>\n"


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    number, ref = _footnote_number(tokens[idx])
    return (
        f'&nbsp;<a class="footnote-backref" href="#fnref:{ref}" '
        f'title="Jump back to footnote {number} in the text">&#8617;&#xFE0E;</a>'
    )


_RULES: dict[str, Callable] = {
    "kb_cite_open": _cite_open,
    "kb_cite_close": _cite_close,
    "kb_cite_item_open": _cite_item_open,
    "kb_cite_item_close": _nothing,
    "kb_cite_ref": _cite_ref,
    "kb_cite_in_text": _cite_in_text,
    "kb_link": _cross_link,
    "kb_literal": _literal,
    "kb_problem": _nothing,
    "link_open": _link_open,
    "link_close": _link_open,
    "image": _image,
    "math_inline": _math(False),
    "math_block": _math(True),
    "admonition_open": _admonition_open,
    "admonition_close": _admonition_close,
    "admonition_title_open": _admonition_title_open,
    "admonition_title_close": _admonition_title_close,
    "footnote_ref": _footnote_ref,
    "footnote_block_open": _footnote_block_open,
    "footnote_block_close": _footnote_block_close,
    "footnote_open": _footnote_open,
    "footnote_close": _footnote_close,
    "footnote_anchor": _footnote_anchor,
}
