"""People, organisations and attributions (contract v2): who holds a claim, where they said it,
and how strongly; checked, shown on pages and carried by the exports."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, build_site, copy_tree
from helpers_engine import claim, errors, front, one, run_kb, where, with_code, write_kb

from kb.export.aif import aif_document
from kb.export.kb_json import export_document
from kb.project import load_project

DEBATE = FIXTURES / "debate"


def person(person_id: str, name: str, type: str = "person") -> str:
    return front(id=person_id, type=type, title=name, summary=f"{name}, for the tests.")


def _kb(tmp_path, held_by: str, **more: str):
    files = {
        "people/jane-doe.md": person("jane-doe", "Jane Doe"),
        "claims/claim-a.md": claim("claim-a", held_by=held_by),
        **more,
    }
    return run_kb(write_kb(tmp_path, files))


def test_an_attribution_with_a_source_and_credence_is_clean(tmp_path):
    result = _kb(
        tmp_path, "[{who: jane-doe, source: doe2021widgets, date: 2024-03-01, credence: 0.8}]"
    )
    assert not errors(result.diagnostics)
    ((entry_id, attribution),) = result.graph.positions["jane-doe"]
    assert (entry_id, attribution.date, attribution.credence) == ("claim-a", "2024-03-01", 0.8)
    # The work where they said it is one of the entry's references.
    assert [r.work.key for r in result.graph.references["claim-a"]] == ["doe2021widgets"]


def test_an_attribution_without_a_source_is_an_error(tmp_path):
    result = _kb(tmp_path, "[{who: jane-doe, credence: 0.8}]")
    problem = one(result.diagnostics, "attribution-without-source")
    assert where(problem) == ("content/claims/claim-a.md", 6, 11)
    assert "jane-doe" in problem.message


def test_a_credence_outside_zero_to_one_is_an_error(tmp_path):
    result = _kb(tmp_path, "[{who: jane-doe, source: doe2021widgets, credence: 1.5}]")
    assert "write 80% as 0.8" in one(result.diagnostics, "credence-out-of-range").message


def test_a_credence_must_be_a_number(tmp_path):
    result = _kb(tmp_path, '[{who: jane-doe, source: doe2021widgets, credence: "high"}]')
    assert "must be a number" in one(result.diagnostics, "wrong-type").message


def test_a_quote_is_one_sentence(tmp_path):
    one_sentence = '[{who: jane-doe, source: doe2021widgets, quote: "It is so, e.g. here."}]'
    assert not errors(_kb(tmp_path / "a", one_sentence).diagnostics)
    two = '[{who: jane-doe, source: doe2021widgets, quote: "It is so. It is not."}]'
    one(_kb(tmp_path / "b", two).diagnostics, "quote-too-long")


def test_an_attribution_to_no_person_or_to_a_claim_is_an_error(tmp_path):
    result = _kb(tmp_path / "a", "[{who: jane-do, source: doe2021widgets}]")
    assert "did you mean 'jane-doe'?" in one(result.diagnostics, "unknown-entry").message
    result = _kb(
        tmp_path / "b",
        "[{who: claim-b, source: doe2021widgets}]",
        **{"claims/claim-b.md": claim("claim-b")},
    )
    assert "'claim-b' is a claim" in one(result.diagnostics, "wrong-target-type").message


def test_an_unknown_source_of_an_attribution_is_an_unknown_reference(tmp_path):
    result = _kb(tmp_path, "[{who: jane-doe, source: doe2021widget}]")
    problem = one(result.diagnostics, "unknown-reference")
    assert "did you mean 'doe2021widgets'?" in problem.message


def test_a_person_holds_no_relations_and_a_question_is_held_by_no_one(tmp_path):
    files = {
        "people/jane-doe.md": front(
            id="jane-doe", type="person", title="Jane", summary="S.", supports="[claim-a]"
        ),
        "claims/claim-a.md": claim("claim-a"),
    }
    result = run_kb(write_kb(tmp_path, files))
    problem = one(result.diagnostics, "field-not-for-type")
    assert "a person has no 'supports' field" in problem.message
    assert result.graph.entries["jane-doe"].supports == ()


def test_holding_both_sides_at_one_date_without_a_note_is_a_warning(tmp_path):
    held = "[{who: jane-doe, source: doe2021widgets, date: 2024}]"
    counter = claim("claim-c", type="counterargument", opposes="[claim-a]", held_by=held)
    result = _kb(tmp_path / "a", held, **{"claims/claim-c.md": counter})
    warning = one(result.diagnostics, "contradictory-positions")
    assert "'jane-doe' holds 'claim-c' and 'claim-a', which it opposes, both at 2024" in (
        warning.message
    )
    noted = held.replace("}]", ", note: changed her mind the same year}]")
    counter = claim("claim-c", type="counterargument", opposes="[claim-a]", held_by=noted)
    result = _kb(tmp_path / "b", held, **{"claims/claim-c.md": counter})
    assert not with_code(result.diagnostics, "contradictory-positions")
    later = held.replace("2024", "2025")
    counter = claim("claim-c", type="counterargument", opposes="[claim-a]", held_by=later)
    result = _kb(tmp_path / "c", held, **{"claims/claim-c.md": counter})
    assert not with_code(result.diagnostics, "contradictory-positions")


@pytest.fixture(scope="module")
def debate_site(tmp_path_factory):
    return build_site(copy_tree(DEBATE, tmp_path_factory.mktemp("people")))


def test_a_person_page_lists_their_positions_with_sources(debate_site):
    html = (debate_site / "people" / "stephen-casper" / "index.html").read_text("utf-8")
    positions = html.split('id="positions"', 1)[1].split("</section>", 1)[0]
    assert "Steering does not show that SAEs are competitive</a>" in positions
    assert '<span class="kb-credence" title="credence">80%</span>' in positions
    assert '<q class="kb-quote">I don&#39;t think that its competitiveness' in positions
    assert 'in <a href="../../references/casper2024saes/">' in positions
    assert "(more likely than not)" in positions
    assert '"@type":"Person"' in html.replace(" ", "")
    listing = (debate_site / "people" / "index.html").read_text("utf-8")
    assert ">Stephen Casper</a>" in listing and ">Anthropic</a>" in listing


def test_a_claim_page_says_who_holds_it_and_where(debate_site):
    html = (debate_site / "claims" / "not-shown-competitive" / "index.html").read_text("utf-8")
    section = html.split('id="held-by"', 1)[1].split("</section>", 1)[0]
    assert '<a href="../../people/stephen-casper/">Stephen Casper</a>' in section
    assert "comment 3" in section and "<time>2024-06-01</time>" in section
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Stephen Casper",
            "url": "https://kb.example.org/people/stephen-casper/",
        }
    ]
    assert data["appearance"][0]["name"] == "Sparse Autoencoders and the Next Big Paper"


def test_the_question_page_shows_who_holds_each_position(debate_site):
    html = (debate_site / "questions" / "are-saes-useful" / "index.html").read_text("utf-8")
    positions = html.split('id="positions"', 1)[1].split("</section>", 1)[0]
    assert 'Held by <a href="../../people/anthropic/">Anthropic</a>' in positions
    assert 'Held by <a href="../../people/stephen-casper/">Stephen Casper</a> ' in positions


def test_aif_has_a_locution_and_an_assertion_per_attribution():
    result = run_kb(DEBATE)
    document = aif_document(result.graph)
    nodes = {n["nodeID"]: n for n in document["nodes"]}
    assert not [n for n in nodes.values() if n["text"].startswith("An interpretability")]
    assert {p["firstname"] + "|" + p["surname"] for p in document["participants"]} == {
        "Anthropic|",
        "Stephen|Casper",
    }
    assert len(document["locutions"]) == 3
    casper = next(p["participantID"] for p in document["participants"] if p["surname"])
    locution = next(
        item
        for item in document["locutions"]
        if item["personID"] == casper and nodes[item["nodeID"]]["text"].endswith("demonstrated.")
    )
    assert locution["timestamp"] == "2024-06-01" and locution["source"] == "casper2024saes"
    (asserting,) = [e["toID"] for e in document["edges"] if e["fromID"] == locution["nodeID"]]
    assert (nodes[asserting]["type"], nodes[asserting]["text"]) == ("YA", "Asserting")
    (target,) = [e["toID"] for e in document["edges"] if e["fromID"] == asserting]
    assert nodes[target]["type"] == "I" and nodes[target]["text"].startswith("The edits")


def test_kb_json_carries_people_and_attributions():
    result = run_kb(DEBATE)
    document = export_document(result.graph, load_project(DEBATE))
    entries = {e["id"]: e for e in document["entries"]}
    assert entries["anthropic"]["type"] == "organisation"
    assert entries["anthropic"]["url"] == "https://kb.example.org/people/anthropic/"
    assert entries["anthropic"]["argument_status"] is None
    assert entries["not-shown-competitive"]["held_by"] == [
        {
            "who": "stephen-casper",
            "source": "casper2024saes",
            "locator": "comment 3",
            "quote": "I don't think that its competitiveness has been demonstrated.",
            "date": "2024-06-01",
            "credence": 0.8,
            "hedge": None,
            "note": None,
        }
    ]
