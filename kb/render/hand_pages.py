"""The hand-written pages of `content/` (home, about, ...), rendered like entry bodies.

A hand-written page is untrusted like an entry: the same safe body renderer, raw HTML off,
with `[[id]]` and `[@key]` resolved (and checked by `kb.check.pages`), and the additions of
`kb.render.page_markup`: the engine's fragments (`<!-- kb:overview -->`, `<!-- kb:tags -->`),
heading anchors with a table of contents, and links to other pages by their file names.
"""

from __future__ import annotations

import posixpath
from functools import partial

from markdown_it import MarkdownIt

from kb.addresses import relative_url, source_url, tag_anchor, work_url
from kb.link.graph import Graph
from kb.load.hand_pages import HandPage
from kb.model import Entry
from kb.render.body import in_text_names, render_text
from kb.render.page_markup import FRAGMENTS, PageContext, make_page_markdown
from kb.render.renderer import Renderer
from kb.render.site_files import Heading, Page, SiteFile
from kb.render.templates import body_markup


def hand_pages(renderer: Renderer, pages: list[HandPage]) -> list[SiteFile]:
    md = make_page_markdown()
    return [hand_page(renderer, md, page) for page in pages]


def hand_page(renderer: Renderer, md: MarkdownIt, page: HandPage) -> SiteFile:
    here = source_url(page.name)
    cited = [renderer.graph.work(i.key) for c in page.facts.citations for i in c.items]
    works = {work.slug: work for work in cited if work is not None}
    context = PageContext(
        numbers={slug: number for number, slug in enumerate(works, 1)},
        link_for=partial(renderer.link_for, here),
        names={slug: in_text_names(work.authors) for slug, work in works.items()},
        work_href=partial(_work_href, renderer, here),
        here=here,
        folder=posixpath.dirname(page.name),
        fragments={
            name: fragment(renderer, name, here) for name in FRAGMENTS if f"kb:{name}" in page.body
        },
        fragment_headings={"tags": [(2, tag_anchor(t), t) for t in _tag_names(renderer.graph)]},
    )
    html = body_markup(_render_markdown(md, page, context))
    rendered = renderer.render("page.html", here, body=html)
    return SiteFile(
        page.name,
        page=Page(
            page.title,  # when the page names one; otherwise the site generator's default
            rendered,
            description=page.description,
            toc=_nested(context.headings),
            edit_url=renderer.project.edit_url(page.name) or "",
        ),
    )


def _render_markdown(md: MarkdownIt, page: HandPage, context: PageContext) -> str:
    """The page's body through the entries' body renderer."""
    return render_text(md, page.body, context)


def fragment(renderer: Renderer, name: str, here: str) -> str:
    """The engine's fragment `name` for the page at `here`."""
    graph = renderer.graph
    if name == "overview":
        counts = {t: len(graph.by_type(t)) for t in ("question", "claim", "counterargument")}
        counts["works"] = len(graph.works)
        questions = [
            (q, len(graph.incoming.get(q.id, {}).get("answers", ())))
            for q in graph.by_type("question")
        ]
        return renderer.render(
            "overview.html", here, counts=counts, questions=questions, tags=_tags(graph)
        )
    by_tag: dict[str, list[Entry]] = {}
    for entry in sorted(graph.entries.values(), key=lambda e: e.title.lower()):
        for tag in entry.tags:
            by_tag.setdefault(tag, []).append(entry)
    return renderer.render("tags.html", here, tags=sorted(by_tag.items()))


def _tags(graph: Graph) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for entry in graph.entries.values():
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items())


def _tag_names(graph: Graph) -> list[str]:
    return [tag for tag, _ in _tags(graph)]


def _work_href(renderer: Renderer, here: str, key: str) -> str | None:
    """A page has no reference list: a citation links to the work's own page."""
    work = renderer.graph.work(key)
    return relative_url(here, work_url(work.slug)) if work else None


def _nested(headings: list[tuple[int, str, str]]) -> tuple[Heading, ...]:
    """The headings as a tree: each under the nearest heading above it of a lower level."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for level, anchor, text in headings:
        while stack[-1][0] >= level:
            stack.pop()
        children: list = []
        stack[-1][1].append((level, anchor, text, children))
        stack.append((level, children))

    def freeze(items: list) -> tuple[Heading, ...]:
        return tuple(Heading(lv, a, t, freeze(c)) for lv, a, t, c in items)

    return freeze(root)
