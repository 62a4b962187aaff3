"""Forecast sets (contract v2) in the held-out debate: checked, scored, charted and exported."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, build_site, copy_tree
from helpers_engine import front, one, run_kb, write_kb

from kb.export.kb_json import export_document
from kb.project import load_project

DEBATE = FIXTURES / "debate"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(copy_tree(DEBATE, tmp_path_factory.mktemp("forecasts")))


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def test_the_seed_set_scores_as_its_author_scored_it(site):
    html = (site / "forecasts" / "next-sae-paper" / "index.html").read_text("utf-8")
    assert 'Made by <a href="../../people/stephen-casper/">Stephen Casper</a>' in html
    scores = _section(html, "scores")
    assert "<dd>1.65 (the sum of the probabilities)</dd>" in scores
    assert "<dd>+1.35 (1 − p" in scores
    assert "<dd>0.159 (0 is perfect" in scores and "<dd>-0.475 (natural log" in scores
    rows = _section(html, "forecasts")
    assert '<tr id="forecast-beats-baseline">' in rows and "<td>+0.40</td>" in rows
    assert 'href="../../references/templeton2024scaling/">Scaling Monosemanticity</a>' in rows
    assert "Every forecast of this set is resolved." in _section(html, "open")


def test_the_calibration_chart_is_accessible_svg_with_a_table(site):
    html = (site / "forecasts" / "next-sae-paper" / "index.html").read_text("utf-8")
    chart = _section(html, "scores")
    assert 'role="img" aria-labelledby="calibration-title calibration-desc"' in chart
    assert '<title id="calibration-title">Calibration: What the next big paper' in chart
    assert chart.count('<circle class="kb-calibration-point"') == 3
    assert "<tr><td>10–20%</td><td>8</td><td>11%</td><td>12%</td></tr>" in chart
    assert "<script" not in chart


def test_open_and_ambiguous_forecasts_are_listed_and_not_scored(site):
    html = (site / "forecasts" / "saes-by-2026" / "index.html").read_text("utf-8")
    open_section = _section(html, "open")
    assert "A benchmark of model editing will include an SAE method." in open_section
    assert "Feature circuits" not in open_section  # resolved, if ambiguously
    assert "kb-outcome-ambiguous" in html
    assert "No forecast is resolved yet: nothing to calibrate." in html
    assert "Linear score" not in _section(html, "scores")


def test_a_forecasters_page_lists_their_sets_with_scores(site):
    html = (site / "people" / "stephen-casper" / "index.html").read_text("utf-8")
    forecasts = _section(html, "forecasts")
    assert "What the next big paper on sparse autoencoders will do</a>" in forecasts
    assert "10 forecasts, linear score +1.35" in forecasts
    assert "2 forecasts, 1 open" in forecasts
    assert "<dd>12 (10 resolved yes or no, 1 open)</dd>" in forecasts
    assert "<dd>2.45 (the sum of the probabilities)</dd>" in forecasts


def test_kb_json_carries_forecasts_resolutions_and_scores():
    document = export_document(run_kb(DEBATE).graph, load_project(DEBATE))
    entries = {e["id"]: e for e in document["entries"]}
    seed = entries["next-sae-paper"]
    assert (seed["by"], seed["made"], len(seed["forecasts"])) == (
        "stephen-casper",
        "2024-02-15",
        10,
    )
    assert seed["resolutions"][0] == {
        "forecast": "beats-baseline",
        "outcome": "yes",
        "date": "2024-05-21",
        "source": "templeton2024scaling",
        "locator": None,
    }
    assert seed["scores"]["linear"] == pytest.approx(1.35)
    assert entries["stephen-casper"]["scores"] is None


def _set(tmp_path, forecasts: str, resolutions: str = "[]", **more: str):
    files = {
        "people/jane-doe.md": front(id="jane-doe", type="person", title="Jane", summary="S."),
        "forecasts/a-set.md": front(
            id="a-set",
            type="forecast-set",
            title="A set",
            summary="S.",
            by="jane-doe",
            made="2024-03-01",
            sources="[{key: doe2021widgets}]",
            forecasts=forecasts,
            resolutions=resolutions,
            **more,
        ),
    }
    return run_kb(write_kb(tmp_path, files))


def test_a_bare_yes_is_an_outcome_and_a_wrong_word_is_not(tmp_path):
    result = _set(
        tmp_path / "a",
        "[{id: a, statement: It will., probability: 0.5}]",
        "[{forecast: a, outcome: yes, date: 2024-04-01, source: doe2021widgets}]",
    )
    assert result.graph.entries["a-set"].resolutions[0].outcome == "yes"
    result = _set(
        tmp_path / "b",
        "[{id: a, statement: It will., probability: 0.5}]",
        "[{forecast: a, outcome: happened, date: 2024-04-01, source: doe2021widgets}]",
    )
    assert "must be one of yes, no, ambiguous" in one(result.diagnostics, "bad-value").message


def test_a_probability_outside_zero_to_one_and_a_set_without_forecaster(tmp_path):
    result = _set(tmp_path / "a", "[{id: a, statement: It will., probability: 60}]")
    one(result.diagnostics, "credence-out-of-range")
    files = {
        "forecasts/b-set.md": front(
            id="b-set", type="forecast-set", title="B", summary="S.", made="2024"
        )
    }
    result = run_kb(write_kb(tmp_path / "b", files))
    messages = [d.message for d in result.diagnostics if d.code == "missing-field"]
    assert any("needs 'by'" in m for m in messages) and any(
        "needs 'forecasts'" in m for m in messages
    )


def test_a_resolution_in_the_month_the_set_was_made_is_not_before_it(tmp_path):
    result = _set(
        tmp_path,
        "[{id: a, statement: It will., probability: 0.5}]",
        "[{forecast: a, outcome: no, date: 2024-03, source: doe2021widgets}]",
    )
    assert not [d for d in result.diagnostics if d.code == "resolution-before-forecast"]


def test_search_finds_a_forecast_by_its_statement_and_a_claim_by_its_holder():
    from kb import pipeline
    from kb.export.search_records import search_records

    result = pipeline.run(load_project(DEBATE))
    texts = {record.url: record.text for record in search_records(result)}
    forecast_set = texts["forecasts/next-sae-paper/"]
    assert "The paper detects deception with SAE features." in forecast_set
    assert "Stephen Casper" in texts["claims/not-shown-competitive/"]


def test_a_set_may_record_forecasts_it_cannot_list_by_their_sums(tmp_path):
    result = _set(
        tmp_path,
        "[{id: one, statement: It will., probability: 0.6}]",
        "[{forecast: one, outcome: yes, date: 2024-04-01, source: doe2021widgets}]",
        unrecorded="{count: 3, probability: 0.35, happened: 0, source: doe2021widgets}",
    )
    assert not [d for d in result.diagnostics if d.severity.value == "error"]
    unrecorded = result.graph.entries["a-set"].unrecorded
    assert (unrecorded.count, unrecorded.probability, unrecorded.happened) == (3, 0.35, 0)
    references = [r.work.key for r in result.graph.references["a-set"]]
    assert references == ["doe2021widgets"]


@pytest.mark.parametrize(
    ("unrecorded", "code", "words"),
    [
        ("{count: 2, probability: 0.3, happened: 3, source: doe2021widgets}", "bad-value", "more"),
        ("{count: 2, probability: 2.5, happened: 0, source: doe2021widgets}", "credence-out", "2"),
        ("{count: 0, probability: 0, happened: 0, source: doe2021widgets}", "wrong-type", "least"),
        ("{count: 2, probability: 0.3, happened: 0}", "resolution-without-source", "source"),
        ("{count: 2, probability: 0.3, source: doe2021widgets}", "missing-field", "happened"),
        ("{count: 2, probability: 0.3, happened: 0, source: nobody2020}", "unknown-ref", "nobody"),
        (
            "{count: 2, probability: 0.3, happened: 0, source: doe2021widgets, by: x}",
            "unknown-f",
            "",
        ),
    ],
)
def test_unrecorded_forecasts_are_checked(tmp_path, unrecorded, code, words):
    result = _set(
        tmp_path, "[{id: one, statement: It will., probability: 0.5}]", unrecorded=unrecorded
    )
    found = [d for d in result.diagnostics if d.code.startswith(code)]
    assert len(found) == 1 and words in found[0].message, [d.message for d in result.diagnostics]
    assert found[0].position.path == "content/forecasts/a-set.md" and found[0].position.line > 1


def test_unrecorded_is_for_forecast_sets_only(tmp_path):
    files = {
        "claims/a-claim.md": front(
            id="a-claim",
            type="claim",
            title="A",
            summary="S.",
            unrecorded="{count: 1, probability: 0.1, happened: 0, source: doe2021widgets}",
        )
    }
    one(run_kb(write_kb(tmp_path, files)).diagnostics, "field-not-for-type")


def test_the_forecasts_page_lists_every_set_with_its_forecaster_and_score(site):
    html = (site / "forecasts" / "index.html").read_text("utf-8")
    assert '<h1 id="top">Forecasts</h1><p>2 forecast sets' in html
    assert '<a href="../forecasts/next-sae-paper/">What the next big paper' in html
    assert 'by <a href="../people/stephen-casper/">Stephen Casper</a>' in html
    assert "10 forecasts, linear score +1.35" in html and "2 forecasts, 1 open" in html


def test_graphml_has_an_edge_from_each_forecast_set_to_its_forecaster():
    import xml.etree.ElementTree as ET

    from kb.export.graphml import NAMESPACE, to_graphml

    result = run_kb(DEBATE)
    graph = ET.fromstring(to_graphml(result.graph, result.project)).find(f"{{{NAMESPACE}}}graph")
    edges = {
        (e.get("source"), e.find(f"{{{NAMESPACE}}}data").text, e.get("target"))
        for e in graph.findall(f"{{{NAMESPACE}}}edge")
    }
    assert ("next-sae-paper", "made_by", "stephen-casper") in edges
    assert ("saes-by-2026", "made_by", "stephen-casper") in edges
    assert len({e.get("id") for e in graph.findall(f"{{{NAMESPACE}}}edge")}) == len(edges)


def test_the_shipped_sets_reproduce_the_scores_their_author_published(shipped_site):
    """EIS XIII gave Scaling Monosemanticity -0.74 against the list of May 2024; EIS XV gave
    the auditing paper 1.35 against the list of October 2024, three of whose eight forecasts
    are known only by their sums."""
    may = (shipped_site / "forecasts" / "sae-paper-predictions-may-2024" / "index.html").read_text(
        "utf-8"
    )
    scores = _section(may, "scores")
    assert "<dd>-0.74 (1 − p" in scores and "<dd>3 of 10</dd>" in scores
    assert "<dd>3.74 (the sum of the probabilities)</dd>" in scores
    october = (
        shipped_site / "forecasts" / "sae-paper-predictions-october-2024" / "index.html"
    ).read_text("utf-8")
    scores = _section(october, "scores")
    assert "<dd>+1.35 (1 − p" in scores and "<dd>3 of 8</dd>" in scores
    assert "<dd>1.65 (the sum of the probabilities)</dd>" in scores
    assert "over the 5 forecasts listed one by one" in scores
    rows = _section(october, "forecasts")
    assert '<tr id="unrecorded"><td>3 more forecasts of this set' in rows
    assert "<td>35% in all</td>" in rows and "<td>-0.35</td>" in rows
    assert "What this record lacks" in october
    listing = (shipped_site / "forecasts" / "index.html").read_text("utf-8")
    assert "8 forecasts, linear score +1.35" in listing
    assert "10 forecasts, linear score -0.74" in listing
    import json

    data = json.loads((shipped_site / "kb.json").read_text("utf-8"))
    entries = {e["id"]: e for e in data["entries"]}
    assert round(entries["sae-paper-predictions-may-2024"]["scores"]["linear"], 2) == -0.74
    assert round(entries["sae-paper-predictions-october-2024"]["scores"]["linear"], 2) == 1.35
    assert entries["sae-paper-predictions-october-2024"]["unrecorded"]["count"] == 3
