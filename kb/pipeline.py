"""The pipeline: load -> validate -> link, run once over a project, as one plain result.

Rendering and export take the result's graph; the CLI and the MkDocs plugin both start here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.check.registry import check_registry, read_registry
from kb.check.validate import validate
from kb.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from kb.link.graph import Graph, link
from kb.link.reliance import reliance_flags, reliance_warnings
from kb.load.bibliography import load_works
from kb.load.entries import entry_files
from kb.load.entry_cache import EntryCache
from kb.memory import collector_paused
from kb.model import Entry
from kb.project import Project


@dataclass(frozen=True)
class Result:
    project: Project
    entries: list[Entry]
    graph: Graph
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def run(project: Project, cache: EntryCache | None = None) -> Result:
    """The whole check over `project`; with a `cache`, unchanged entry files are not re-read."""
    with collector_paused():
        return _run(project, cache)


def _run(project: Project, cache: EntryCache | None) -> Result:
    diagnostics: list[Diagnostic] = []
    entries: list[Entry] = []
    unreadable: set[str] = set()
    prefix = project.relative(project.content_dir)
    files = [
        (file, f"{prefix}/{file.parent.name}/{file.name}")
        for file in entry_files(project.content_dir)
    ]
    read = (cache or EntryCache()).read_all(project.root, files)
    works, problems = load_works(project.bibliography, project.relative(project.bibliography))
    for (file, _), (entry, entry_problems) in zip(files, read, strict=True):
        diagnostics.extend(entry_problems)
        if entry is None:
            unreadable.add(file.stem)
        else:
            entries.append(entry)
    diagnostics.extend(problems)
    graph = link(entries, works)
    bibliography_read = not any(p.code in ("bib-missing", "file-encoding") for p in problems)
    diagnostics.extend(validate(entries, graph, unreadable, bibliography_read))
    diagnostics.extend(reliance_warnings(graph, reliance_flags(graph)))
    registry_name = project.relative(project.registry)
    published, problems = read_registry(project.registry, registry_name)
    diagnostics.extend(problems)
    diagnostics.extend(check_registry(published, graph, registry_name, unreadable))
    return Result(project, entries, graph, sorted_diagnostics(diagnostics))
