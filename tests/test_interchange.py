"""Open-data exports: AIF, Argdown, GraphML, CSL-JSON, `kb export`, and the kb.json schema.

Every export is made from a real knowledge base run through the pipeline and read back by a
real reader: json, xml.etree, jsonschema, and the Argdown command-line tool where installed.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers_engine import claim, question, run_kb, write_kb
from jsonschema import Draft202012Validator

from kb import pipeline
from kb.commands.cli import main
from kb.export.aif import aif_document, to_aif
from kb.export.argdown import escape_text, sanitise_title, statement_titles, to_argdown
from kb.export.csljson import csl_name, to_csl_json
from kb.export.document_schema import document_schema
from kb.export.formats import FORMATS
from kb.export.graphml import NAMESPACE, to_graphml
from kb.export.kb_json import export_document, export_json
from kb.link.graph import link
from kb.model import DEBATE_TYPES, Entry
from kb.project import load_project

REPO = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
ARGDOWN_VERSION = "1.7.5"
ARGDOWN = REPO / ".argdown" / "node_modules" / ".bin" / "argdown"
ARGDOWN_INSTALL = f"npm install --prefix .argdown @argdown/cli@{ARGDOWN_VERSION}"
G = f"{{{NAMESPACE}}}"

BIB = r"""
@misc{chen2024preprint,
  title = {A Preprint},
  author = {Chen, Li and van der Berg, Anna},
  year = {2024},
  eprint = {2401.01234},
  archivePrefix = {arXiv}
}

@article{doe2021widgets,
  title = {Widgets and {G}{\"o}del},
  author = {Doe, Jane},
  journal = {Journal of Examples},
  year = {2021},
  doi = {10.1234/example.5678}
}

@misc{anthropic2024policy,
  title = {A Policy},
  organization = {Anthropic},
  howpublished = {Company blog},
  year = {2024},
  url = {https://example.org/policy}
}

@techreport{roe2020report,
  title = {A Report},
  author = {Roe, Richard},
  institution = {Example Institute},
  year = {2020}
}
"""


def debate(root: Path) -> pipeline.Result:
    """A small debate: a question, a claim answering it, a supporting claim, a counterargument
    opposing the claim and a rebuttal opposing the counterargument, plus a withdrawn entry."""
    files = {
        "questions/the-question.md": question("the-question", tags="[policy]"),
        "claims/main-claim.md": claim(
            "main-claim",
            title="'Main claim with <angle> & \"quotes\"'",
            summary="The main statement.",
            answers="[the-question]",
            tags="[interpretability, sparse-autoencoders]",
            sources="\n  - key: doe2021widgets",
        ),
        "claims/helper.md": claim(
            "helper",
            summary="A reason for the main claim.",
            supports="[main-claim]",
            answers="[the-question]",
            sources="\n  - key: chen2024preprint",
        ),
        "claims/objection.md": claim(
            "objection", type="counterargument", summary="An objection.", opposes="[main-claim]"
        ),
        "claims/rebuttal.md": claim(
            "rebuttal", type="counterargument", summary="A rebuttal.", opposes="[objection]"
        ),
        "claims/old-claim.md": claim(
            "old-claim",
            status="withdrawn",
            superseded_by="main-claim",
            sources="\n  - key: anthropic2024policy\n  - key: roe2020report",
        ),
    }
    result = run_kb(write_kb(root, files, bib=BIB))
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return result


# AIF


def test_aif_has_an_i_node_per_entry_and_a_scheme_node_per_argumentative_relation(tmp_path):
    result = debate(tmp_path)
    document = aif_document(result.graph)
    assert document["locutions"] == []
    nodes = {node["nodeID"]: node for node in document["nodes"]}
    assert len(nodes) == len(document["nodes"])  # ids are unique
    types = [node["type"] for node in document["nodes"]]
    assert types.count("I") == 6
    assert types.count("RA") == 1  # helper supports main-claim
    assert types.count("CA") == 2  # objection opposes main-claim, rebuttal opposes objection
    assert len(document["edges"]) == 6  # two per scheme node; `answers` is left out
    assert {node["text"] for node in document["nodes"] if node["type"] == "RA"} == {
        "Default Inference"
    }
    assert {node["text"] for node in document["nodes"] if node["type"] == "CA"} == {
        "Default Conflict"
    }
    for edge in document["edges"]:
        assert set(edge) == {"edgeID", "fromID", "toID", "formEdgeID"}
        assert edge["fromID"] in nodes and edge["toID"] in nodes
        assert all(isinstance(edge[k], str) for k in ("edgeID", "fromID", "toID"))


def _aif_arguments(document: dict) -> set[tuple[str, str, str]]:
    """(from text, scheme type, to text) for every scheme node, read back from the edges."""
    nodes = {node["nodeID"]: node for node in document["nodes"]}
    into = {e["toID"]: e["fromID"] for e in document["edges"] if nodes[e["toID"]]["type"] != "I"}
    out_of = {
        e["fromID"]: e["toID"] for e in document["edges"] if nodes[e["fromID"]]["type"] != "I"
    }
    return {
        (nodes[into[i]]["text"], node["type"], nodes[out_of[i]]["text"])
        for i, node in nodes.items()
        if node["type"] != "I"
    }


def test_aif_edges_run_from_premise_or_attacker_through_the_scheme_node(tmp_path):
    result = debate(tmp_path)
    document = json.loads(to_aif(result.graph, result.project))
    assert _aif_arguments(document) == {
        ("A reason for the main claim.", "RA", "The main statement."),
        ("An objection.", "CA", "The main statement."),
        ("A rebuttal.", "CA", "An objection."),
    }
    texts = [node["text"] for node in document["nodes"] if node["type"] == "I"]
    assert "Whether it is so." in texts  # the question is an I-node, without relations


def test_aif_ids_are_stable_and_follow_the_graph_order(tmp_path):
    first = debate(tmp_path / "a")
    second = debate(tmp_path / "b")
    text = to_aif(first.graph, first.project)
    assert text == to_aif(second.graph, second.project)
    ids = [node["nodeID"] for node in json.loads(text)["nodes"]]
    assert ids == [str(n) for n in range(1, len(ids) + 1)]
    i_texts = [node["text"] for node in json.loads(text)["nodes"] if node["type"] == "I"]
    assert i_texts == [entry.summary for entry in first.graph.entries.values()]


# GraphML


def _graphml(result: pipeline.Result) -> ET.Element:
    return ET.fromstring(to_graphml(result.graph, result.project).encode("utf-8"))


def _data(element: ET.Element) -> dict[str, str]:
    return {d.get("key"): d.text or "" for d in element.findall(f"{G}data")}


def test_graphml_parses_back_with_typed_nodes_and_edges(tmp_path):
    result = debate(tmp_path)
    root = _graphml(result)
    assert root.tag == f"{G}graphml"
    keys = {(k.get("for"), k.get("attr.name")) for k in root.findall(f"{G}key")}
    assert {("node", "type"), ("node", "title"), ("node", "url"), ("edge", "relation")} <= keys
    graph = root.find(f"{G}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): _data(n) for n in graph.findall(f"{G}node")}
    assert set(nodes) == set(result.graph.entries)
    main_claim = nodes["main-claim"]
    assert main_claim["title"] == 'Main claim with <angle> & "quotes"'
    assert main_claim["type"] == "claim"
    assert main_claim["url"] == "https://kb.example.org/claims/main-claim/"
    assert main_claim["tags"] == "interpretability,sparse-autoencoders"
    assert nodes["the-question"]["type"] == "question"
    assert nodes["objection"]["type"] == "counterargument"
    assert nodes["old-claim"]["status"] == "withdrawn"
    edges = {
        (e.get("source"), _data(e)["relation"], e.get("target")) for e in graph.findall(f"{G}edge")
    }
    assert edges == {
        ("helper", "supports", "main-claim"),
        ("objection", "opposes", "main-claim"),
        ("rebuttal", "opposes", "objection"),
        ("main-claim", "answers", "the-question"),
        ("helper", "answers", "the-question"),
    }


def test_graphml_escapes_markup_and_drops_characters_xml_cannot_hold(tmp_path):
    files = {
        "claims/odd-entry.md": claim(
            "odd-entry",
            title="'</data><node id=\"x\"> & ]]> done'",
            # A noncharacter: text may hold it, XML may not (control characters, which XML
            # cannot hold either, are refused by the check: `control-character`).
            summary='"Noncharacter \\uFFFF and tab\\tkept"',
        )
    }
    result = run_kb(write_kb(tmp_path, files))
    assert not [d.as_text() for d in result.diagnostics if d.is_error]
    text = to_graphml(result.graph, result.project)
    assert "\uffff" not in text
    node = ET.fromstring(text.encode("utf-8")).find(f"{G}graph/{G}node")
    assert _data(node)["title"] == '</data><node id="x"> & ]]> done'
    summary = result.graph.entries["odd-entry"].summary
    assert "\uffff" in summary
    assert _data(node)["summary"] == summary.replace("\uffff", "")


# CSL-JSON


def test_csl_json_items_for_arxiv_doi_and_organisation_works(tmp_path):
    result = debate(tmp_path)
    items = {item["id"]: item for item in json.loads(to_csl_json(result.graph, result.project))}
    assert set(items) == {
        "chen2024preprint",
        "doe2021widgets",
        "anthropic2024policy",
        "roe2020report",
    }
    assert items["chen2024preprint"] == {
        "id": "chen2024preprint",
        "type": "article",
        "title": "A Preprint",
        "author": [{"family": "Chen", "given": "Li"}, {"family": "Berg", "given": "Anna van der"}],
        "issued": {"date-parts": [[2024]]},
        "URL": "https://arxiv.org/abs/2401.01234",
    }
    assert items["doe2021widgets"] == {
        "id": "doe2021widgets",
        "type": "article-journal",
        "title": "Widgets and Gödel",
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2021]]},
        "container-title": "Journal of Examples",
        "DOI": "10.1234/example.5678",
    }
    policy = items["anthropic2024policy"]
    assert policy["type"] == "webpage"
    assert policy["author"] == [{"literal": "Anthropic"}]
    assert policy["URL"] == "https://example.org/policy"
    assert policy["container-title"] == "Company blog"
    report = items["roe2020report"]
    assert report["type"] == "report"
    assert report["publisher"] == "Example Institute"
    assert "container-title" not in report


def test_csl_json_of_the_small_fixture_maps_inproceedings_and_arxiv():
    result = pipeline.run(load_project(SMALL))
    items = {item["id"]: item for item in json.loads(to_csl_json(result.graph, result.project))}
    meng = items["meng2022locating"]
    assert meng["type"] == "paper-conference"
    assert meng["container-title"] == "Advances in Neural Information Processing Systems"
    assert meng["URL"] == "https://arxiv.org/abs/2202.05262"
    assert [a["family"] for a in meng["author"]] == ["Meng", "Bau", "Andonian", "Belinkov"]


def test_csl_names_split_at_the_last_space_and_keep_one_word_whole():
    assert csl_name("Jane Doe") == {"family": "Doe", "given": "Jane"}
    assert csl_name("Mary Ann Smith") == {"family": "Smith", "given": "Mary Ann"}
    assert csl_name("OpenAI") == {"literal": "OpenAI"}


# Argdown


def test_argdown_titles_are_sanitised_and_made_unique(tmp_path):
    assert sanitise_title("A [b]\n  c") == "A (b) c"
    assert sanitise_title("-5 degrees") == "\u20105 degrees"
    assert sanitise_title("C# <works>") == "C# <works>"
    assert escape_text("a *b* [c] <d> #e {f} @g // h \\ i") == (
        "a \\*b\\* \\[c\\] \\<d\\> \\#e \\{f\\} \\@g \\/\\/ h \\\\ i"
    )
    assert escape_text(":+1: e.g.") == "\\:+1: e\\.g."
    files = {
        "claims/dup-one.md": claim("dup-one", title="Same title"),
        "claims/dup-two.md": claim("dup-two", title="Same [title]"),
        "claims/dup-three.md": claim("dup-three", title="Same (title)"),
        "claims/other.md": claim("other", title="'Same title (dup-one)'"),
    }
    titles = statement_titles(run_kb(write_kb(tmp_path, files)).graph)
    assert titles == {
        "dup-one": "Same title",
        "dup-two": "Same (title) (dup-two)",
        "dup-three": "Same (title) (dup-three)",
        "other": "Same title (dup-one)",
    }
    assert len(set(titles.values())) == len(titles)


def test_argdown_writes_outgoing_relations_under_the_entry_that_declares_them(tmp_path):
    result = debate(tmp_path)
    text = to_argdown(result.graph, result.project)
    assert (
        "[Title of helper]: A reason for the main claim. "
        '{"id": "helper", "type": "claim", "url": "https://kb.example.org/claims/helper/", '
        '"answers": ["the-question"]}\n'
        '    +> [Main claim with <angle> & "quotes"]\n'
    ) in text
    assert "[An objection]" not in text
    assert '[Title of rebuttal]: A rebuttal. {"id": "rebuttal"' in text
    assert "    -> [Title of objection]\n" in text
    assert "#interpretability #sparse-autoencoders" in text


def _argdown_json(tmp_path: Path, text: str) -> dict:
    """`text` read by the real Argdown tool: exit 0, no error printed, its JSON export."""
    if not ARGDOWN.exists():
        pytest.skip(f"the Argdown tool is not installed; run `{ARGDOWN_INSTALL}`")
    source = tmp_path / "kb.export.argdown"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "argdown-out"
    run = subprocess.run(
        [str(ARGDOWN), "json", str(source), str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "error" not in output.lower(), output
    # The tool names its output after the source file, up to its last suffix.
    return json.loads((out / "kb.export.json").read_text(encoding="utf-8"))


def _statements_by_id(document: dict) -> dict[str, dict]:
    return {s["data"]["id"]: s for s in document["statements"].values()}


def _argdown_relations(document: dict) -> set[tuple[str, str, str]]:
    """Each relation as (from, type, to); a step (an argument of one premise and its
    conclusion, the target of an undercut) is named 'premise->conclusion'."""
    id_of = {title: s["data"]["id"] for title, s in document["statements"].items()}
    for title, argument in document.get("arguments", {}).items():
        premise, conclusion = (id_of[member["title"]] for member in argument["pcs"])
        id_of[title] = f"{premise}->{conclusion}"
    return {(id_of[r["from"]], r["relationType"], id_of[r["to"]]) for r in document["relations"]}


def _expected_relations(result: pipeline.Result) -> set[tuple[str, str, str]]:
    kind = {"supports": "support", "opposes": "attack"}
    relations = {
        (e.source, kind[e.relation], e.target) for e in result.graph.edges if e.relation in kind
    }
    undercuts = {
        (e.source, "undercut", f"{e.premise}->{e.target}")
        for e in result.graph.edges
        if e.relation == "undercuts"
    }
    return relations | undercuts


def test_argdown_tool_reads_the_small_fixture_with_relations_in_their_direction(tmp_path):
    result = pipeline.run(load_project(SMALL))
    document = _argdown_json(tmp_path, to_argdown(result.graph, result.project))
    statements = _statements_by_id(document)
    assert set(statements) == set(result.graph.entries)
    assert document["arguments"] == {}
    assert _argdown_relations(document) == {
        ("steering-fails", "support", "steering-not-competitive"),
        ("steering-not-competitive", "attack", "steering-works"),
        ("baselines-exist", "attack", "steering-not-competitive"),
    }
    works = statements["steering-works"]
    assert works["title"] == "Identified features enable targeted steering"
    assert works["tags"] == ["interpretability", "steering"]
    assert works["data"]["answers"] == ["can-steering-work"]
    assert works["data"]["url"] == "https://kb.example.org/claims/steering-works/"
    assert statements["can-steering-work"]["data"]["type"] == "question"


def _statement_text(statement: dict) -> str:
    texts = [m["text"] for m in statement["members"] if m.get("text") is not None]
    assert len(texts) == 1
    return texts[0].strip()


def test_argdown_tool_reads_titles_and_summaries_with_argdown_syntax_verbatim(tmp_path):
    nasty = (
        "Uses *stars, _under_ **bold**, [a link](http://x.org/a#b), // a comment, /* block, "
        "<!-- html, <argument>, {data: 1}, @[mention], #hashtag, :+1: :-): e.g. U.S.A. "
        "3.14.15, a ratio 1:2:3, +> -> <- and a back\\slash, ending in \\"
    )
    files = {
        "questions/the-question.md": question("the-question"),
        "claims/brackets.md": claim(
            "brackets",
            title="'A [bracketed] title: with <angles> & #hash'",
            summary="'" + nasty.replace("'", "''") + "'",
            tags="[interpretability]",
            answers="[the-question]",
        ),
        "claims/dash.md": claim("dash", title="'-5 degrees is cold'", supports="[brackets]"),
        "claims/dup-one.md": claim(
            "dup-one", type="counterargument", title="Same title", opposes="[dash]"
        ),
        "claims/dup-two.md": claim(
            "dup-two", type="counterargument", title="Same title", opposes="[dup-one]"
        ),
    }
    result = run_kb(write_kb(tmp_path / "kb", files))
    document = _argdown_json(tmp_path, to_argdown(result.graph, result.project))
    statements = _statements_by_id(document)
    assert set(statements) == set(result.graph.entries)
    assert statements["brackets"]["title"] == "A (bracketed) title: with <angles> & #hash"
    assert statements["dash"]["title"] == "\u20105 degrees is cold"
    assert statements["dup-one"]["title"] == "Same title (dup-one)"
    assert statements["dup-two"]["title"] == "Same title (dup-two)"
    assert _statement_text(statements["brackets"]) == nasty + " #interpretability"
    assert statements["brackets"]["tags"] == ["interpretability"]
    assert (
        _argdown_relations(document)
        == _expected_relations(result)
        == {
            ("dash", "support", "brackets"),
            ("dup-one", "attack", "dash"),
            ("dup-two", "attack", "dup-one"),
        }
    )


def test_argdown_tool_reads_random_punctuation_verbatim(tmp_path):
    """Many random titles and summaries in one document, read by the real tool."""
    rng = random.Random(20240501)
    alphabet = string.ascii_letters[:6] + string.digits[:3] + string.punctuation + "  é→"
    entries = [
        Entry(
            id=f"entry-{n}",
            type="claim",
            title="".join(rng.choices(alphabet, k=rng.randint(1, 30))),
            summary="".join(rng.choices(alphabet, k=rng.randint(1, 80))),
            path=f"content/claims/entry-{n}.md",
            supports=(f"entry-{n + 1}",),
            tags=("random-tag",),
        )
        for n in range(150)
    ]
    graph = link(entries, {})
    project = load_project(SMALL)
    document = _argdown_json(tmp_path, to_argdown(graph, project))
    statements = _statements_by_id(document)
    titles = statement_titles(graph)
    for entry in entries:
        statement = statements[entry.id]
        assert statement["title"] == titles[entry.id]
        expected = " ".join(entry.summary.split())
        assert _statement_text(statement) == f"{expected} #random-tag".strip(), entry
    assert len(document["relations"]) == 149


def test_argdown_tool_reads_the_shipped_knowledge_base(tmp_path):
    result = pipeline.run(load_project(REPO))
    document = _argdown_json(tmp_path, to_argdown(result.graph, result.project))
    statements = _statements_by_id(document)
    # People and forecast sets are not statements of the debate.
    debated = {i for i, e in result.graph.entries.items() if e.type in DEBATE_TYPES}
    assert set(statements) == debated and len(debated) < len(result.graph.entries)
    for entry_id, statement in statements.items():
        entry = result.graph.entries[entry_id]
        assert _statement_text(statement) == " ".join(
            [" ".join(entry.summary.split())] + [f"#{t}" for t in entry.tags]
        )
    assert _argdown_relations(document) == _expected_relations(result)


# kb export


def test_export_json_to_stdout_is_the_kb_json_document(capsys):
    assert main(["--root", str(SMALL), "export", "--format", "json"]) == 0
    out = capsys.readouterr().out
    result = pipeline.run(load_project(SMALL))
    assert out == export_json(result.graph, result.project) + "\n"
    assert json.loads(out) == export_document(result.graph, result.project)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_each_format_to_a_file(tmp_path, capsys, fmt):
    target = tmp_path / f"kb.{fmt}"
    assert main(["--root", str(SMALL), "export", "--format", fmt, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["--root", str(SMALL), "export", "--format", fmt]) == 0
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_export_replaces_an_existing_file_whole_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "kb.export.graphml"
    target.write_text("old and much longer text " * 1000, encoding="utf-8")
    target.chmod(0o640)
    assert main(["--root", str(SMALL), "export", "--format", "graphml", "-o", str(target)]) == 0
    ET.fromstring(target.read_bytes())
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["kb.export.graphml"]


def test_export_into_a_missing_folder_fails_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "missing" / "kb.export.aif.json"
    assert main(["--root", str(SMALL), "export", "--format", "aif", "-o", str(target)]) == 1
    assert "kb export: cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_knowledge_base_with_errors(tmp_path, capsys):
    root = write_kb(tmp_path / "kb", {"claims/bad-one.md": claim("bad-one", supports="[nowhere]")})
    target = tmp_path / "out.xml"
    assert main(["--root", str(root), "export", "--format", "graphml", "-o", str(target)]) == 1
    assert "run 'kb check' first" in capsys.readouterr().err
    assert not target.exists()


def test_export_of_an_unknown_format_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(SMALL), "export", "--format", "rdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'rdf'" in capsys.readouterr().err


def test_the_kb_command_exports_in_a_subprocess(tmp_path):
    kb = Path(__import__("sys").executable).parent / "kb"
    run = subprocess.run(
        [str(kb), "--root", str(SMALL), "export", "--format", "csl-json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert {item["id"] for item in json.loads(run.stdout)} == {"meng2022locating", "doe2021widgets"}


# The JSON Schema of kb.json


def _validator(project) -> Draft202012Validator:
    schema = document_schema(project)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_the_shipped_knowledge_base_export_satisfies_its_schema():
    result = pipeline.run(load_project(REPO))
    assert result.ok
    document = json.loads(export_json(result.graph, result.project))
    schema = document_schema(result.project)
    assert schema["$id"].endswith("/schema/kb.json")
    assert _errors(_validator(result.project), document) == []
    assert len(document["entries"]) == len(result.graph.entries) > 0


def test_exports_with_withdrawn_entries_aliases_and_locators_satisfy_the_schema(tmp_path):
    for result in (debate(tmp_path), pipeline.run(load_project(SMALL))):
        document = json.loads(export_json(result.graph, result.project))
        assert _errors(_validator(result.project), document) == []


def test_the_schema_rejects_documents_that_are_not_kb_json(tmp_path):
    result = debate(tmp_path)
    validator = _validator(result.project)
    document = export_document(result.graph, result.project)
    broken = json.loads(json.dumps(document))
    broken["entries"][0]["colour"] = "red"
    broken["entries"][1]["type"] = "opinion"
    broken["relations"][0]["relation"] = "likes"
    broken["references"][0]["cited_by"] = {"mentions": ["main-claim"]}
    del broken["aliases"]
    errors = _errors(validator, broken)
    assert len(errors) == 5, errors
