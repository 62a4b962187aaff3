"""Citing an entry: BibTeX, CSL-JSON and text, all giving the entry's permanent address."""

from __future__ import annotations

import json
import re

import bibtexparser
from bibtexparser import middlewares
from helpers_engine import MKDOCS_YML, claim, run_kb, write_kb

from kb.render.cite import cite


def project_and_entry(
    tmp_path,
    title: str = "Steering works",
    mkdocs_yml: str = MKDOCS_YML,
    entry_type: str = "claim",
    **extra: str,
):
    files = {"claims/x-entry.md": claim("x-entry", title=title, type=entry_type, **extra)}
    result = run_kb(write_kb(tmp_path, files, mkdocs_yml=mkdocs_yml))
    return result.project, result.graph.entries["x-entry"]


def parse_bibtex(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    (entry,) = library.entries
    return {field.key: field.value for field in entry.fields} | {"ID": entry.key}


def test_bibtex_record_has_the_permanent_url_from_site_url(tmp_path):
    project, entry = project_and_entry(tmp_path)
    record = parse_bibtex(cite(entry, project, "bibtex"))
    assert record["ID"] == "kb-x-entry"
    assert record["url"] == "https://kb.example.org/claims/x-entry/"
    assert record["title"] == "Steering works"
    assert record["howpublished"] == "Test KB"


def test_site_url_without_trailing_slash_gives_the_same_address(tmp_path):
    config = MKDOCS_YML.replace("https://kb.example.org/", "https://kb.example.org/debates")
    project, entry = project_and_entry(tmp_path, mkdocs_yml=config)
    assert "url = {https://kb.example.org/debates/claims/x-entry/}" in cite(entry, project)


def test_bibtex_escapes_special_characters_in_the_title(tmp_path):
    title = r"R&D costs 50% of $5 for C# and snake_case {braces} ~tilde back\slash"
    project, entry = project_and_entry(tmp_path, title=f"'{title}'")
    text = cite(entry, project, "bibtex")
    assert r"R\&D costs 50\% of \$5 for C\# and snake\_case \{braces\}" in text
    assert r"\textbackslash{}" in text
    # a reference manager reading the record gets the title back
    assert parse_bibtex(text)["title"] == title


def test_bibtex_escapes_a_caret(tmp_path):
    project, entry = project_and_entry(tmp_path, title="'x^2 grows'")
    assert r"x\textasciicircum{}2 grows" in cite(entry, project, "bibtex")


def test_bibtex_braces_stay_balanced_whatever_the_title(tmp_path):
    project, entry = project_and_entry(tmp_path, title="'}} {unbalanced { title \\'")
    text = cite(entry, project, "bibtex")
    unescaped = re.sub(r"\\[{}]", "", text)
    depth = 0
    for char in unescaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_names_the_entry_type_and_id(tmp_path):
    project, entry = project_and_entry(
        tmp_path, entry_type="counterargument", opposes="[other-entry]"
    )
    assert r"note = {Knowledge base counterargument \texttt{x-entry}}" in cite(entry, project)


def test_csl_json_parses_with_title_and_url(tmp_path):
    project, entry = project_and_entry(tmp_path, title="'Quotes \" and <tags>'")
    (record,) = json.loads(cite(entry, project, "csl-json"))
    assert record["id"] == "kb-x-entry"
    assert record["type"] == "webpage"
    assert record["title"] == 'Quotes " and <tags>'
    assert record["URL"] == "https://kb.example.org/claims/x-entry/"
    assert record["container-title"] == "Test KB"


def test_text_citation_reads_as_a_sentence_with_the_address(tmp_path):
    project, entry = project_and_entry(tmp_path)
    assert cite(entry, project, "text") == (
        "“Steering works.” Test KB, claim x-entry. https://kb.example.org/claims/x-entry/"
    )
