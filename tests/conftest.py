"""Shared fixtures: copies of real content trees, built with real MkDocs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of a knowledge base: mkdocs.yml, content/ and references.bib."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(source / "references.bib", target / "references.bib")
    shutil.copytree(source / "content", target / "content")
    return target


def result_cards(site: Path) -> dict[str, dict]:
    """What the built search index shows of each page, by address (`claims/x/`): the result
    cards beside Pagefind's index, read as the search box reads them (by page id: the
    layout's number of the id's digits names each page's file)."""
    folder = site / "pagefind" / "kb-results"
    digits = json.loads((folder / "layout.json").read_text(encoding="utf-8"))["digits"]
    cards = {}
    for file in folder.iterdir():
        if file.name == "layout.json":
            continue
        for page_id, card in json.loads(file.read_text(encoding="utf-8")).items():
            language, _, number = page_id.partition("_")
            assert file.name == f"{language}_{number[:digits]}.json", (file, page_id)
            cards[card["url"]] = card
    return cards


def use_custom_dir(root: Path, folder: str = "overrides") -> None:
    """Point the theme of the knowledge base at `root` to its own templates in `folder`."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", f"  name: material\n  custom_dir: {folder}\n", 1),
        encoding="utf-8",
    )


def build_site(root: Path, site_dir: Path | None = None) -> Path:
    """Build `root` with MkDocs in strict mode, as `make site` does; returns the site folder."""
    site_dir = site_dir or root / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` starts
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    root = copy_tree(FIXTURES / "small", tmp_path_factory.mktemp("small"))
    return build_site(root)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    root = copy_tree(REPO, tmp_path_factory.mktemp("shipped"))
    return build_site(root)


@pytest.fixture
def small_kb(tmp_path) -> Path:
    """A writable copy of the small knowledge base, for tests that change it."""
    return copy_tree(FIXTURES / "small", tmp_path / "kb")
