"""The theme's page around entry pages, rendered once per folder.

Sharing is only worth having if readers cannot tell: a site built with it must be the same,
byte for byte, as the site built with every page rendered whole.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, build_site, copy_tree, use_custom_dir
from mkdocs.config import load_config

from kb_mkdocs import plugin, shared_chrome
from kb_mkdocs.shared_chrome import TEMPLATES


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_sharing_changes_no_byte_of_the_site(tmp_path, monkeypatch):
    # The shipped configuration: tabs, palette toggles, entries in several folders.
    root = copy_tree(REPO, tmp_path / "kb")
    shared = _files(build_site(root, tmp_path / "shared"))
    monkeypatch.setattr(plugin, "has_shared_chrome", lambda page: False)
    unshared = _files(build_site(root, tmp_path / "unshared"))
    assert shared.keys() == unshared.keys()
    assert [name for name in shared if shared[name] != unshared[name]] == []


def _recording(monkeypatch) -> tuple[list[shared_chrome.PageShell], list[str], list[str]]:
    """The build's PageShell, and the pages a shell was rendered for and filled for."""
    made: list[shared_chrome.PageShell] = []
    shells: list[str] = []
    filled: list[str] = []
    original_init, original_shell, original_fill = (
        shared_chrome.PageShell.__init__,
        shared_chrome._shell,
        shared_chrome._fill,
    )

    def init(self, env, is_shared):
        original_init(self, env, is_shared)
        made.append(self)

    def shell(main, values):
        shells.append(values["page"].url)
        return original_shell(main, values)

    def fill(main, values, made_shell):
        filled.append(values["page"].url)
        return original_fill(main, values, made_shell)

    monkeypatch.setattr(shared_chrome.PageShell, "__init__", init)
    monkeypatch.setattr(shared_chrome, "_shell", shell)
    monkeypatch.setattr(shared_chrome, "_fill", fill)
    return made, shells, filled


def test_entry_pages_in_one_folder_share_one_rendering(small_kb, monkeypatch):
    made, shells, filled = _recording(monkeypatch)
    site = build_site(small_kb)
    claim_pages = [
        f"claims/{p.parent.name}/"
        for p in (site / "claims").glob("*/index.html")
        if '<h1 id="top">' in p.read_text(encoding="utf-8")  # not the redirects
    ]
    assert len(claim_pages) >= 3
    # One page of the folder rendered around its own parts; the claims index is in the nav.
    assert len([url for url in shells if url.startswith("claims/")]) == 1
    assert all(url.count("/") == 2 for url in shells)
    # Every entry page of the folder is its shell filled in, and the check kept the shell.
    assert sorted(url for url in filled if url.startswith("claims/")) == sorted(claim_pages)
    (page_shell,) = made
    assert page_shell.shells["claims"] is not None and "claims" in page_shell.checked


def _announce(root: Path, announcement: str) -> None:
    """A site's own main.html, whose announcement bar says `announcement`."""
    overrides = root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}' + announcement + "{% endblock %}",
        encoding="utf-8",
    )
    use_custom_dir(root)


def test_a_site_template_that_shows_the_page_elsewhere_turns_sharing_off(small_kb, monkeypatch):
    _announce(small_kb, "Now reading: {{ page.title }}")
    made, shells, _ = _recording(monkeypatch)
    site = build_site(small_kb)
    pages = [p.read_text(encoding="utf-8") for p in (site / "claims").glob("*/index.html")]
    entry_pages = [html for html in pages if '<h1 id="top">' in html]  # not the redirects
    assert len(entry_pages) >= 3 and shells
    (page_shell,) = made
    assert page_shell.shells["claims"] is None  # the check found the pages differ: turned off
    for html in entry_pages:
        title = html.split('<h1 id="top">', 1)[1].split("</h1>", 1)[0]
        assert f"Now reading: {title}" in html


def test_a_sites_own_main_template_still_wins(small_kb):
    _announce(small_kb, "Site override")
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
