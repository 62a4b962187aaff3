"""Check hand-written pages as entries are checked: their cross-links, citations and links.

`[[id]]` must name an entry and `[@key]` a work, as in entry bodies; a link must be one the
link policy allows (`kb.addresses.link_problem`), and a link to a `.md` page must name a page
of the site. Each problem is located at its line and column in the page's file.
"""

from __future__ import annotations

from kb.addresses import (
    SECTIONS,
    UnsafePath,
    entry_source,
    link_problem,
    section_source,
    work_source,
)
from kb.check.codes import report
from kb.check.suggest import did_you_mean
from kb.diagnostics import Diagnostic, Position
from kb.link.graph import Graph
from kb.load.hand_pages import HandPage
from kb.model import Citation, CrossLink
from kb.render.markup import scan_body
from kb.render.page_markup import make_page_markdown, page_target


def page_names(pages: list[HandPage], graph: Graph) -> set[str]:
    """Every page a hand-written page may link to, by its source name (`about.md`)."""
    names = {page.name for page in pages}
    names.update(section_source(name) for name in SECTIONS)
    for name in [(entry_source, e.folder, e.id) for e in graph.entries.values()] + [
        (work_source, w.slug) for w in graph.works.values()
    ]:
        try:
            names.add(name[0](*name[1:]))
        except UnsafePath:  # an id the schema refused: reported there
            continue
    return names


def check_pages(
    pages: list[HandPage], graph: Graph, bibliography_read: bool = True
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    known_ids = set(graph.entries) | set(graph.aliases)
    names = page_names(pages, graph)
    md = make_page_markdown()
    for page in pages:
        citations, links = _markup(page)
        for link in links:
            if link.target not in known_ids:
                message = f"[[{link.target}]] links to no entry" + did_you_mean(
                    link.target, known_ids
                )
                diagnostics.append(report("unknown-link", link.position, message))
        if bibliography_read:
            for citation in citations:
                for item in citation.items:
                    if graph.work(item.key) is None:
                        message = f"citation '@{item.key}' is not in references.bib" + did_you_mean(
                            item.key, [w.key for w in graph.works.values()]
                        )
                        diagnostics.append(report("unknown-reference", item.position, message))
        diagnostics += _links(md, page, names)
    return diagnostics


def _markup(page: HandPage) -> tuple[tuple[Citation, ...], tuple[CrossLink, ...]]:
    """The page's citations and cross-links, found as in entry bodies."""
    return scan_body(page.body, page.path, page.body_line)


def _links(md, page: HandPage, names: set[str]) -> list[Diagnostic]:
    diagnostics = []
    folder = page.name.rpartition("/")[0]
    lines = page.body.split("\n")
    for token in md.parse(page.body):
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            where = _position(page, lines, token.map, href)
            problem = link_problem(href)
            if problem:
                diagnostics.append(report("link-not-allowed", where, f"{href}: {problem}"))
                continue
            target = page_target(folder, href)
            if target and target[0].endswith(".md") and target[0] not in names:
                diagnostics.append(
                    report("unknown-page", where, f"{href}: there is no page '{target[0]}'")
                )
    return diagnostics


def _position(page: HandPage, lines: list[str], block: list[int], href: str) -> Position:
    """Where `href` is written in its block, or the block's first line."""
    for number in range(block[0], min(block[1], len(lines))):
        col = lines[number].find(href)
        if col >= 0:
            return Position(page.path, page.body_line + number, col + 1)
    return Position(page.path, page.body_line + block[0], 1)
