"""Hostile content publishes inert on every page that shows it, through real strict builds.

An entry's title and summary reach its own page, the lists, the neighbours' maps, the question's
debate tree, the home page's overview, the index of tags, the work pages and, through `[[id]]`,
hand-written pages; hand-written pages are as untrusted as entries. Each is checked by parsing
the built HTML: no element carries an event handler, no script holds content, no link is a
`javascript:` one, and the hostile text is still shown, as text.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from conftest import build_site, use_custom_dir
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from kb import pipeline
from kb.project import load_project
from kb.render.site import build_site as engine_files

TITLE = '</title><script>alert("t")</script><img src=x onerror=alert(1)> & more'
SUMMARY = "\"><svg onload=alert(2)> <a href='javascript:alert(3)'>x</a>"
HOSTILE_PAGE = """\
# About <b onclick="alert(4)">us</b>

<script>alert(5)</script>

<img src="x" onerror="alert(6)">

A [link](https://example.org/a) and [[steering-fails]] and [[steering-works|<i onmouseover=x>]].

A paragraph with attributes.
{: onclick="alert(8)" }

<!-- kb:overview -->
"""


class _Elements(HTMLParser):
    """Every element with its attributes, and the text inside each script."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self._in_script = False
        self._script_type = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._script_type = dict(attrs).get("type") or ""

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append((self._script_type, data))


def assert_inert(html: str, where: Path) -> None:
    parsed = _Elements()
    parsed.feed(html)
    for tag, attrs in parsed.elements:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"{where}: <{tag} {handlers}>"
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), f"{where}: {attrs}"
        assert tag not in ("img", "iframe", "object", "embed"), f"{where}: <{tag}>"
    for kind, script in parsed.scripts:
        if kind == "application/ld+json":  # data, not code: valid JSON, nothing raw in it
            json.loads(script)
            assert "<" not in script and ">" not in script, where
        else:
            assert "alert" not in script, f"{where}: a script holds content: {script[:80]}"


def _hostile_kb(root: Path) -> Path:
    entry = root / "content" / "claims" / "steering-fails.md"
    text = entry.read_text(encoding="utf-8")
    text = text.replace(
        "title: Steering with features fails outside chosen examples",
        "title: " + _yaml(TITLE) + "\ntags: [interpretability]",
    )
    text = text.replace(
        "summary: Steering works only on the examples chosen after the features were found.",
        "summary: " + _yaml(SUMMARY),
    )
    entry.write_text(text, encoding="utf-8")
    question = root / "content" / "questions" / "can-steering-work.md"
    question.write_text(
        question.read_text(encoding="utf-8").replace(
            "title: Can features found by dictionary learning be used for steering?",
            "title: " + _yaml("<script>alert(9)</script> Can steering work?"),
        ),
        encoding="utf-8",
    )
    (root / "content" / "about.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - Tags: tags.md\n", "  - Tags: tags.md\n  - About: about.md\n"
        ),
        encoding="utf-8",
    )
    return root


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_hostile_titles_summaries_and_pages_publish_inert_everywhere(small_kb):
    site = build_site(_hostile_kb(small_kb))
    pages = sorted(site.rglob("*.html"))
    for file in pages:
        assert_inert(file.read_text(encoding="utf-8"), file)
    shows_title = [
        "claims/steering-fails",  # its own page
        "claims",  # the list of claims
        "claims/steering-not-competitive",  # a neighbour: its lists and its map
        "questions/can-steering-work",  # the debate tree
        "references/doe2021widgets",  # the work it cites
        "tags",  # the index of tags
        "about",  # through [[steering-fails]]
    ]
    for url in shows_title:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert "&lt;/title&gt;&lt;script&gt;alert(" in html, url  # shown, as text
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(9)&lt;/script&gt; Can steering work?" in home  # the overview
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in about
    assert "{: onclick=" in about.replace("&#34;", '"').replace("&quot;", '"')  # as text
    assert 'class="kb-overview"' in about  # the engine's fragment, on any page that asks
    assert "&lt;i onmouseover=x&gt;" in about


def test_hostile_tag_and_alias_are_refused_with_a_located_diagnostic(small_kb):
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "answers: [can-steering-work]",
            'answers: [can-steering-work]\ntags: ["<b>x</b>"]\naliases: ["../../x"]',
        ),
        encoding="utf-8",
    )
    result = pipeline.run(load_project(small_kb))
    found = {(d.code, d.position.line) for d in result.diagnostics if d.is_error}
    assert ("bad-tag", 7) in found and ("bad-id", 8) in found


def test_a_site_template_override_is_used(small_kb):
    overrides = small_kb / "overrides" / "kb"
    overrides.mkdir(parents=True)
    (overrides / "entry.html").write_text(
        '{% extends "default/entry.html" %}'
        '{% block statement %}<p class="site-own">{{ entry.summary }}</p>{% endblock %}',
        encoding="utf-8",
    )
    use_custom_dir(small_kb)
    site = build_site(small_kb)
    html = (site / "claims" / "steering-works" / "index.html").read_text(encoding="utf-8")
    assert '<p class="site-own">Once the relevant features are found' in html
    assert 'id="map"' in html and 'id="cite"' in html  # the rest of the shipped template
    question = (site / "questions" / "can-steering-work" / "index.html").read_text("utf-8")
    assert 'class="site-own"' in question  # the question page extends the entry page


def test_the_plugin_publishes_only_the_engines_files(small_kb):
    # MkDocs finds every file of content/: the registry and entry sources among them.
    config = load_config(config_file=str(small_kb / "mkdocs.yml"), site_dir=str(small_kb / "s"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    plugin = config.plugins["kb"]
    found = get_files(config)
    theme_files = {f.src_uri for f in found if f.src_dir != config.docs_dir}
    files = config.plugins.on_files(found, config=config)
    engine = engine_files(plugin.result)
    assert {f.path for f in plugin.site_files} == {f.path for f in engine}
    published = {f.src_uri for f in files}
    assert published == {f.path for f in engine} | theme_files
    pages = [f for f in files if f.is_documentation_page()]
    assert pages and all(type(f.page).__name__ == "EnginePage" for f in pages)
    assert "published-ids.txt" not in published


def test_plugin_module_holds_no_html_and_no_knowledge_base_logic():
    source = (
        Path(__file__).resolve().parent.parent / "plugins" / "kb_mkdocs" / "plugin.py"
    ).read_text()
    for forbidden in ("escape(", "json.dumps", "ENTRY_FOLDERS", "kb:overview", "<a ", "<p>"):
        assert forbidden not in source, forbidden


def test_no_html_is_assembled_from_strings_outside_the_templates():
    # Neither an f-string holding a tag nor a string that starts one, anywhere in the engine
    # or the plugin: pages come from templates, bodies from markdown-it's tokens.
    repo = Path(__file__).resolve().parent.parent
    patterns = [r"f[\"'][^\"']*<[a-z/]", r"[\"']</?[a-z][a-z0-9]*[ />\"']"]
    done = subprocess.run(
        ["grep", "-rEn", "--include=*.py", *(f"-e{p}" for p in patterns), "kb", "plugins"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == "", done.stdout


def test_a_work_address_the_link_policy_refuses_is_an_error_and_never_a_link(tmp_path):
    from helpers_engine import BIB, claim, write_kb

    bib = BIB.replace("https://example.org/gadgets", "javascript:alert(1)")
    root = write_kb(
        tmp_path,
        {"claims/x-entry.md": claim("x-entry", body="See [@roe2023gadgets].")},
        bib=bib,
    )
    result = pipeline.run(load_project(root))
    assert [d.code for d in result.diagnostics if d.is_error] == ["bib-link"]
    for site_file in engine_files(result):
        if site_file.page is not None:
            assert_inert(site_file.page.html, Path(site_file.path))
            if site_file.path != "diagnostics/index.md":  # which shows the refused form
                assert "alert(1)" not in site_file.page.html
