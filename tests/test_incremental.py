"""The live preview's rebuilds (`make serve`, `mkdocs serve --dirty`): an edit renders and writes
only what it changes, and the site is then, byte for byte, the one a full build makes.

The rebuilds run through the real plugin and MkDocs' own build function, called as
`mkdocs serve --dirty` calls it; each full build runs in a process of its own, as `make site`
does, since MkDocs keeps plugins across the builds of one process.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_tree, result_cards
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from kb import pipeline
from kb.git import History
from kb.link.graph import link
from kb.pipeline import Result
from kb.project import load_project
from kb.render.incremental import render_site
from kb.render.site import build_site

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


class Preview:
    """A knowledge base under `mkdocs serve --dirty`: one process, one plugin, one site folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root.parent / "served"
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["kb"]
        self._build(config)

    def _config(self):
        return load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site))

    def _build(self, config) -> None:
        build(config, serve_url=config.site_url, dirty=True)
        self.plugin.wait_for_search_index()  # written after the pages, as under serve

    def rebuild(self) -> None:
        self._build(self._config())

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.rebuild()


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def full_build(root: Path) -> dict[str, bytes]:
    """The site `make site` builds from the same files, in a fresh process."""
    site = root.parent / "full"
    done = subprocess.run(
        [MKDOCS, "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return files_of(site)


def assert_same_site(preview: Preview) -> None:
    served, full = files_of(preview.site), full_build(preview.root)
    assert sorted(served) == sorted(full)
    assert [name for name in sorted(full) if served[name] != full[name]] == []


@pytest.fixture
def debate(tmp_path) -> Path:
    return copy_tree(FIXTURES / "debate", tmp_path / "kb")


def test_a_title_edit_shows_on_the_neighbours_and_lists_and_nothing_else_is_written(debate, caplog):
    preview = Preview(debate)
    unrelated = preview.site / "claims" / "baselines-hard" / "index.html"
    written = unrelated.stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kb"):
        preview.edit(
            "content/claims/features-steer.md",
            "title: SAE features can steer a model",
            "title: SAE features can steer a language model",
        )
    assert "rebuilding 8 of 27 files" in caplog.text
    for neighbour in ("claims/saes-competitive", "questions/are-saes-useful", "claims"):
        page = (preview.site / neighbour / "index.html").read_text(encoding="utf-8")
        assert "SAE features can steer a language model" in page, neighbour
    assert unrelated.stat().st_mtime_ns == written  # not shown there: not written again
    assert_same_site(preview)


def test_a_withdrawal_changes_the_status_of_others_as_a_full_build_does(debate):
    preview = Preview(debate)
    before = (preview.site / "claims" / "compared-with-prompting" / "index.html").read_text()
    preview.edit(
        "content/claims/no-baseline.md",
        "type: counterargument\n",
        "type: counterargument\nstatus: withdrawn\nsuperseded_by: not-shown-competitive\n",
    )
    after = (preview.site / "claims" / "compared-with-prompting" / "index.html").read_text()
    assert before != after  # its counterargument withdrawn, it stands again
    preview.edit(
        "content/claims/features-steer.md",
        "supports: [saes-competitive]",
        "supports: [saes-competitive]\nanswers: [have-saes-been-compared]",
    )
    assert_same_site(preview)


def test_a_bibliography_edit_shows_on_the_work_and_the_entries_citing_it(debate):
    preview = Preview(debate)
    preview.edit("references.bib", "Scaling Monosemanticity", "Scaling Monosemanticity Again")
    for page in ("references/templeton2024scaling", "claims/features-steer", "references"):
        html = (preview.site / page / "index.html").read_text(encoding="utf-8")
        assert "Scaling Monosemanticity Again" in html, page
    preview.edit("content/people/stephen-casper.md", "title: Stephen Casper", "title: S. Casper")
    preview.edit("content/claims/features-steer.md", "\n---\n", "\n---\nA new first line.\n\n")
    assert_same_site(preview)


def test_what_cannot_be_bounded_is_built_in_full_and_the_log_says_why(debate, caplog):
    preview = Preview(debate)
    steer = (debate / "content" / "claims" / "features-steer.md").read_text(encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kb"):
        (debate / "content" / "claims" / "features-steer-again.md").write_text(
            steer.replace("id: features-steer", "id: features-steer-again"), encoding="utf-8"
        )
        preview.rebuild()
        assert "rebuilding every page: entries were added or removed" in caplog.text
        preview.edit("content/index.md", "\n", "\nA new line on the home page.\n")
        preview.edit("mkdocs.yml", "site_name: Debate KB", "site_name: The Debate KB")
        assert "rebuilding every page: the site's settings changed" in caplog.text
    (debate / "content" / "claims" / "features-steer-again.md").unlink()
    preview.rebuild()  # the removed entry's page is gone too
    assert not (preview.site / "claims" / "features-steer-again").exists()
    assert_same_site(preview)


# The engine alone: every kind of edit to every entry and work of two fixtures.


def _relinked(result: Result, entries=None, works=None) -> Result:
    entries = result.entries if entries is None else entries
    works = result.graph.works if works is None else works
    return dataclasses.replace(result, entries=entries, graph=link(entries, works))


def _edits(result: Result):
    replace = dataclasses.replace
    for index, entry in enumerate(result.entries):
        other = next(
            (e for e in result.entries if e.id != entry.id and e.folder == entry.folder), entry
        )
        swapped = {"claim": "counterargument", "counterargument": "claim"}
        for name, edited in [
            ("title", replace(entry, title=entry.title + " edited")),
            ("summary", replace(entry, summary=entry.summary + " edited")),
            ("body", replace(entry, body=entry.body + "\n\nEdited *here*.\n")),
            ("withdrawn", replace(entry, status="withdrawn", superseded_by=other.id)),
            ("tags", replace(entry, tags=(*entry.tags, "new-tag"))),
            (
                "no relations",
                replace(entry, supports=(), opposes=(), answers=(), qualifies=(), undercuts=()),
            ),
            ("opposes", replace(entry, opposes=(*entry.opposes, other.id))),
            ("held_by", replace(entry, held_by=())),
            ("sources", replace(entry, sources=())),
            ("type", replace(entry, type=swapped.get(entry.type, entry.type))),
        ]:
            entries = [*result.entries[:index], edited, *result.entries[index + 1 :]]
            yield f"{entry.id}: {name}", _relinked(result, entries=entries)
    for slug, work in result.graph.works.items():
        for name, edited in [
            ("title", replace(work, title=work.title + " edited")),
            ("retracted", replace(work, retracted="2025")),
            ("authors", replace(work, authors=(*work.authors, "Someone Else"))),
        ]:
            yield f"{slug}: {name}", _relinked(result, works={**result.graph.works, slug: edited})


@pytest.mark.parametrize("fixture", ["small", "debate"])
def test_every_edit_renders_the_site_a_full_rendering_makes(fixture):
    result = pipeline.run(load_project(FIXTURES / fixture))
    history = History()
    first = render_site(result, history, None)
    for label, edited in _edits(result):
        again = render_site(edited, history, first)
        full = build_site(edited, history)
        assert again.files == full, label
        before = {f.path: f for f in first.files}
        differing = {f.path for f in full if before[f.path] != f}
        assert again.changed is not None and differing <= again.changed, label
        # Only the pages that show the change are rendered again.
        assert again.rendered < len(full), label


def test_after_an_edit_that_fails_the_check_the_next_rebuild_is_still_incremental(debate, caplog):
    preview = Preview(debate)
    entry = "content/claims/features-steer.md"
    with pytest.raises(Abort):
        preview.edit(entry, "supports: [saes-competitive]", "supports: [saes-competitve]")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kb"):
        preview.edit(entry, "supports: [saes-competitve]", "supports: [saes-competitive]\n")
    assert "rebuilding every page" not in caplog.text and "kb: rebuilding" in caplog.text
    assert_same_site(preview)


def test_saves_in_quick_succession_index_only_the_newest_build(debate):
    """The live preview makes the search index once it is quiet: a save that comes first stops
    the index of the build before, and the index written is the newest build's, as a full
    build makes it."""
    preview = Preview(debate)
    entry = debate / "content" / "claims" / "features-steer.md"
    text = entry.read_text(encoding="utf-8")
    for word in ("zzfirst", "zzsecond"):
        entry.write_text(text.replace("title: SAE features", f"title: {word} SAE features", 1))
        build(preview._config(), serve_url="", dirty=True)  # no wait: the next save comes now
    preview.plugin.wait_for_search_index()
    titles = [card["title"] for card in result_cards(preview.site).values()]
    assert any("zzsecond" in t for t in titles) and not any("zzfirst" in t for t in titles)
    assert_same_site(preview)
