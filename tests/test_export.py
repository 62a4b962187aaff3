"""kb.json: the whole knowledge base, machine-readable and safe to embed in HTML."""

from __future__ import annotations

import json

from helpers_engine import claim, question, run_kb, write_kb

from kb.export.kb_json import SCHEMA_VERSION, export_json


def exported(tmp_path, files=None) -> tuple[str, dict]:
    files = files or {
        "questions/the-question.md": question("the-question"),
        "claims/x-entry.md": claim(
            "x-entry",
            title="'Less <than> & more'",
            answers="[the-question]",
            aliases="[old-x]",
            tags="[interpretability]",
            sources="\n  - key: doe2021widgets\n    relation: supports\n    locator: p. 4",
            body="Body with <script>alert(1)</script> and [@roe2023gadgets].",
        ),
        "claims/objection.md": claim("objection", type="counterargument", opposes="[old-x]"),
    }
    result = run_kb(write_kb(tmp_path, files))
    text = export_json(result.graph, result.project)
    return text, json.loads(text)


def test_document_has_a_schema_version_and_every_section(tmp_path):
    _, document = exported(tmp_path)
    assert document["schema_version"] == SCHEMA_VERSION == 2
    assert {"entries", "relations", "references", "aliases"} <= set(document)
    assert document["site_url"] == "https://kb.example.org/"


def test_entries_carry_their_fields_and_permanent_url(tmp_path):
    _, document = exported(tmp_path)
    entries = {e["id"]: e for e in document["entries"]}
    assert set(entries) == {"the-question", "x-entry", "objection"}
    entry = entries["x-entry"]
    assert entry["url"] == "https://kb.example.org/claims/x-entry/"
    assert entry["title"] == "Less <than> & more"
    assert entry["type"] == "claim"
    assert entry["aliases"] == ["old-x"]
    assert entry["tags"] == ["interpretability"]
    assert entry["sources"] == [
        {"key": "doe2021widgets", "locator": "p. 4", "relation": "supports"}
    ]
    assert entry["references"] == [
        {"number": 1, "key": "roe2023gadgets", "relation": "background", "locators": []},
        {"number": 2, "key": "doe2021widgets", "relation": "supports", "locators": ["p. 4"]},
    ]
    assert entries["the-question"]["url"] == "https://kb.example.org/questions/the-question/"


def test_relations_resolve_aliases_to_current_ids(tmp_path):
    _, document = exported(tmp_path)
    assert sorted(document["relations"], key=lambda r: r["source"]) == [
        {"source": "objection", "relation": "opposes", "target": "x-entry"},
        {"source": "x-entry", "relation": "answers", "target": "the-question"},
    ]
    assert document["aliases"] == {"old-x": "x-entry"}


def test_references_carry_identifiers_page_and_citing_entries(tmp_path):
    _, document = exported(tmp_path)
    works = {w["key"]: w for w in document["references"]}
    doe = works["doe2021widgets"]
    assert doe["doi"] == "10.1234/example.5678"
    assert doe["authors"] == ["Jane Doe"]
    assert doe["page"] == "https://kb.example.org/references/doe2021widgets/"
    assert doe["cited_by"] == {"supports": ["x-entry"]}
    assert works["roe2023gadgets"]["cited_by"] == {"background": ["x-entry"]}


def test_json_has_no_raw_angle_brackets_or_ampersands_but_keeps_the_text(tmp_path):
    text, document = exported(tmp_path)
    assert "<" not in text and ">" not in text and "&" not in text
    entries = {e["id"]: e for e in document["entries"]}
    assert "<script>alert(1)</script>" in entries["x-entry"]["body"]


def test_empty_knowledge_base_exports_empty_lists(tmp_path):
    _, document = exported(tmp_path, {"claims/readme.txt": "not an entry"})
    assert document["entries"] == [] and document["relations"] == []
    assert len(document["references"]) == 2
