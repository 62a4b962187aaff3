"""Rendering again after an edit: only the pages the edit changes, for the live preview.

`render_site` takes the previous `Rendering` (what the site was made from, and its files) and a
new pipeline result. The entry and work pages that show nothing that changed
(`kb.render.affected`) are taken as they were; the others are rendered again, and so are the
pages that show the whole knowledge base (lists, hand-written pages) unless only bodies
changed, and `kb.json`. The files come out in the same order, equal to what `build_site`
makes from the new result alone. The
rendering then names the files whose content differs from the previous one's, so a site
generator writes only those, or says why every file must be written again: a change whose
effects cannot be bounded, or one that shows on every page (a page of the navigation renamed).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kb.addresses import KB_JSON, work_url
from kb.export.kb_json import EntryParts, export_json
from kb.git import History
from kb.pipeline import Result
from kb.render.affected import Affected, affected
from kb.render.renderer import Renderer
from kb.render.site import article_files, site_wide_files
from kb.render.site_files import SiteFile


@dataclass(frozen=True)
class Rendering:
    """One rendering of the site: what it was made from, its files, and what it changed."""

    result: Result
    history: History
    files: list[SiteFile]
    # What the next rendering carries over: the compiled templates and listings, and the JSON
    # of each entry in kb.json.
    renderer: Renderer = field(repr=False, compare=False)
    json_parts: EntryParts = field(repr=False, compare=False)
    # The paths of the files that differ from the previous rendering's; None when every file
    # is to be written again, and `reason` says why.
    changed: frozenset[str] | None = None
    reason: str = "first build"
    rendered: int = 0  # how many entry and work pages were rendered (not taken as they were)


def render_site(result: Result, history: History, previous: Rendering | None) -> Rendering:
    """The site for `result`, rendering again only what changed since `previous`."""
    if previous is None:
        return _full(result, history, "first build")
    if history != previous.history:
        return _full(result, history, "the git history changed")
    change = affected(previous.result, result)
    if isinstance(change, str):
        return _full(result, history, change)
    keep = _unaffected(previous, change)
    renderer = previous.renderer.carried_over(
        result.graph, history, change.changed, change.changed_works
    )
    articles = article_files(renderer, keep)
    parts = previous.json_parts
    if change.site_wide:
        files = articles + site_wide_files(renderer, result, parts)
    else:  # bodies alone changed: of what shows the whole knowledge base, only kb.json
        data = export_json(result.graph, result.project, parts)
        files = articles + [
            replace(f, content=data) if f.path == KB_JSON else f
            for f in previous.files[len(articles) :]
        ]
    rendered = len(articles) - len(keep)
    reason = _nav_changed(previous.files, files)
    if reason:
        return Rendering(result, history, files, renderer, parts, None, reason, rendered)
    before = {f.path: f for f in previous.files}
    changed = frozenset(f.path for f in files if not _same(before[f.path], f))
    return Rendering(result, history, files, renderer, parts, changed, "", rendered)


def _full(result: Result, history: History, reason: str) -> Rendering:
    renderer = Renderer(result.graph, result.project, history)
    articles = article_files(renderer)
    parts: EntryParts = {}
    files = articles + site_wide_files(renderer, result, parts)
    return Rendering(result, history, files, renderer, parts, None, reason, len(articles))


def _unaffected(previous: Rendering, change: Affected) -> dict[str, SiteFile]:
    """The entry and work pages of the previous rendering that nothing changed, by address:
    its files begin with the pages of its graph's entries, then works, in order."""
    graph = previous.result.graph
    n = len(graph.entries)
    keep = {}
    for (entry_id, entry), page in zip(graph.entries.items(), previous.files[:n], strict=True):
        if entry_id not in change.entries:
            keep[entry.url] = page
    works = previous.files[n : n + len(graph.works)]
    for slug, page in zip(graph.works, works, strict=True):
        if slug not in change.works:
            keep[work_url(slug)] = page
    return keep


def _nav_changed(before: list[SiteFile], after: list[SiteFile]) -> str:
    """Why every page changes: files added or removed, or a page of the navigation renamed."""
    if [f.path for f in before] != [f.path for f in after]:
        return "pages were added or removed"
    for old, new in zip(before, after, strict=True):
        if new.page is None or not new.page.listed:
            continue
        if old.page is None or old.page.title != new.page.title:
            return f"the title of {new.path}, shown in the navigation, changed"
    return ""


def _same(old: SiteFile, new: SiteFile) -> bool:
    """Whether a file is unchanged; one copied from a source file (an image) is always copied
    again, since its path says nothing of its content."""
    return new.source is None and (old is new or old == new)
