"""The MkDocs adapter, driven through a real MkDocsConfig and real MkDocs objects."""

from __future__ import annotations

import logging

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import InclusionLevel, get_files


def _config(root):
    """A real configuration whose events run through MkDocs' own plugin collection."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    return config, config.plugins["kb"]


def test_plugin_is_registered_under_the_name_kb(small_kb):
    config, plugin = _config(small_kb)
    assert type(plugin).__module__ == "kb_mkdocs.plugin"
    assert "assets/kb/kb.css" in config.extra_css


def test_on_config_makes_per_build_state_fresh(small_kb):
    config, plugin = _config(small_kb)
    config.plugins.on_pre_build(config=config)
    assert "claims/steering-works.md" in {f.path for f in plugin.site_files}
    config.plugins.on_config(config)
    assert plugin.site_files == [] and plugin.result is None


def test_on_files_replaces_entry_sources_with_generated_pages(small_kb):
    config, plugin = _config(small_kb)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    entry = files.get_file_from_path("claims/steering-works.md")
    assert entry is not None and entry.generated_by is not None
    assert entry.inclusion is InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("claims/index.md").inclusion is not InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("kb.json") is not None
    assert files.get_file_from_path("claims/old-steering-id/index.html") is not None
    assert files.get_file_from_path("references/meng2022locating.md") is not None


def test_errors_are_logged_as_diagnostics_and_stop_the_build(small_kb, caplog):
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("[can-steering-work]", "[can-steering-wrk]")
    )
    config, plugin = _config(small_kb)
    with caplog.at_level(logging.INFO), pytest.raises(PluginError, match="1 error"):
        config.plugins.on_pre_build(config=config)
    assert (
        "kb: content/claims/steering-fails.md:6:11: error[unknown-entry]: answers: no entry has "
        "the id 'can-steering-wrk'; did you mean 'can-steering-work'?"
    ) in caplog.text


def test_serve_watches_the_bibliography(small_kb):
    config, plugin = _config(small_kb)
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(small_kb / "site")
    )
    plugin.on_serve(server, config, builder=lambda: None)
    assert str(small_kb / "references.bib") in server._watched_paths


def test_a_build_leaves_the_garbage_collector_as_it_found_it(small_kb):
    import gc

    from conftest import build_site

    gc.unfreeze()  # earlier tests drive on_pre_build alone, without the end of a build
    build_site(small_kb)
    assert gc.isenabled() and gc.get_freeze_count() == 0
