"""Argument status by grounded semantics over `opposes`, on small hand-made graphs."""

from __future__ import annotations

from helpers_engine import claim, run_kb, write_kb

from kb.link.status import argument_status, open_counterarguments


def _status(tmp_path, **opposes: str) -> dict[str, str]:
    """Entries a, b, c…: `b="a"` makes b a counterargument opposing a."""
    names = set(opposes) | {t for targets in opposes.values() for t in targets.split(",") if t}
    files = {}
    for name in sorted(names):
        entry_id = f"entry-{name}"
        if name in opposes:
            targets = ", ".join(f"entry-{t}" for t in opposes[name].split(","))
            files[f"claims/{entry_id}.md"] = claim(
                entry_id, type="counterargument", opposes=f"[{targets}]"
            )
        else:
            files[f"claims/{entry_id}.md"] = claim(entry_id)
    result = run_kb(write_kb(tmp_path, files))
    assert result.ok, [d.as_text() for d in result.diagnostics if d.is_error]
    return {k.removeprefix("entry-"): v for k, v in argument_status(result.graph).items()}


def test_unopposed_claim_stands(tmp_path):
    files = {"claims/lonely.md": claim("lonely")}
    assert argument_status(run_kb(write_kb(tmp_path, files)).graph) == {"lonely": "standing"}


def test_unanswered_counterargument_stands_and_contests_its_target(tmp_path):
    assert _status(tmp_path, b="a") == {"a": "contested", "b": "standing"}


def test_a_rebuttal_reinstates_the_claim(tmp_path):
    assert _status(tmp_path, b="a", c="b") == {"a": "standing", "b": "contested", "c": "standing"}


def test_long_chains_alternate(tmp_path):
    assert _status(tmp_path, b="a", c="b", d="c") == {
        "a": "contested",
        "b": "standing",
        "c": "contested",
        "d": "standing",
    }


def test_a_claim_stands_only_when_every_counterargument_is_defeated(tmp_path):
    status = _status(tmp_path, b="a", c="a", d="b")
    assert status == {"a": "contested", "b": "contested", "c": "standing", "d": "standing"}


def test_mutually_opposing_pair_is_undecided_and_so_is_what_it_opposes(tmp_path):
    status = _status(tmp_path, b="a,c", c="b")
    assert status == {"a": "undecided", "b": "undecided", "c": "undecided"}


def test_odd_cycle_is_undecided(tmp_path):
    assert set(_status(tmp_path, a="c", b="a", c="b").values()) == {"undecided"}


def test_a_cycle_broken_from_outside_is_decided(tmp_path):
    # d defeats c, so b stands and a is contested
    assert _status(tmp_path, b="a", c="b", a="c", d="c") == {
        "a": "contested",
        "b": "standing",
        "c": "contested",
        "d": "standing",
    }


def test_withdrawn_counterargument_counts_as_defeated(tmp_path):
    files = {
        "claims/target.md": claim("target"),
        "claims/objection.md": claim(
            "objection",
            type="counterargument",
            opposes="[target]",
            status="withdrawn",
            superseded_by="target",
        ),
    }
    status = argument_status(run_kb(write_kb(tmp_path, files)).graph)
    assert status == {"target": "standing", "objection": "withdrawn"}


def test_open_counterarguments_are_standing_and_unanswered(tmp_path):
    files = {
        "claims/target.md": claim("target"),
        "claims/answered.md": claim("answered", type="counterargument", opposes="[target]"),
        "claims/rebuttal.md": claim("rebuttal", type="counterargument", opposes="[answered]"),
        "claims/open-one.md": claim("open-one", type="counterargument", opposes="[target]"),
    }
    graph = run_kb(write_kb(tmp_path, files)).graph
    status = argument_status(graph)
    assert status["target"] == "contested"
    assert open_counterarguments(graph, status) == ["open-one", "rebuttal"]
