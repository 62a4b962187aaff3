"""The bibliography and one page per cited work, listing the entries that cite it."""

from __future__ import annotations

from kb.addresses import work_source, work_url
from kb.model import Work
from kb.render.lists import list_page
from kb.render.renderer import Renderer
from kb.render.site_files import Page, SiteFile

RELATION_HEADINGS = {"supports": "Supports", "disputes": "Disputes", "background": "Background"}


def bibliography(renderer: Renderer) -> SiteFile:
    works = sorted(renderer.graph.works.values(), key=_work_sort_key)
    counted = [(work, _citing_count(renderer, work)) for work in works]
    return list_page(renderer, "references", "References", "bibliography.html", works=counted)


def work_page(renderer: Renderer, work: Work) -> SiteFile:
    graph = renderer.graph
    groups = []
    for relation, heading in RELATION_HEADINGS.items():
        ids = graph.cited_by.get(work.slug, {}).get(relation, [])
        if not ids:
            continue
        items = []
        for entry_id in ids:
            locators = next(
                (r.locators for r in graph.references[entry_id] if r.work.slug == work.slug), ()
            )
            items.append((graph.entries[entry_id], locators))
        groups.append((relation, heading, items))
    title = work.title or work.key
    html = renderer.render("work.html", work_url(work.slug), work=work, groups=groups)
    return SiteFile(work_source(work.slug), page=Page(title, html, listed=False))


def _citing_count(renderer: Renderer, work: Work) -> int:
    return sum(len(ids) for ids in renderer.graph.cited_by.get(work.slug, {}).values())


def _work_sort_key(work: Work) -> tuple:
    first = work.authors[0].split()[-1].lower() if work.authors else ""
    return (first, work.year, work.title.lower())
