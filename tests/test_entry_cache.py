"""Rebuilds re-read only the entry files whose content changed."""

from __future__ import annotations

import os

from mkdocs.commands.build import build
from mkdocs.config import load_config

from kb import pipeline
from kb.load.entry_cache import EntryCache
from kb.project import load_project


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
    result = pipeline.run(project, cache)
    assert result.graph.entries["steering-fails"].title == "Steering fails elsewhere"
    assert cache.hits == len(result.entries) - 1
    assert result.diagnostics == pipeline.run(project).diagnostics


def test_an_edit_keeping_size_and_modification_time_is_seen(small_kb):
    """A save that keeps a file's length and time stamp (a one-letter fix, restored mtime)."""
    cache = EntryCache()
    project = load_project(small_kb)
    pipeline.run(project, cache)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    before = entry.stat()
    text = entry.read_text(encoding="utf-8")
    edited = text.replace("fails outside chosen", "fails outside picked")
    assert len(edited.encode()) == len(text.encode()) and edited != text
    entry.write_text(edited, encoding="utf-8")
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = entry.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = pipeline.run(project, cache)
    assert "picked" in result.graph.entries["steering-fails"].title


def test_mkdocs_keeps_one_cache_per_process_across_rebuilds_as_serve_does(small_kb):
    config = load_config(config_file=str(small_kb / "mkdocs.yml"), site_dir=str(small_kb / "s"))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["kb"]
    build(config)
    assert plugin.entry_cache.hits == 0
    # Every rebuild of `mkdocs serve` loads the configuration again; the plugin is kept.
    again = load_config(config_file=str(small_kb / "mkdocs.yml"), site_dir=str(small_kb / "s"))
    assert again.plugins["kb"] is plugin
    build(again)
    assert plugin.entry_cache.hits == 5


def test_a_served_edit_keeping_size_and_modification_time_shows(small_kb):
    config = load_config(config_file=str(small_kb / "mkdocs.yml"), site_dir=str(small_kb / "s"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    before = entry.stat()
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("fails outside chosen", "fails outside picked"), "utf-8")
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(load_config(config_file=str(small_kb / "mkdocs.yml"), site_dir=str(small_kb / "s")))
    page = (small_kb / "s" / "claims" / "steering-fails" / "index.html").read_text("utf-8")
    assert "Steering with features fails outside picked examples" in page
