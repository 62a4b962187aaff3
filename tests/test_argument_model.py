"""The held-out debate (tests/fixtures/debate): undercuts and qualifications on its pages, its
map, its question tree and every export, built strictly with real MkDocs."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_site, copy_tree
from helpers_engine import run_kb

from kb.export.aif import aif_document
from kb.export.argdown import to_argdown
from kb.export.graphml import to_graphml
from kb.export.kb_json import export_document
from kb.project import load_project

ARGDOWN = REPO / ".argdown" / "node_modules" / ".bin" / "argdown"
DEBATE = FIXTURES / "debate"


@pytest.fixture(scope="module")
def debate_site(tmp_path_factory) -> Path:
    return build_site(copy_tree(DEBATE, tmp_path_factory.mktemp("debate")))


@pytest.fixture(scope="module")
def debate():
    result = run_kb(DEBATE)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return result


def _page(site: Path, folder: str, entry_id: str) -> str:
    return (site / folder / entry_id / "index.html").read_text(encoding="utf-8")


def test_the_undercutter_page_names_the_step_it_undercuts(debate_site):
    html = _page(debate_site, "claims", "not-shown-competitive")
    section = html.split('id="undercuts"', 1)[1].split("</section>", 1)[0]
    step = 'The step from <a href="../../claims/features-steer/">SAE features can steer a model</a>'
    assert step in section
    assert 'to <a href="../../claims/saes-competitive/">SAEs are a competitive tool' in section
    assert ">Undercut</span>" in section
    assert 'id="qualified-by"' in html and "Fair baselines for SAE editing" in html


def test_both_ends_of_an_undercut_step_show_it(debate_site):
    for entry_id in ("features-steer", "saes-competitive"):
        html = _page(debate_site, "claims", entry_id)
        section = html.split('id="undercut-by"', 1)[1].split("</section>", 1)[0]
        assert "Steering does not show that SAEs are competitive</a> undercuts the step" in section
        assert "undercuts a step of this" in html  # the map's caption
        assert "kb-edge-undercuts" in html
    conclusion = _page(debate_site, "claims", "saes-competitive")
    # The standing undercut takes the support's effect away, and the page says so.
    assert "Its support from" in conclusion and "is undercut by" in conclusion


def test_a_qualification_is_listed_and_drawn_but_not_an_attack(debate_site):
    html = _page(debate_site, "claims", "baselines-hard")
    assert 'id="qualifies"' in html
    assert "this qualifies" in html and "kb-edge-qualifies" in html
    qualified = _page(debate_site, "claims", "not-shown-competitive")
    assert "kb-status-standing" in qualified.split('class="kb-kind"', 1)[1].split("</p>", 1)[0]


def test_the_question_tree_shows_the_undercut_under_the_step(debate_site):
    html = _page(debate_site, "questions", "are-saes-useful")
    positions = html.split('id="positions"', 1)[1].split("</section>", 1)[0]
    supporter = positions.split("supported by", 1)[1]
    assert "undercut by" in supporter
    assert "Steering does not show" in supporter.split("undercut by", 1)[1]


def test_aif_aims_a_conflict_at_the_inference_node(debate):
    document = aif_document(debate.graph)
    nodes = {n["nodeID"]: n for n in document["nodes"]}
    by_text = {n["text"]: n["nodeID"] for n in nodes.values() if n["type"] == "I"}
    into = {}
    for edge in document["edges"]:
        into.setdefault(edge["toID"], []).append(edge["fromID"])
    out_of = {}
    for edge in document["edges"]:
        out_of.setdefault(edge["fromID"], []).append(edge["toID"])
    undercutter = next(t for t in by_text if t.startswith("The edits were chosen"))
    (conflict,) = out_of[by_text[undercutter]]
    assert nodes[conflict]["type"] == "CA"
    (inference,) = out_of[conflict]
    assert nodes[inference]["type"] == "RA"
    premise = next(t for t in by_text if t.startswith("Clamping"))
    assert into[inference] == [by_text[premise], conflict]
    assert nodes[out_of[inference][0]]["text"].startswith("Sparse autoencoder features give")


def test_graphml_and_kb_json_carry_the_premise_of_an_undercut(debate):
    project = load_project(DEBATE)
    root = ET.fromstring(to_graphml(debate.graph, project))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    undercut = [
        e
        for e in root.iterfind(".//g:edge", ns)
        if e.find("g:data[@key='relation']", ns).text == "undercuts"
    ]
    assert [(e.get("source"), e.get("target")) for e in undercut] == [
        ("not-shown-competitive", "saes-competitive")
    ]
    assert undercut[0].find("g:data[@key='premise']", ns).text == "features-steer"
    document = export_document(debate.graph, project)
    assert {
        "source": "not-shown-competitive",
        "relation": "undercuts",
        "target": "saes-competitive",
        "premise": "features-steer",
        "inference_status": "contested",
    } in document["relations"]
    qualification = {"source": "baselines-hard", "relation": "qualifies"}
    assert {**qualification, "target": "not-shown-competitive"} in document["relations"]


def test_kb_json_of_the_debate_validates_against_its_schema(debate_site):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads((debate_site / "kb.json").read_text(encoding="utf-8"))
    schema = json.loads((debate_site / "schema" / "kb.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2


def test_argdown_writes_the_step_as_an_argument_and_undercuts_it(debate, tmp_path):
    text = to_argdown(debate.graph, load_project(DEBATE))
    assert "    _> <Step features-steer to saes-competitive>\n" in text
    assert (
        "<Step features-steer to saes-competitive>\n\n(1) [SAE features can steer a model]\n----\n"
        "(2) [SAEs are a competitive tool for editing models]\n"
    ) in text
    if not ARGDOWN.exists():
        pytest.skip(
            "the Argdown tool is not installed; run `npm install --prefix .argdown "
            "@argdown/cli@1.7.5`"
        )
    source = tmp_path / "debate.argdown"
    source.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [str(ARGDOWN), "json", str(source), str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "error" not in (run.stdout + run.stderr).lower(), run.stderr
    document = json.loads((tmp_path / "out" / "debate.json").read_text(encoding="utf-8"))
    undercuts = [r for r in document["relations"] if r["relationType"] == "undercut"]
    undercutter = "Steering does not show that SAEs are competitive"
    assert [(r["from"], r["to"]) for r in undercuts] == [
        (undercutter, "Step features-steer to saes-competitive")
    ]
    argument = document["arguments"]["Step features-steer to saes-competitive"]
    assert [m["title"] for m in argument["pcs"]] == [
        "SAE features can steer a model",
        "SAEs are a competitive tool for editing models",
    ]
