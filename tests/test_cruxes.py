"""Cruxes on hand-made debates whose cruxes are known."""

from __future__ import annotations

from helpers_engine import claim, question, run_kb, write_kb

from kb.link.cruxes import cruxes


def _debate(tmp_path, **extra: dict[str, str]):
    """Question `main` with positions `side-a` and `side-b`; sub-questions `sub-s`, `sub-t` and
    `sub-u`. `x-s` (for a) and `y-s` (for b) conflict on sub-s; `z-t` supports both sides on
    sub-t (agreement); `x-u` and `y-u` answer sub-u differently without conflict."""
    entries = {
        "side-a": {"answers": "[main]"},
        "side-b": {"answers": "[main]"},
        "x-s": {"supports": "[side-a]", "answers": "[sub-s]"},
        "y-s": {"supports": "[side-b]", "answers": "[sub-s]", "opposes": "[x-s]"},
        "z-t": {"supports": "[side-a, side-b]", "answers": "[sub-t]"},
        "x-u": {"supports": "[side-a]", "answers": "[sub-u]"},
        "y-u": {"supports": "[side-b]", "answers": "[sub-u]"},
        **extra,
    }
    files = {f"questions/{q}.md": question(q) for q in ("main", "sub-s", "sub-t", "sub-u")}
    for name, fields in entries.items():
        kind = "counterargument" if "opposes" in fields else "claim"
        files[f"claims/{name}.md"] = claim(name, type=kind, **fields)
    result = run_kb(write_kb(tmp_path, files))
    assert result.ok, [d.as_text() for d in result.diagnostics if d.is_error]
    return result.graph


def _found(graph, question_id="main"):
    return [
        (c.first.id, c.second.id, c.question.id, [(x.id, y.id) for x, y in c.answers])
        for c in cruxes(graph, question_id)
    ]


def test_the_conflicting_sub_question_is_the_crux_and_agreement_is_not(tmp_path):
    assert _found(_debate(tmp_path)) == [("side-a", "side-b", "sub-s", [("x-s", "y-s")])]


def test_a_crux_deep_in_the_support_chain_is_found(tmp_path):
    graph = _debate(
        tmp_path,
        **{
            "x-s": {"supports": "[side-a]"},
            "deep-x": {"supports": "[x-s]", "answers": "[sub-s]"},
            "y-s": {"supports": "[side-b]", "answers": "[sub-s]", "opposes": "[deep-x]"},
        },
    )
    assert _found(graph) == [("side-a", "side-b", "sub-s", [("deep-x", "y-s")])]


def test_an_undercut_step_carries_no_support_so_no_crux(tmp_path):
    graph = _debate(tmp_path, cutter={"undercuts": "[{premise: x-s, conclusion: side-a}]"})
    assert _found(graph) == []


def test_three_positions_give_cruxes_pair_by_pair(tmp_path):
    graph = _debate(
        tmp_path,
        **{
            "side-c": {"answers": "[main]"},
            "w-s": {"supports": "[side-c]", "answers": "[sub-s]", "opposes": "[y-s]"},
        },
    )
    assert _found(graph) == [
        ("side-a", "side-b", "sub-s", [("x-s", "y-s")]),
        ("side-b", "side-c", "sub-s", [("y-s", "w-s")]),
    ]


def test_a_question_with_one_position_has_no_crux(tmp_path):
    graph = _debate(tmp_path)
    assert _found(graph, "sub-t") == []


def test_kb_cruxes_and_the_question_page_show_the_built_in_crux(tmp_path, capsys):
    from conftest import FIXTURES, build_site, copy_tree

    from kb.commands.cli import main

    root = copy_tree(FIXTURES / "debate", tmp_path / "debate")
    assert main(["--root", str(root), "cruxes", "are-saes-useful"]) == 0
    assert capsys.readouterr().out == (
        "not-shown-competitive and saes-competitive part ways on have-saes-been-compared:\n"
        "  no-baseline (for not-shown-competitive) against compared-with-prompting "
        "(for saes-competitive)\n"
    )
    assert main(["--root", str(root), "cruxes", "are-saes-usefull"]) == 1
    assert "did you mean 'are-saes-useful'?" in capsys.readouterr().err
    site = build_site(root)
    html = (site / "questions" / "are-saes-useful" / "index.html").read_text("utf-8")
    section = html.split('id="cruxes"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Where they part ways</h2>" in section
    assert (
        'part ways on <a href="../../questions/have-saes-been-compared/">Has SAE editing been '
        "compared with other editing methods?</a>: "
        '<a href="../../claims/no-baseline/">No baseline has been compared</a> against '
        '<a href="../../claims/compared-with-prompting/">SAE edits have been set beside '
        "prompting</a>."
    ) in section
