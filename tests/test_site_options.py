"""The plugin's options in mkdocs.yml, and what every page's head tells a link preview."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_site
from mkdocs.config import load_config

from kb.addresses import repository_url
from kb.project import history_uri, load_project

_META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">')


def _options(root: Path, options: str, extra: str = "") -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - kb\n", "  - kb:\n" + options, 1)
    config.write_text(text + extra, encoding="utf-8")


def _meta(page: Path) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _META.findall(page.read_text())}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("      repo_url: javascript:alert(1)\n", "'javascript:' links are not allowed"),
        ("      repo_url: github.com/x/y\n", "must be a full address"),
        ("      edit_uri: 'edit/main/con tent/'\n", "may not contain spaces"),
        ("      publisher: [a, b]\n", "Expected type: <class 'str'>"),
        ("      licence: CC-BY-4.0\n", "Unrecognised configuration name: licence"),
        ("      watcher: inotify\n", "Expected one of: ('native', 'polling')"),
    ],
)
def test_a_wrong_option_is_refused_by_mkdocs_with_its_reason(small_kb, caplog, options, message):
    _options(small_kb, options)
    with pytest.raises(SystemExit):
        load_config(config_file=str(small_kb / "mkdocs.yml"), strict=True)
    assert "Plugin 'kb' option" in caplog.text
    assert message in caplog.text


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory) -> Path:
    from conftest import FIXTURES, copy_tree

    root = copy_tree(FIXTURES / "small", tmp_path_factory.mktemp("configured"))
    _options(
        root,
        "      publisher: The Example Society\n      license: CC-BY-4.0\n",
        "repo_url: https://github.com/example/kb\nedit_uri: edit/main/content/\n",
    )
    return build_site(root)


def test_entry_pages_link_to_their_file_and_its_history(configured_site):
    page = (configured_site / "claims" / "steering-works" / "index.html").read_text()
    assert 'href="https://github.com/example/kb/edit/main/content/claims/steering-works.md"' in page
    assert (
        'href="https://github.com/example/kb/commits/main/content/claims/steering-works.md"' in page
    )
    question = (configured_site / "questions" / "can-steering-work" / "index.html").read_text()
    assert "commits/main/content/questions/can-steering-work.md" in question


def test_citations_name_the_publisher_and_the_licence(configured_site):
    page = (configured_site / "claims" / "steering-works" / "index.html").read_text()
    assert "publisher = {The Example Society}" in page
    assert '<p class="kb-license">Licence: CC-BY-4.0</p>' in page
    assert '"license": "CC-BY-4.0"' in page or '"license":"CC-BY-4.0"' in page


def test_no_edit_links_without_a_repository(small_site):
    page = (small_site / "claims" / "steering-works" / "index.html").read_text()
    assert "Edit this entry" not in page and "History of this entry" not in page


def test_every_kind_of_page_unfurls_with_its_own_title_and_statement(small_site):
    entry = _meta(small_site / "claims" / "steering-works" / "index.html")
    assert entry == {
        "og:title": "Identified features enable targeted steering",
        "og:site_name": "Small KB",
        "og:type": "article",
        "og:description": (
            "Once the relevant features are found, they can be used to steer the model."
        ),
        "og:url": "https://kb.example.org/claims/steering-works/",
        "twitter:card": "summary",
        "twitter:title": "Identified features enable targeted steering",
        "twitter:description": (
            "Once the relevant features are found, they can be used to steer the model."
        ),
    }
    question = _meta(small_site / "questions" / "can-steering-work" / "index.html")
    assert question["og:url"] == "https://kb.example.org/questions/can-steering-work/"
    assert question["og:type"] == "article" and question["og:description"]
    work = _meta(small_site / "references" / "meng2022locating" / "index.html")
    assert work["og:url"] == "https://kb.example.org/references/meng2022locating/"
    assert work["og:title"] and work["twitter:card"] == "summary"
    home = _meta(small_site / "index.html")
    assert home["og:url"] == "https://kb.example.org/" and home["og:type"] == "website"
    assert home["og:site_name"] == "Small KB" and home["og:title"]
    claims = _meta(small_site / "claims" / "index.html")
    assert claims["og:url"] == "https://kb.example.org/claims/"


def test_metadata_is_escaped(small_kb):
    entry = small_kb / "content" / "claims" / "steering-works.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "title: Identified features enable targeted steering",
            "title: 'Steering \"works\" <script>x</script>'",
        )
    )
    site = build_site(small_kb)
    page = (site / "claims" / "steering-works" / "index.html").read_text()
    assert '<meta property="og:title" content="Steering &#34;works&#34; &lt;script&gt;' in page
    assert "<script>x</script>" not in page


def test_the_command_line_reads_the_same_options(small_kb):
    _options(
        small_kb,
        "      publisher: The Example Society\n      license: CC-BY-4.0\n",
        "repo_url: https://github.com/example/kb\nedit_uri: edit/main/content/\n",
    )
    project = load_project(small_kb)
    assert project.publisher_name == "The Example Society" and project.license == "CC-BY-4.0"
    assert project.history_url("claims/x.md") == (
        "https://github.com/example/kb/commits/main/content/claims/x.md"
    )


@pytest.mark.parametrize(
    ("edit_uri", "history"),
    [
        ("edit/main/content/", "commits/main/content/"),
        ("-/edit/main/content/", "-/commits/main/content/"),
        (
            "https://git.example.org/credit/kb/edit/main/content/",
            "https://git.example.org/credit/kb/commits/main/content/",
        ),
        ("src/branch/main/content/", ""),
    ],
)
def test_the_history_address_follows_the_edit_address(edit_uri, history):
    assert history_uri(edit_uri) == history


def test_repository_links_obey_the_link_policy():
    assert repository_url("https://github.com/x/y/", "/edit/main/content/", "claims/a.md") == (
        "https://github.com/x/y/edit/main/content/claims/a.md"
    )
    assert repository_url("", "edit/main/content/", "claims/a.md") is None
    assert repository_url("javascript:alert(1)//", "edit/", "claims/a.md") is None
    assert repository_url("https://github.com/x/y", "", "claims/a.md") is None


def test_a_config_nested_too_deep_is_read_as_no_config_rather_than_crashing(small_kb):
    # PyYAML's composer recurses once per level and overflowed the C stack on this file,
    # killing `kb check` with a segmentation fault instead of an answer.
    _options(small_kb, "      publisher: The Example Society\n")
    text = (small_kb / "mkdocs.yml").read_text(encoding="utf-8")
    (small_kb / "mkdocs.yml").write_text(text + "extra: " + "[" * 60000 + "]" * 60000 + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "kb.commands.cli", "check"],
        cwd=small_kb,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "entries" in done.stderr + done.stdout
    assert load_project(small_kb).publisher == ""  # the options were not read
    shallow = text + "extra: " + "[" * 60 + "]" * 60 + "\n"
    (small_kb / "mkdocs.yml").write_text(shallow)
    assert load_project(small_kb).publisher == "The Example Society"
