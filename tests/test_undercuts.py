"""Undercuts and qualifications: their checks, and grounded semantics extended to inferences."""

from __future__ import annotations

from helpers_engine import claim, errors, one, run_kb, where, write_kb

from kb.link.status import CONTESTED, STANDING, UNDECIDED


def _kb(tmp_path, **extra: dict[str, str]):
    """Claims a supports b, each entry named in `extra` with its extra YAML fields."""
    files = {
        "claims/claim-a.md": claim("claim-a", supports="[claim-b]"),
        "claims/claim-b.md": claim("claim-b"),
    }
    for name, fields in extra.items():
        entry_type = "counterargument" if "opposes" in fields else "claim"
        files[f"claims/{name}.md"] = claim(name, type=entry_type, **fields)
    return run_kb(write_kb(tmp_path, files))


UNDERCUT_AB = "[{premise: claim-a, conclusion: claim-b}]"


def test_an_unanswered_undercut_stands_and_leaves_both_statements_standing(tmp_path):
    result = _kb(tmp_path, **{"claim-u": {"undercuts": UNDERCUT_AB}})
    assert not errors(result.diagnostics)
    graph = result.graph
    assert graph.inference_status == {("claim-a", "claim-b"): CONTESTED}
    assert graph.status == {"claim-a": STANDING, "claim-b": STANDING, "claim-u": STANDING}
    assert [(f.kind, f.source, f.detail) for f in graph.flags["claim-b"]] == [
        ("undercut-support", "claim-a", "claim-u")
    ]
    # An undercut is the debate working: no warning.
    assert not [d for d in result.diagnostics if d.code.startswith("relies")]


def test_a_rebutted_undercut_gives_the_inference_back(tmp_path):
    result = _kb(
        tmp_path,
        **{"claim-u": {"undercuts": UNDERCUT_AB}, "claim-v": {"opposes": "[claim-u]"}},
    )
    assert result.graph.status["claim-u"] == CONTESTED
    assert result.graph.inference_status == {("claim-a", "claim-b"): STANDING}
    assert "claim-b" not in result.graph.flags


def test_an_undercut_caught_in_a_cycle_leaves_the_inference_undecided(tmp_path):
    result = _kb(
        tmp_path,
        **{
            "claim-u": {"undercuts": UNDERCUT_AB, "opposes": "[claim-v]"},
            "claim-v": {"opposes": "[claim-u]"},
        },
    )
    assert result.graph.status["claim-u"] == UNDECIDED
    assert result.graph.inference_status == {("claim-a", "claim-b"): UNDECIDED}


def test_one_standing_undercutter_among_defeated_ones_undercuts(tmp_path):
    result = _kb(
        tmp_path,
        **{
            "claim-u": {"undercuts": UNDERCUT_AB},
            "claim-w": {"undercuts": UNDERCUT_AB},
            "claim-v": {"opposes": "[claim-u]"},
        },
    )
    assert result.graph.undercutters == {("claim-a", "claim-b"): ["claim-u", "claim-w"]}
    assert result.graph.inference_status == {("claim-a", "claim-b"): CONTESTED}


def test_a_withdrawn_undercutter_undercuts_nothing(tmp_path):
    result = _kb(
        tmp_path,
        **{
            "claim-u": {
                "undercuts": UNDERCUT_AB,
                "status": "withdrawn",
                "superseded_by": "claim-a",
            }
        },
    )
    assert result.graph.inference_status == {("claim-a", "claim-b"): STANDING}


def test_an_undercut_of_an_inference_that_does_not_exist_is_an_error(tmp_path):
    reversed_step = "[{premise: claim-b, conclusion: claim-a}]"
    result = _kb(tmp_path, **{"claim-u": {"undercuts": reversed_step}})
    problem = one(result.diagnostics, "unknown-inference")
    assert where(problem) == ("content/claims/claim-u.md", 6, 13)
    assert "'claim-b' does not support 'claim-a'" in problem.message
    assert result.graph.undercutters == {}


def test_an_undercut_naming_no_entry_suggests_one(tmp_path):
    misspelt = "[{premise: claim-aa, conclusion: claim-b}]"
    result = _kb(tmp_path, **{"claim-u": {"undercuts": misspelt}})
    assert "did you mean 'claim-a'?" in one(result.diagnostics, "unknown-entry").message


def test_an_undercut_needs_both_ends(tmp_path):
    result = _kb(tmp_path, **{"claim-u": {"undercuts": "[{premise: claim-a}]"}})
    assert "needs a 'conclusion'" in one(result.diagnostics, "missing-field").message


def test_an_undercut_with_an_unknown_field_is_an_error(tmp_path):
    result = _kb(
        tmp_path,
        **{"claim-u": {"undercuts": "[{premise: claim-a, conclusion: claim-b, premis: x}]"}},
    )
    assert "did you mean 'premise'?" in one(result.diagnostics, "unknown-field").message


def test_an_entry_cannot_undercut_its_own_inference(tmp_path):
    files = {
        "claims/claim-a.md": claim(
            "claim-a", supports="[claim-b]", undercuts="[{premise: claim-a, conclusion: claim-b}]"
        ),
        "claims/claim-b.md": claim("claim-b"),
    }
    result = run_kb(write_kb(tmp_path, files))
    assert "from or to itself" in one(result.diagnostics, "self-reference").message


def test_qualifies_is_a_relation_but_not_an_attack(tmp_path):
    result = _kb(tmp_path, **{"claim-q": {"qualifies": "[claim-b]"}})
    assert not errors(result.diagnostics)
    assert result.graph.outgoing["claim-q"] == {"qualifies": ["claim-b"]}
    assert result.graph.status["claim-b"] == STANDING


def test_qualifying_itself_or_a_question_is_an_error(tmp_path):
    result = _kb(tmp_path, **{"claim-q": {"qualifies": "[claim-q]"}})
    assert "'claim-q' cannot qualify itself" in one(result.diagnostics, "self-reference").message
