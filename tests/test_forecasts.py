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


def test_search_finds_a_forecast_by_its_statement_and_a_claim_by_its_holder(site):
    from conftest import search_fragments

    texts = {url: f["content"] for url, f in search_fragments(site).items()}
    forecast_set = texts["/forecasts/next-sae-paper/"]
    assert "The paper detects deception with SAE features." in forecast_set
    assert "Stephen Casper" in texts["/claims/not-shown-competitive/"]
