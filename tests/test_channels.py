"""Outputs other than HTML are channels too: content in a diagnostic, a citation or a diff
summary is shown, never obeyed.

Hostile content (ids, keys, titles, file names with newlines, terminal escapes, bidirectional
controls, Markdown and HTML) goes through the real `kb` commands; every line they print must
be one the command meant to print, with no control character, and `kb diff --format markdown`
must render, through a real CommonMark parser, to text only.
"""

from __future__ import annotations

import json
import re

import pytest
from git_support import init_repository
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_corpus import run_kb, tree_hash
from test_fuzz import FUZZ

from kb.channels import json_text, markdown_code, markdown_text, plain_text

# What no output line may hold: C0 and C1 controls but the newline ending it, DEL, line
# separators, and bidirectional controls.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202egnp.exe\r"
TEXT_LINE = re.compile(r"^\S[^\n]*:\d+:\d+: (error|warning)\[[a-z-]+\]: ")
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,:]*,line=\d+,col=\d+::\[[a-z-]+\] ")
MARKDOWN_TEXT_TOKENS = {"text", "text_special"}


def assert_clean(output: str) -> None:
    assert UNSAFE.search(output) is None, repr(output)


def rendered_inline(markdown: str) -> list:
    """The inline tokens of `markdown` as a CommonMark parser reads it."""
    return [
        child
        for token in MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
        for child in token.children or ()
    ]


# ---- the functions ----------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=80))
def test_plain_text_leaves_one_line_with_no_control_character(text):
    shown = plain_text(text)
    assert_clean(shown)
    assert "\n" not in shown
    if UNSAFE.search(text) is None and "\n" not in text:
        assert shown == text


@FUZZ
@given(st.text(max_size=80))
def test_markdown_text_renders_as_exactly_the_plain_text(text):
    tokens = rendered_inline(markdown_text(text))
    assert {t.type for t in tokens} <= MARKDOWN_TEXT_TOKENS, tokens
    assert "".join(t.content for t in tokens).strip() == plain_text(text).strip()


@FUZZ
@given(st.text(max_size=40))
def test_markdown_code_is_one_code_span_of_the_plain_text(text):
    tokens = rendered_inline(markdown_code(text))
    if plain_text(text).strip():
        assert [t.type for t in tokens] == ["code_inline"], tokens
        assert tokens[0].content.strip(" ") == plain_text(text).strip(" ")


@FUZZ
@given(st.recursive(st.text(max_size=10), lambda c: st.lists(c, max_size=3), max_leaves=6))
def test_json_text_is_json_of_the_same_data_with_no_control_character(data):
    text = json_text(data, indent=2)
    assert_clean(text.replace("\n", ""))
    assert json.loads(text) == data


# ---- kb check ---------------------------------------------------------------------------------

FORGED_KEY = "x\\ncontent/claims/steering-works.md:1:1: error[forged]: \\e[31mforged"
FORGED_ENTRY = f"""---
id: bad-entry
type: claim
title: "A title \\e[2J with escapes"
summary: S
"{FORGED_KEY}": 1
"::error file=x.md,line=1::forged": 2
---
"""
FORGED_BIB_KEY = "evil\x1b[2Jkey\u202e"


def forge(root) -> None:
    (root / "content/claims/bad-entry.md").write_text(FORGED_ENTRY, encoding="utf-8")
    (root / "content/claims/a,b:c\nforged.md").write_text("x", encoding="utf-8")
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(f"\n@misc{{{FORGED_BIB_KEY}, title = {{T}}, author = {{A}}, year = {{2020}}}}\n")


def test_text_diagnostics_cannot_forge_lines_or_escapes(small_kb):
    forge(small_kb)
    before = tree_hash(small_kb)
    result = run_kb(small_kb, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert_clean(result.stdout)
    lines = result.stdout.splitlines()
    assert all(TEXT_LINE.match(line) for line in lines), lines
    assert not any(line.startswith("content/claims/steering-works.md") for line in lines)
    assert any("unknown field 'x\\x0acontent/claims" in line for line in lines)
    assert any("\\x1b[2Jkey\\u202e" in line for line in lines), lines
    assert tree_hash(small_kb) == before


def test_github_annotations_cannot_forge_commands_or_properties(small_kb):
    forge(small_kb)
    result = run_kb(small_kb, "check", "--format", "github")
    assert result.returncode == 1
    assert_clean(result.stdout)
    lines = result.stdout.splitlines()
    assert all(GITHUB_LINE.match(line) for line in lines), lines
    # `,` and `:` in a file name would end the `file` property early.
    assert any("file=content/claims/a%2Cb%3Ac\\x0aforged.md,line=1," in line for line in lines)


def test_json_diagnostics_keep_the_content_and_escape_the_controls(small_kb):
    forge(small_kb)
    result = run_kb(small_kb, "check", "--format", "json")
    assert_clean(result.stdout.replace("\n", ""))
    messages = [d["message"] for d in json.loads(result.stdout)]
    assert any(FORGED_BIB_KEY in message for message in messages)


# ---- kb cite ----------------------------------------------------------------------------------


HOSTILE_NAME = '"Small \\e]0;pwned\\a\\e[2J KB \\u202e \\x9b31m"'


@pytest.mark.parametrize("fmt", ["text", "bibtex", "csl-json"])
def test_cite_prints_no_terminal_escape_from_the_site_name(small_kb, fmt):
    # An entry's title cannot hold such characters (`control-character`); the site's name, in
    # mkdocs.yml, is content a pull request can change too, and every citation names it.
    config = small_kb / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    hostile = f"site_name: {HOSTILE_NAME}"
    config.write_text(re.sub(r"^site_name: .*$", lambda _: hostile, text, flags=re.M), "utf-8")
    result = run_kb(small_kb, "cite", "steering-works", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.replace("\n", ""))
    assert "Identified features enable targeted steering" in result.stdout
    if fmt == "text":
        assert len(result.stdout.splitlines()) == 1
        assert "Small \\x1b]0;pwned\\x07\\x1b[2J KB \\u202e \\x9b31m" in result.stdout
    if fmt == "csl-json":
        (record,) = json.loads(result.stdout)
        assert record["publisher"] == "Small \x1b]0;pwned\x07\x1b[2J KB \u202e \x9b31m"


def test_a_title_with_a_terminal_escape_is_refused_where_it_stands(small_kb):
    entry = small_kb / "content/claims/steering-works.md"
    text = entry.read_text(encoding="utf-8")
    hostile = 'title: "Steering \\e]0;pwned\\a works"'
    entry.write_text(re.sub(r"^title: .*$", lambda _: hostile, text, flags=re.M), encoding="utf-8")
    result = run_kb(small_kb, "check")
    assert result.returncode == 1
    assert_clean(result.stdout + result.stderr)
    assert "content/claims/steering-works.md:4:8: error[control-character]: 'title'" in (
        result.stdout
    )


# ---- kb diff ----------------------------------------------------------------------------------

HOSTILE_TITLE = (
    "![x](http://x.example/a.png) <img src=x onerror=alert(1)> [a](javascript:alert(1)) "
    "<https://b.example> **c** `d` # e | f | &amp; \\"
)


def hostile_change(root) -> None:
    init_repository(root)
    (root / "content/claims/new-objection.md").write_text(
        f"---\nid: new-objection\ntype: counterargument\ntitle: '{HOSTILE_TITLE}'\n"
        "summary: S.\nopposes: [steering-fails]\n---\n",
        encoding="utf-8",
    )
    entry = root / "content/claims/steering-works.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        # A changed title: listed by the diff, with Markdown that must show as text.
        re.sub(
            r"^title: .*$",
            lambda _: 'title: "Changed *em* [x](http://x.example)"',
            text,
            flags=re.M,
        ),
        encoding="utf-8",
    )
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{<b>![x](http://x.example), title = {T}, author = {A}, year = {2020}}\n")


def test_diff_markdown_shows_titles_and_keys_as_text_only(small_kb):
    hostile_change(small_kb)
    result = run_kb(small_kb, "diff", "HEAD", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.replace("\n", ""))
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(result.stdout)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}
    assert not kinds & {"image", "link_open", "html_inline", "html_block", "table_open"}, kinds
    assert not kinds & {"strong_open", "em_open"}, kinds
    shown = "".join(c.content for t in tokens for c in t.children or ())
    assert len(HOSTILE_TITLE) <= 160
    assert HOSTILE_TITLE in shown
    assert "<b>![x](http://x.example)" in shown
    assert "Changed *em* [x](http://x.example)" in shown


def test_diff_text_prints_no_control_character(small_kb):
    # Titles cannot hold control characters any more (`control-character`); the keys of
    # references.bib are content a pull request changes too, and the diff lists added works.
    hostile_change(small_kb)
    with (small_kb / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{evil\x1b[2J\u202ekey, title = {T}, author = {A}, year = {2020}}\n")
    result = run_kb(small_kb, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.replace("\n", ""))
    assert "evil\\x1b[2J\\u202ekey" in result.stdout
