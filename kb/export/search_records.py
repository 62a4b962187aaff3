"""What readers search: one plain-text record per page worth finding, for a search index.

A record holds the words a reader looks a page up by and what a result shows of it. For an
entry: its title, statement, body, tags, the people who hold it (with their words) and a
forecast set's forecasts; for a work: its title, authors, year and venue; for a hand-written
page: its title and text. Never the lists the engine generates around them (related entries,
numbered references, back-links, positions), which would make every neighbour of an entry
match its words. Bodies are read from markdown-it's tokens, the parse the check and the pages
share, so nothing is parsed back out of HTML; the index is written from these records by
`kb.export.search_index`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from kb.addresses import source_url, work_url
from kb.link.graph import Graph
from kb.load.hand_pages import HandPage
from kb.load.markdown import parser
from kb.model import TYPE_LABELS, Entry, Work
from kb.pipeline import Result
from kb.render.page_markup import is_fragment_mark

WORK_KIND = "Reference"
PAGE_KIND = "Page"
# Inline tokens whose `content` is the words they show.
_WORDS = frozenset({"text", "code_inline", "kb_literal", "math_inline"})
# Block tokens whose `content` is shown as it is written.
_LITERAL_BLOCKS = frozenset({"code_block", "fence", "math_block"})


@dataclass(frozen=True)
class SearchRecord:
    """One page as a search index holds it: plain text, to be escaped by whatever shows it."""

    url: str  # the page's address, relative to the site root: `claims/some-id/`
    title: str
    kind: str  # what a result calls it: "Claim", "Question", "Reference", "Page", ...
    statement: str  # what a result shows under the title: an entry's statement
    text: str  # every word the page is found by, the title and statement included


def search_records(result: Result) -> Iterator[SearchRecord]:
    """A record for every entry, every work and every hand-written page of the site."""
    graph = result.graph
    for entry in graph.entries.values():
        yield entry_record(graph, entry)
    for work in graph.works.values():
        yield work_record(work)
    for page in result.pages:
        yield page_record(graph, page, result.project.site_name)


def entry_record(graph: Graph, entry: Entry) -> SearchRecord:
    """An entry: its own words and those of the people who hold it, not its neighbours'."""
    held = []
    for attribution in entry.held_by:
        who = graph.resolve(attribution.who)
        if who is not None:
            held += [who.title, attribution.quote or ""]
    parts = [
        entry.title,
        entry.summary,
        body_text(entry.body, graph, entry.tokens),
        *held,
        *(forecast.statement for forecast in entry.forecasts),
        *entry.tags,
    ]
    return SearchRecord(
        url=entry.url,
        title=entry.title,
        kind=TYPE_LABELS.get(entry.type, entry.type),
        statement=entry.summary,
        text=_joined(parts),
    )


def work_record(work: Work) -> SearchRecord:
    """A work of `references.bib`: found by its title, authors, year and venue."""
    reference = _joined([", ".join(work.authors), work.year, work.venue], ". ")
    return SearchRecord(
        url=work_url(work.slug),
        title=work.title or work.key,
        kind=WORK_KIND,
        statement=reference,
        text=_joined([work.title, work.key, reference]),
    )


def page_record(graph: Graph, page: HandPage, site_name: str) -> SearchRecord:
    """A hand-written page (about, how to write an entry, ...): its title and its text. A page
    that names no title is called by its first heading, or the home page by the site's name."""
    tokens = _tokens(page.body, page.facts.tokens)
    heading = next(
        (tokens[i + 1].content for i, t in enumerate(tokens[:-1]) if t.type == "heading_open"),
        "",
    )
    home = site_name if page.name == "index.md" else ""
    title = page.title or heading or home or page.name
    return SearchRecord(
        url=source_url(page.name),
        title=title,
        kind=PAGE_KIND,
        statement=page.description,
        text=_joined([title, page.description, _text(tokens, graph)]),
    )


def body_text(markdown: str, graph: Graph, tokens: Sequence[Token] = ()) -> str:
    """The words a body shows, block by block: its text, code, math as written, and each
    cross-link's label or the title of the entry it names; citations (numbers) left out.
    `tokens`: the body's parse, if the check kept it."""
    return _text(_tokens(markdown, tokens), graph)


def _tokens(markdown: str, parsed: Sequence[Token]) -> Sequence[Token]:
    if parsed or not markdown.strip():
        return parsed
    return parser().parse(markdown, {})


def _text(tokens: Sequence[Token], graph: Graph) -> str:
    blocks = []
    for token in tokens:
        if token.type == "inline":
            words = "".join(_inline_words(token.children or [], graph))
            if not is_fragment_mark(words):
                blocks.append(words)
        elif token.type in _LITERAL_BLOCKS:
            blocks.append(token.content)
    return _joined(blocks)


def _inline_words(children: list[Token], graph: Graph) -> list[str]:
    words: list[str] = []
    citing = 0  # inside a bracketed citation: its numbers, not words
    for child in children:
        if child.type == "kb_cite_open":
            citing += 1
        elif child.type == "kb_cite_close":
            citing -= 1
        elif citing:
            continue
        elif child.type in _WORDS:
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif child.type == "kb_link":
            target = graph.resolve(child.meta["target"])
            words.append(child.meta["label"] or (target.title if target else child.meta["target"]))
    return words


def _joined(parts: list[str], separator: str = "\n") -> str:
    return separator.join(part.strip() for part in parts if part and part.strip())
