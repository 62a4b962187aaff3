"""The Markdown of bodies: one markdown-it parser, configured once per process.

Its token stream is the single reading of a body: the check derives citations, cross-links,
links, anchors and problems from it (`kb.load.body`), and the page is rendered from a parse
by the same configuration (`kb.render.body`). CommonMark, with what authors coming from
Pandoc, Quarto and Material write:

- Pandoc citations, `[see @a, p. 4; @b]`, `[-@a]`, `@a says`, `@a [p. 4] says`
  (grammar in `kb.load.citations`), and cross-links `[[id]]`, `[[id#anchor|text]]`;
- footnotes `[^1]` (mdit-py-plugins; inline `^[...]` notes are reported, not read, because
  their text is parsed apart from the body and could not be located), task lists, tables,
  `~~strike~~`;
- math `$...$` and `$$...$$` (dollarmath, with Pandoc's rule that `$` opens only before a
  non-space and closes only after one, so prices like "$5 and $10" stay text);
- admonitions `!!! note "Title"`, `??? note` (collapsible), `???+ note` (open), and GitHub
  alerts `> [!NOTE]`, both as Material writes them;
- every heading gets a stable id (its text, lower-cased, words joined by `-`), never one of
  the entry page's own section ids.

Raw HTML is off (shown as text). Nothing a rule finds wrong is dropped: the rule leaves a
`problem` in the token's meta, with its offset, for the check to report where it stands.
Links and images are parsed as usual and judged after parsing, so a refused address is
reported rather than silently left as text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from kb.addresses import link_problem
from kb.load.citations import locator, match_key, starts_key, suggest_term, unknown_term

# The ids of an entry page's own sections: a body heading never takes one, and
# `[[id#anchor]]` may name one.
PAGE_SECTIONS = (
    "top",
    "map",
    "references",
    "cite",
    "counterarguments",
    "supported-by",
    "supports",
    "opposes",
    "answers",
    "positions",
    "tags",
    "qualifies",
    "qualified-by",
    "undercuts",
    "undercut-by",
    "held-by",
    "forecasts",
    "cruxes",
)
_RESERVED_ID = re.compile(r"ref-\d+")
# Material's admonition types and the aliases its stylesheet knows.
ADMONITION_TYPES = (
    "note abstract summary tldr info todo tip hint important success check done question "
    "help faq warning caution attention failure fail missing danger error bug example quote "
    "cite"
).split()
# GitHub's alerts, as the Material types (or aliases) that style them.
ALERT_TYPES = {
    "NOTE": "note",
    "TIP": "tip",
    "IMPORTANT": "important",
    "WARNING": "warning",
    "CAUTION": "caution",
}
_ALERT = re.compile(r"\[!([A-Za-z]+)\][ \t]*(?:\n|$)")
# The characters at which a token may start that could hide `;` or `@` inside it.
_SKIPPED = frozenset("`\\<$[")
_ITEM_MARKUP = re.compile(r"[;@`\\<$\[]")
_NESTING = re.compile(r"[\[`\\<$]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")

Problem = tuple[str, str]  # (diagnostic code, message)


@cache
def parser() -> MarkdownIt:
    """The parser of this process (made once: configuring markdown-it costs more than a body)."""
    return new_parser()


def new_parser() -> MarkdownIt:
    """A parser with the body syntax; the renderer adds its rules to one of these."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Rules that the options above turn into no-ops, called at every line or position anyway.
    md.disable(["linkify", "replacements", "smartquotes", "html_block", "html_inline"])
    md.validateLink = lambda url: True  # judged after parsing, in `_judge_links`
    md.use(footnote_plugin, inline=False)
    md.use(tasklists_plugin, label=True)
    md.use(admon_plugin)
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
    )
    md.inline.ruler.at("text", _text)
    md.inline.ruler.before("link", "kb_bracket", _bracket)
    md.inline.ruler.before("link", "kb_in_text", _in_text)
    md.inline.ruler.before("link", "kb_inline_note", _inline_note)
    for name in ("link", "image", "autolink", "math_inline"):
        md.inline.ruler.at(name, _located(md, name))
    md.core.ruler.after("block", "kb_alerts", _alerts)
    md.core.ruler.after("kb_alerts", "kb_footnote_lines", _footnote_lines)
    md.core.ruler.push("kb_links", _judge_links)
    md.core.ruler.push("kb_headings", _heading_ids)
    md.core.ruler.push("kb_admonitions", _admonition_types)
    md.core.ruler.push("kb_unused_footnotes", _unused_footnotes)
    return md


def heading_slug(text: str) -> str:
    """A heading's id: its words, lower-cased, joined by hyphens (as MkDocs' table of contents
    makes them for ASCII text; letters of other scripts are kept)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"[-\s]+", "-", text).strip("-_") or "section"


# ---- inline rules ---------------------------------------------------------------------------


def _located(md: MarkdownIt, name: str) -> Callable:
    """The inline rule `name`, keeping the offset where it matched in its first token's meta."""
    ruler = md.inline.ruler
    function = ruler.__rules__[ruler.__find__(name)].fn

    def located(state: StateInline, silent: bool) -> bool:
        # The rule's first push first turns pending text into a token of its own.
        start, first = state.pos, len(state.tokens) + (1 if state.pending else 0)
        matched = function(state, silent)
        if matched and not silent and len(state.tokens) > first:
            state.tokens[first].meta["offset"] = start
        return matched

    return located


def _text(state: StateInline, silent: bool) -> bool:
    """markdown-it's `text` rule, kept within `state.posMax`: the original reads on to the next
    markup character even past the end of the range it was given (harmless where a range ends
    at one, as link labels do; not for a citation's locator followed by its suffix)."""
    found = state.md.inline.terminator_re.search(state.src, state.pos, state.posMax)
    end = found.start() if found else state.posMax
    if end == state.pos:
        return False
    if not silent:
        state.append_pending(state.src[state.pos : end])
    state.pos = end
    return True


def _bracket(state: StateInline, silent: bool) -> bool:
    """`[[id]]` cross-links, `[...@key...]` citations, and `[^x]` with no footnote."""
    src, pos, end = state.src, state.pos, state.posMax
    if src[pos] != "[" or pos + 1 >= end:
        return False
    if src[pos + 1] == "[":
        return _cross_link(state, silent)
    if src[pos + 1] == "^":
        return _unknown_footnote(state, silent)
    at = _find(state, "@", pos + 1, end)
    first_close = _find(state, "]", pos + 1, end)
    if at < 0 or first_close < at or state.linkLevel > 0:
        return False
    close = first_close
    if _NESTING.search(src, pos + 1, first_close):  # brackets or code inside: markdown-it's scan
        close = parseLinkLabel(state, pos)
    if close < 0 or at > close or (close + 1 < end and src[close + 1] in "(["):
        return False
    items, problem = _citation_items(state, pos + 1, close)
    if not items and problem is None:
        return False
    if not silent:
        if problem is not None:
            _literal(state, src[pos : close + 1], pos, problem)
        else:
            _push_citation(state, pos, items)
    state.pos = close + 1
    return True


def _cross_link(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    close = _find(state, "]]", pos + 2, state.posMax)
    inner = src[pos + 2 : close] if close >= 0 else ""
    problem = None
    if close < 0:
        reported = state.env.setdefault("kb_unclosed", set())
        if id(src) not in reported:  # once per paragraph: the later ones are not closed either
            reported.add(id(src))
            problem = ("unclosed-cross-link", "'[[' is not closed by ']]' in this paragraph")
        elif not silent:
            state.pending += "[["
        if problem is None:
            state.pos = pos + 2
            return True
    elif "[" in inner or "]" in inner:
        problem = ("unclosed-cross-link", "'[[' is not closed by ']]' before the next bracket")
    elif not inner.partition("|")[0].strip():
        problem = ("unclosed-cross-link", "'[[]]' names no entry")
    if problem is not None:
        if not silent:
            _literal(state, "[[", pos, problem)
        state.pos = pos + 2
        return True
    if not silent:
        target, _, label = inner.partition("|")
        entry_id, _, anchor = " ".join(target.split()).partition("#")
        token = state.push("kb_link", "", 0)
        token.meta = {
            "target": entry_id.strip(),
            "anchor": anchor.strip() or None,
            "label": " ".join(label.split()) or None,
            "offset": pos,
        }
    state.pos = close + 2
    return True


def _unknown_footnote(state: StateInline, silent: bool) -> bool:
    """`[^x]` that the footnote rule left: no `[^x]:` defines it."""
    match = _FOOTNOTE_REF.match(state.src, state.pos, state.posMax)
    if match is None or state.src.startswith(":", match.end()):
        return False
    if ":" + match.group(1) in state.env.get("footnotes", {}).get("refs", {}):
        return False  # defined: the footnote rule, after this one, reads it
    if not silent:
        problem = ("unknown-footnote", f"footnote '[^{match.group(1)}]' is never defined")
        _literal(state, match.group(), state.pos, problem)
    state.pos = match.end()
    return True


def _inline_note(state: StateInline, silent: bool) -> bool:
    """`^[...]`, Pandoc's inline note, which is not read: said rather than shown as text."""
    src, pos = state.src, state.pos
    if not src.startswith("^[", pos):
        return False
    if not silent:
        problem = (
            "unknown-footnote",
            "inline notes '^[...]' are not read: write '[^1]' and, on a line of its own, "
            "'[^1]: the note'",
        )
        _literal(state, "^[", pos, problem)
    state.pos = pos + 2
    return True


def _in_text(state: StateInline, silent: bool) -> bool:
    """`@key`, or `@key [locator, suffix]`: an in-text citation."""
    src, pos, end = state.src, state.pos, state.posMax
    if src[pos] != "@" or state.linkLevel > 0 or not starts_key(src, pos, end):
        return False
    key, after = match_key(src, pos + 1, end)  # type: ignore[misc]
    stop, suffix = after, ""
    space = after
    while space < end and src[space] in " \t":
        space += 1
    if space < end and src.startswith("[", space) and not src.startswith(("[[", "[^"), space):
        close = _find(state, "]", space + 1, end)  # a locator and suffix: no nested brackets
        if close >= 0 and "[" in src[space + 1 : close]:
            close = -1
        if close >= 0 and not (close + 1 < end and src[close + 1] in "(["):
            inner_items, _ = _citation_items(state, space + 1, close)
            if not inner_items:
                stop, suffix = close + 1, src[space + 1 : close]
    if not silent:
        found = locator(suffix)
        token = state.push("kb_cite_in_text", "", 0)
        token.meta = {
            "key": key,
            "locator": found.text if found and found.text else None,
            "suffix": " ".join(suffix[found.rest if found else 0 :].split()),
            "source": src[pos:stop],
            "offset": pos,
            "problem": _term_problem(suffix, None if found else 0),
            "problem_offset": space + 1,
        }
    state.pos = stop
    return True


def _find(state: StateInline, text: str, start: int, end: int) -> int:
    """`state.src.find(text, start, end)`, remembering where each search ended, so that a
    paragraph of many `[` is not searched to its end once for each."""
    cache = state.env.setdefault("kb_find", {})
    key = (id(state.src), text)
    known = cache.get(key)
    if known is not None and known[0] <= start and (known[1] < 0 or known[1] >= start):
        found = known[1]
    else:
        found = state.src.find(text, start)
        cache[key] = (start, found)
    return found if 0 <= found and found + len(text) <= end else -1


def _citation_items(state: StateInline, start: int, end: int) -> tuple[list[dict], Problem | None]:
    """The items of the citation whose text is `state.src[start:end]`: ([], None) when it has
    no key (it is no citation), or a problem when it has one but does not parse."""
    src = state.src
    items: list[dict] = []
    item_start, key_at, keys, pos = start, -1, 0, start
    saved = state.pos
    parts: list[tuple[int, int, int]] = []  # (item start, key's @, item end)
    while pos < end:
        found = _ITEM_MARKUP.search(src, pos, end)
        if found is None:
            break
        pos = found.start()
        char = src[pos]
        if char == ";":
            parts.append((item_start, key_at, pos))
            item_start, key_at = pos + 1, -1
            pos += 1
        elif char == "@" and starts_key(src, pos, end):
            keys += 1
            if key_at >= 0:
                state.pos = saved
                return [], (
                    "bad-citation",
                    "two keys in one item of a citation: separate the items with ';'",
                )
            key_at = pos
            pos = match_key(src, pos + 1, end)[1]  # type: ignore[index]
        elif char in _SKIPPED:
            state.pos = pos
            state.md.inline.skipToken(state)
            pos = max(state.pos, pos + 1)
        else:  # an `@` inside a word
            pos += 1
    state.pos = saved
    parts.append((item_start, key_at, end))
    if not keys:
        return [], None
    for first, at, last in parts:
        if at < 0:
            text = " ".join(src[first:last].split())
            return [], (
                "bad-citation",
                f"each item of a citation needs an @key, and '{text}' has none"
                if text
                else "a citation has an empty item: remove the extra ';'",
            )
        key, after = match_key(src, at + 1, end)  # type: ignore[misc]
        suppress = at > first and src[at - 1] == "-"
        prefix_end = at - 1 if suppress else at
        suffix = src[after:last]
        found = locator(suffix)
        items.append(
            {
                "key": key,
                "mode": "suppress-author" if suppress else "normal",
                "offset": at,
                "prefix": (first, prefix_end),
                "locator": found.text if found and found.text else None,
                "locator_span": (after + found.start, after + found.end) if found else (0, 0),
                "suffix": (after + (found.rest if found else 0), last),
                "comma": found is None and bool(suffix) and suffix[0].isalnum(),
                "problem": _term_problem(suffix, None if found else 0),
                "problem_offset": after,
            }
        )
    return items, None


def _term_problem(suffix: str, searched: int | None) -> tuple[Problem, int] | None:
    """An unknown locator term at the head of a suffix that has no locator, with its offset."""
    if searched is None:
        return None
    unknown = unknown_term(suffix)
    if unknown is None:
        return None
    word, offset = unknown
    return (
        "unknown-locator-term",
        f"'{word}' is not a locator term; did you mean {suggest_term(word)}?",
    ), offset


def _push_citation(state: StateInline, start: int, items: list[dict]) -> None:
    token = state.push("kb_cite_open", "span", 1)
    token.meta = {"offset": start}
    for index, item in enumerate(items):
        token = state.push("kb_cite_item_open", "", 1)
        token.meta = dict(item, first=index == 0)
        _tokenize(state, *_trimmed(state.src, *item["prefix"]))
        token = state.push("kb_cite_ref", "", 0)
        token.meta = {"key": item["key"], "locator": item["locator"], "comma": item["comma"]}
        if item["locator"]:
            _tokenize(state, *item["locator_span"])  # Markdown in it is shown as Markdown
        _tokenize(state, *item["suffix"])
        state.push("kb_cite_item_close", "", -1)
    state.push("kb_cite_close", "span", -1)


def _trimmed(src: str, start: int, end: int) -> tuple[int, int]:
    while start < end and src[start] in " \t\n":
        start += 1
    return start, end


def _tokenize(state: StateInline, start: int, end: int) -> None:
    """Parse `state.src[start:end]` as inline Markdown into the current token list."""
    if start >= end:
        return
    saved = state.pos, state.posMax
    state.pos, state.posMax = start, end
    state.md.inline.tokenize(state)
    state.pos, state.posMax = saved


def _literal(state: StateInline, text: str, offset: int, problem: Problem) -> None:
    token = state.push("kb_literal", "", 0)
    token.content = text
    token.meta = {"problem": problem, "offset": offset}


# ---- core rules -----------------------------------------------------------------------------


def _alerts(state: StateCore) -> None:
    """`> [!NOTE]` quotes become admonitions, before their text is parsed inline.

    Places are taken before anything changes, and the token list is rebuilt once at the end
    with each alert's title after its opening: a body of thousands of alerts stays linear."""
    tokens = state.tokens
    opened: list[int] = []
    titles: dict[int, list[Token]] = {}  # by the place of an alert's opening
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            opened.append(index)
            if index + 2 < len(tokens) and tokens[index + 2].type == "inline":
                match = _ALERT.match(tokens[index + 2].content)
                if match:
                    token.meta["alert"] = match.group(1)
        elif token.type == "blockquote_close" and opened:
            start = opened.pop()
            name = tokens[start].meta.pop("alert", None)
            if name:
                titles[start] = _convert_alert(tokens, start, index, name)
    if titles:
        rebuilt: list[Token] = []
        for index, token in enumerate(tokens):
            if token.type != "kb_removed":
                rebuilt.append(token)
            rebuilt.extend(titles.get(index, ()))
        state.tokens = rebuilt


def _convert_alert(tokens: list[Token], start: int, close: int, name: str) -> list[Token]:
    """Turn the quote from `start` to `close` into an admonition; the title to put after its
    opening (none where `name` is no alert's)."""
    kind = ALERT_TYPES.get(name.upper())
    opening, inline = tokens[start], tokens[start + 2]
    if kind is None:
        opening.meta["problem"] = (
            "unknown-admonition",
            f"'[!{name}]' is not a GitHub alert; use one of "
            + ", ".join(f"[!{n}]" for n in ALERT_TYPES),
        )
        return []
    opening.type, opening.tag = "admonition_open", "div"
    opening.meta = {"tag": kind, "kind": "!!!"}
    tokens[close].type, tokens[close].tag = "admonition_close", "div"
    title_open = Token("admonition_title_open", "p", 1)
    title = Token("inline", "", 0, content=name.capitalize(), children=[], map=opening.map)
    title_close = Token("admonition_title_close", "p", -1)
    rest = inline.content.split("\n", 1)
    if len(rest) == 2 and rest[1].strip():
        inline.content = rest[1]
        inline.map = [inline.map[0] + 1, inline.map[1]] if inline.map else None
    else:  # the marker was the whole paragraph
        for index in (start + 1, start + 2, start + 3):
            tokens[index].type = "kb_removed"
    return [title_open, title, title_close]


def _footnote_lines(state: StateCore) -> None:
    """Where each footnote is defined, before the footnote rule moves the definitions."""
    lines = state.env.setdefault("kb_footnote_lines", {})
    waiting: list[str] = []  # labels whose line is that of the next token with a map
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            waiting.append(token.meta["label"])
        elif token.map and waiting:
            for label in waiting:
                lines[label] = token.map[0]
            waiting.clear()


def _unused_footnotes(state: StateCore) -> None:
    """A definition no `[^x]` refers to would vanish from the page: a problem token says so."""
    refs = state.env.get("footnotes", {}).get("refs", {})
    lines = state.env.get("kb_footnote_lines", {})
    for key, number in refs.items():
        if number < 0:
            label = key[1:]
            token = Token("kb_problem", "", 0, map=[lines.get(label, 0), lines.get(label, 0) + 1])
            message = f"footnote '[^{label}]' is defined but never referred to"
            token.meta = {"problem": ("unused-footnote", message)}
            state.tokens.append(token)


def _judge_links(state: StateCore) -> None:
    """Links that the link policy refuses are unlinked and marked; images are never shown."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        opened: list[Token] = []
        for child in token.children:
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                reason = link_problem(href)
                if reason is not None:
                    child.meta["problem"] = ("unsafe-link", f"link to '{href}': {reason}")
                    child.meta["refused"] = True
                    child.attrs = {}
                opened.append(child)
            elif child.type == "link_close" and opened:
                if opened.pop().meta.get("refused"):
                    child.meta["refused"] = True
            elif child.type == "image":
                child.meta["problem"] = (
                    "image-not-allowed",
                    "images are not shown: the site loads nothing from other hosts; "
                    "link to the picture instead",
                )
                child.attrs = {}


def _heading_ids(state: StateCore) -> None:
    taken = set(PAGE_SECTIONS)
    suffixes: dict[str, int] = {}  # the last number given to each slug, so n headings cost n
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        base = heading_slug(_plain_text(tokens[index + 1]))
        slug, number = base, suffixes.get(base, 0)
        while slug in taken or _RESERVED_ID.fullmatch(slug):
            number += 1
            slug = f"{base}-{number}"
        suffixes[base] = number
        taken.add(slug)
        token.attrs = {"id": slug}


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "math_inline", "kb_literal"):
            parts.append(child.content)
        elif child.type == "kb_link":
            parts.append(child.meta["label"] or child.meta["target"])
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _admonition_types(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "admonition_open":
            continue
        tag = token.meta.get("tag", "")
        token.meta.setdefault("kind", token.markup)
        token.attrs = {}
        if tag not in ADMONITION_TYPES:
            token.meta["problem"] = (
                "unknown-admonition",
                f"'{tag}' is not an admonition type; use one of "
                + ", ".join(ADMONITION_TYPES[:12])
                + ", ...",
            )
            token.meta["tag"] = "note"
