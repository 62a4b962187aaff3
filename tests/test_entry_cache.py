"""Rebuilds re-read only the entry files that changed."""

from __future__ import annotations

import os

from conftest import build_site

from kb import pipeline
from kb.load.entry_cache import EntryCache
from kb.project import load_project
from plugins import kb_plugin


def test_unchanged_files_are_not_read_again(small_kb):
    cache = EntryCache()
    project = load_project(small_kb)
    first = pipeline.run(project, cache)
    assert cache.hits == 0
    again = pipeline.run(project, cache)
    assert cache.hits == len(first.entries)
    assert again.graph.entries == first.graph.entries


def test_a_changed_file_is_read_again(small_kb):
    cache = EntryCache()
    project = load_project(small_kb)
    pipeline.run(project, cache)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "Steering with features fails outside chosen examples", "Steering fails elsewhere"
        ),
        encoding="utf-8",
    )
    stat = entry.stat()
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    result = pipeline.run(project, cache)
    assert result.graph.entries["steering-fails"].title == "Steering fails elsewhere"
    assert cache.hits == len(result.entries) - 1
    assert result.diagnostics == pipeline.run(project).diagnostics


def test_successive_builds_share_the_cache_as_mkdocs_serve_does(small_kb):
    kb_plugin._ENTRY_CACHES.pop(str(small_kb / "content"), None)
    build_site(small_kb)
    build_site(small_kb)
    assert kb_plugin._ENTRY_CACHES[str(small_kb / "content")].hits == 5
