"""A full build writes over the site folder of the build before (`kb_mkdocs.site_folder`), and
leaves the same folder as a build into an empty one: real MkDocs builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site, use_custom_dir
from jinja2.exceptions import UndefinedError
from mkdocs.exceptions import Abort

from kb_mkdocs.site_folder import ASIDE

PAGE = "claims/steering-works/index.html"


def _contents(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_a_rebuild_writes_over_the_pages_and_leaves_what_a_fresh_build_leaves(small_kb, tmp_path):
    site = build_site(small_kb)
    inode = (site / PAGE).stat().st_ino
    # What a build before this one left, and this one does not write.
    (site / "claims" / "gone").mkdir()
    (site / "claims" / "gone" / "index.html").write_text("<script>old</script>")
    (site / "notes.txt").write_text("old")
    (site / "claims" / ".hidden").write_text("old")
    # Where this build needs a folder, a file; where it needs a file, a folder.
    shutil.rmtree(site / "tags")
    (site / "tags").write_text("a file where a folder goes")
    (site / "404.html").unlink()
    (site / "404.html" / "inside").mkdir(parents=True)
    # MkDocs never empties a hidden folder at the top of the site folder; nor does kb.
    (site / ".kept").mkdir()
    (site / ".kept" / "file").write_text("kept")

    build_site(small_kb)

    fresh = build_site(small_kb, tmp_path / "fresh")
    rebuilt = _contents(site)
    assert rebuilt.pop(".kept/file") == b"kept"
    assert rebuilt == _contents(fresh)
    assert not (site / "claims" / "gone").exists() and not (site / ASIDE).exists()
    # The page was written over, not deleted and made again.
    assert (site / PAGE).stat().st_ino == inode


def test_a_build_stopped_while_the_last_one_was_set_aside_leaves_nothing_behind(small_kb):
    site = build_site(small_kb)
    (site / ASIDE / "claims").mkdir(parents=True)
    (site / ASIDE / "claims" / "index.html").write_text("<script>leftover</script>")

    build_site(small_kb)

    assert not (site / ASIDE).exists()
    assert "leftover" not in (site / "claims" / "index.html").read_text(encoding="utf-8")


def test_a_build_that_fails_while_writing_empties_the_folder(small_kb):
    site = build_site(small_kb)
    (site / "notes.txt").write_text("from the build before")
    use_custom_dir(small_kb)
    (small_kb / "overrides").mkdir()
    (small_kb / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ no_such_function() }}{% endblock %}'
    )

    with pytest.raises(UndefinedError, match="no_such_function"):
        build_site(small_kb)

    assert not (site / "notes.txt").exists() and not (site / ASIDE).exists()
    assert not (site / PAGE).exists()


def test_a_build_the_check_refuses_leaves_the_last_site_as_it_was(small_kb):
    site = build_site(small_kb)
    before = _contents(site)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("[can-steering-work]", "[no-such-entry]")
    )

    with pytest.raises(Abort, match="BuildError"):
        build_site(small_kb)

    assert _contents(site) == before


def test_a_link_left_in_the_site_folder_is_never_written_through(small_kb, tmp_path):
    site = build_site(small_kb)
    outside = tmp_path / "outside.html"
    outside.write_text("not the site's")
    (site / PAGE).unlink()
    (site / PAGE).symlink_to(outside)
    (site / "tags").rename(tmp_path / "tags-outside")
    (site / "tags").symlink_to(tmp_path / "tags-outside", target_is_directory=True)
    tags_page = (tmp_path / "tags-outside" / "index.html").read_bytes()

    build_site(small_kb)

    assert outside.read_text() == "not the site's"
    assert not (site / PAGE).is_symlink() and "steering" in (site / PAGE).read_text()
    assert not (site / "tags").is_symlink() and (site / "tags" / "index.html").is_file()
    assert (tmp_path / "tags-outside" / "index.html").read_bytes() == tags_page
    assert (tmp_path / "tags-outside" / "index.html").stat().st_mtime_ns != 0
