"""`kb init`: a new knowledge base that passes the check and builds strictly at once."""

from __future__ import annotations

import re

import yaml
from conftest import build_site

from kb.commands.cli import main


def test_a_new_knowledge_base_checks_and_builds(tmp_path, capsys):
    root = tmp_path / "reading-group"
    args = ["--title", "Reading Group: *Notes* & Debates", "--url", "https://rg.example.org/"]
    assert main(["init", str(root), *args, "--repo", "https://github.com/rg/kb"]) == 0
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert names == {
        ".github/pull_request_template.md",
        ".github/workflows/publish.yml",
        ".github/workflows/pull-request.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "content/about.md",
        "content/cite.md",
        "content/contribute.md",
        "content/index.md",
        "content/published-ids.txt",
        "content/tags.md",
        "mkdocs.yml",
        "references.bib",
        "requirements.txt",
    }
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    assert config["site_name"] == "Reading Group: *Notes* & Debates"
    assert config["repo_url"] == "https://github.com/rg/kb"
    assert re.fullmatch(r"argument-kb==\S+", (root / "requirements.txt").read_text().split()[-1])
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err
    site = build_site(root)
    home = (site / "index.html").read_text()
    assert '<h1 id="reading-group-notes-debates">Reading Group: *Notes* &amp; Debates' in home
    assert '<meta property="og:url" content="https://rg.example.org/">' in home
    assert '<meta property="og:description" content="Claims, counterarguments' in home
    for page in ("about", "contribute", "cite", "claims", "questions", "references", "tags"):
        assert (site / page / "index.html").is_file(), page
    # Material's edit button on hand-written pages, from MkDocs' repo_url and edit_uri
    about = (site / "about" / "index.html").read_text()
    assert 'href="https://github.com/rg/kb/edit/main/content/about.md"' in about


def test_without_a_title_the_folder_names_the_site(tmp_path):
    assert main(["init", str(tmp_path / "climate-policy")]) == 0
    config = yaml.safe_load((tmp_path / "climate-policy" / "mkdocs.yml").read_text())
    assert config["site_name"] == "Climate policy" and "site_url" not in config


def test_a_folder_that_is_not_empty_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 1
    assert "is not empty; pass --force" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_force_adds_only_missing_files_and_says_what_it_skipped(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "about.md").write_text("# Ours\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n")
    assert main(["init", str(tmp_path), "--force"]) == 0
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'mkdocs.yml'} (exists)" in err
    assert f"skipped {tmp_path / 'content' / 'about.md'} (exists)" in err
    assert (tmp_path / "content" / "about.md").read_text() == "# Ours\n"
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Ours\n"
    assert (tmp_path / "content" / "cite.md").is_file()


def test_addresses_are_judged_by_the_link_policy(tmp_path, capsys):
    assert main(["init", str(tmp_path / "a"), "--url", "javascript:alert(1)"]) == 1
    assert "--url: 'javascript:' links are not allowed" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "b"), "--repo", "mailto:x@example.org"]) == 1
    assert "--repo: must be a web address" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "c"), "--title", "two\nlines"]) == 1
    assert main(["init", str(tmp_path / "d"), "--title", "<b>Bold</b>"]) == 1
    assert "the title may not contain <, > or" in capsys.readouterr().err
    assert not any((tmp_path / name).exists() for name in "abcd")
