"""The pipeline: load -> validate -> link, run once over a project, as one plain result.

Rendering and export take the result's graph; the CLI and the MkDocs plugin both start here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.check.pages import check_pages
from kb.check.registry import check_registry, read_registry
from kb.check.validate import validate
from kb.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from kb.link.graph import Graph, link
from kb.link.reliance import reliance_warnings
from kb.load.entry_cache import EntryCache, read_for_check
from kb.load.forked import map_in_two
from kb.load.hand_pages import HandPage, load_pages
from kb.load.tree import walk_content
from kb.memory import collector_paused
from kb.model import Entry
from kb.project import Project

# The codes that say references.bib could not be read at all.
_UNREADABLE = frozenset(
    {"bib-missing", "file-encoding", "file-symlink", "file-not-regular", "file-too-large"}
)


@dataclass(frozen=True)
class Result:
    project: Project
    entries: list[Entry]
    graph: Graph
    diagnostics: list[Diagnostic]
    pages: list[HandPage] = field(default_factory=list)  # the hand-written pages of content/
    images: tuple[str, ...] = ()  # the images of content/ (`kb.load.tree`), published as they are

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def run(project: Project, cache: EntryCache | None = None, *, check_only: bool = False) -> Result:
    """The whole check over `project`; with a `cache`, unchanged entry files are not re-read.

    A `check_only` run renders nothing: it reads entries in two processes where that is safe
    (`kb.load.forked`), and keeps no entry's token stream, which only rendering reads."""
    with collector_paused():
        return _run(project, cache, check_only)


def _run(project: Project, cache: EntryCache | None, check_only: bool) -> Result:
    diagnostics: list[Diagnostic] = []
    entries: list[Entry] = []
    unreadable: set[str] = set()
    # Every file under content/ is sorted first; only regular entry files are read.
    tree = walk_content(project.content_dir, project.relative(project.content_dir))
    diagnostics.extend(tree.diagnostics)
    files = list(tree.entries)
    cache = cache or EntryCache()
    bibliography = project.bibliography, project.relative(project.bibliography)
    if check_only:
        # references.bib is parsed here while the child reads its half of the entries
        read, (works, problems) = map_in_two(
            read_for_check, files, then=lambda: cache.works(*bibliography)
        )
    else:
        read = cache.read_all(files)
        works, problems = cache.works(*bibliography)
    for item, (entry, entry_problems) in zip(files, read, strict=True):
        diagnostics.extend(entry_problems)
        if entry is None:
            unreadable.add(item.stem)
        else:
            entries.append(entry)
    diagnostics.extend(problems)
    graph = link(entries, works)
    bibliography_read = not any(p.code in _UNREADABLE for p in problems)
    diagnostics.extend(validate(entries, graph, unreadable, bibliography_read))
    diagnostics.extend(reliance_warnings(graph, graph.flags))
    pages, problems = load_pages(
        project.content_dir, project.relative(project.content_dir), tree.pages
    )
    diagnostics.extend(problems)
    diagnostics.extend(check_pages(pages, graph, bibliography_read))
    registry_name = project.relative(project.registry)
    published, problems = read_registry(project.registry, registry_name)
    diagnostics.extend(problems)
    diagnostics.extend(check_registry(published, graph, registry_name, unreadable))
    return Result(project, entries, graph, sorted_diagnostics(diagnostics), pages, tree.images)
