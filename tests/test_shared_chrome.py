"""The theme's navigation, footer and configuration, rendered once per folder for entry pages.

Sharing is only worth having if readers cannot tell: a site built with it must be the same,
byte for byte, as the site built with every block rendered for every page.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, build_site, copy_tree, use_custom_dir
from mkdocs.config import load_config

from kb_mkdocs.shared_chrome import TEMPLATES, SharedChrome


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _render_every_block(self, block, page, caller):
    return caller()


def test_sharing_changes_no_byte_of_the_site(tmp_path, monkeypatch):
    # The shipped configuration: tabs, palette toggles, entries in several folders.
    root = copy_tree(REPO, tmp_path / "kb")
    shared = _files(build_site(root, tmp_path / "shared"))
    monkeypatch.setattr(SharedChrome, "__call__", _render_every_block)
    unshared = _files(build_site(root, tmp_path / "unshared"))
    assert shared.keys() == unshared.keys()
    assert [name for name in shared if shared[name] != unshared[name]] == []


def test_entry_pages_in_one_folder_share_one_rendering(small_kb, monkeypatch):
    renders: list[tuple[str, str]] = []
    original = SharedChrome.__call__

    def counting(self, block, page, caller):
        def render():
            renders.append((block, page.url if page else "404.html"))
            return caller()

        return original(self, block, page, render)

    monkeypatch.setattr(SharedChrome, "__call__", counting)
    site = build_site(small_kb)
    claim_pages = [p for p in (site / "claims").iterdir() if (p / "index.html").is_file()]
    assert len(claim_pages) >= 3
    navs_for_claims = [url for block, url in renders if block == "site_nav" and "claims/" in url]
    # One rendering for the claims folder's entries, one for the claims index (in the nav).
    assert len(navs_for_claims) == 2


def test_a_sites_own_main_template_still_wins(small_kb):
    overrides = small_kb / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}Site override{% endblock %}',
        encoding="utf-8",
    )
    use_custom_dir(small_kb)
    site = build_site(small_kb)
    page = next((site / "claims").glob("*/index.html"))
    assert "Site override" in page.read_text(encoding="utf-8")


def test_only_material_gets_the_template_since_it_extends_materials_own(small_kb):
    def theme_dirs(theme: str) -> list[str]:
        config = small_kb / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        themed = text.replace("  name: material\n", f"  name: {theme}\n")
        config.write_text(themed, "utf-8")
        loaded = load_config(config_file=str(config), site_dir=str(small_kb / "site"))
        dirs = loaded.plugins.on_config(loaded).theme.dirs
        config.write_text(text, encoding="utf-8")
        return dirs

    assert theme_dirs("material")[0] == TEMPLATES
    assert TEMPLATES not in theme_dirs("readthedocs")
