"""`kb new`: a fresh entry whose only errors are the template's placeholders, never overwriting
anything."""

from __future__ import annotations

from kb import pipeline
from kb.commands.cli import main
from kb.project import load_project


def _new(root, *args):
    return main(["--root", str(root), "new", *args])


def test_new_counterargument_is_written_and_fails_only_on_its_placeholders(small_kb, capsys):
    assert (
        _new(
            small_kb,
            "counterargument",
            "Steering results don't transfer (yet)!",
            "--opposes",
            "steering-works",
            "--tag",
            "interpretability",
        )
        == 0
    )
    path = capsys.readouterr().out.strip()
    assert path == "content/claims/steering-results-dont-transfer-yet.md"
    result = pipeline.run(load_project(small_kb))
    errors = [(d.code, d.position.line) for d in result.diagnostics if d.is_error]
    assert errors == [("template-placeholder", 5), ("template-placeholder", 14)] + [
        ("template-placeholder", 18)
    ]
    entry = result.graph.entries["steering-results-dont-transfer-yet"]
    assert entry.opposes == ("steering-works",) and entry.tags == ("interpretability",)


def test_the_template_with_its_placeholders_replaced_passes_the_check(small_kb, capsys):
    _new(small_kb, "claim", "Steering transfers", "--summary", "Steering transfers to new models.")
    path = small_kb / capsys.readouterr().out.strip()
    text = path.read_text()
    front = text[: text.index("---", 4) + 4]
    path.write_text(front + "Steering vectors found on one model work on its successor.\n")
    result = pipeline.run(load_project(small_kb))
    assert [d for d in result.diagnostics if d.is_error] == []


def test_every_form_the_template_shows_parses_without_problems():
    from kb.commands.new_entry import FORMS
    from kb.load.body import read_body

    facts, problems = read_body(FORMS, "content/claims/x.md", 1)
    assert problems == []
    assert [i.mode for c in facts.citations for i in c.items] == [
        "normal", "normal", "normal", "normal", "suppress-author", "in-text", "in-text"
    ]  # fmt: skip
    assert [link.target for link in facts.links] == [
        "entry-id", "entry-id", "entry-id#heading-id"
    ]  # fmt: skip


def test_same_title_twice_gets_a_different_id(small_kb, capsys):
    _new(small_kb, "question", "Does steering transfer?")
    _new(small_kb, "question", "Does steering transfer?")
    out = capsys.readouterr().out.split()
    assert out == [
        "content/questions/does-steering-transfer.md",
        "content/questions/does-steering-transfer-2.md",
    ]


def test_title_of_an_existing_entry_never_overwrites_it(small_kb, capsys):
    existing = small_kb / "content" / "claims" / "steering-works.md"
    before = existing.read_bytes()
    assert _new(small_kb, "claim", "Steering works") == 0
    assert existing.read_bytes() == before
    assert capsys.readouterr().out.strip() == "content/claims/steering-works-2.md"


def test_unknown_target_is_refused_with_a_suggestion(small_kb, capsys):
    assert _new(small_kb, "counterargument", "No", "--opposes", "steering-work") == 1
    assert "did you mean 'steering-works'?" in capsys.readouterr().err
    assert not list((small_kb / "content" / "claims").glob("no*.md"))


def test_counterargument_without_opposes_is_refused(small_kb, capsys):
    assert _new(small_kb, "counterargument", "Lonely objection") == 1
    assert "--opposes" in capsys.readouterr().err


def test_a_summary_the_check_would_refuse_is_refused_before_writing(small_kb, capsys):
    assert _new(small_kb, "claim", "Long", "--summary", "word " * 200) == 1
    assert "summary is longer than 600" in capsys.readouterr().err
    assert not (small_kb / "content" / "claims" / "long.md").exists()


def test_new_writes_nothing_through_a_linked_entry_folder(small_kb, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (small_kb / "content/questions").rename(elsewhere)
    (small_kb / "content/questions").symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    assert main(["--root", str(small_kb), "new", "question", "Is this written?"]) == 1
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_new_claim_can_qualify_an_entry(small_kb, capsys):
    summary = ["--summary", "Only one model was tried."]
    assert _new(small_kb, "claim", "One model only", "--qualifies", "steering-fails", *summary) == 0
    capsys.readouterr()
    result = pipeline.run(load_project(small_kb))
    assert result.graph.entries["one-model-only"].qualifies == ("steering-fails",)
    assert _new(small_kb, "claim", "Another", "--qualifies", "can-steering-work") == 1
    assert "--qualifies can-steering-work: it is a question" in capsys.readouterr().err


def test_new_person_has_no_relations(small_kb, capsys):
    assert _new(small_kb, "person", "Jane Doe", "--summary", "A researcher.") == 0
    assert capsys.readouterr().out.strip() == "content/people/jane-doe.md"
    result = pipeline.run(load_project(small_kb))
    person = result.graph.entries["jane-doe"]
    assert (person.type, person.url) == ("person", "people/jane-doe/")
    assert not [
        d
        for d in result.diagnostics
        if d.position.path == "content/people/jane-doe.md"
        and d.is_error
        and d.code != "template-placeholder"
    ]
    assert _new(small_kb, "organisation", "Lab", "--supports", "steering-works") == 1
    assert "holds no relations" in capsys.readouterr().err


def test_new_forecast_set_fails_only_on_what_the_contributor_must_fill_in(small_kb, capsys):
    assert _new(small_kb, "forecast-set", "Next paper", "--summary", "What it will do.") == 0
    assert capsys.readouterr().out.strip() == "content/forecasts/next-paper.md"
    result = pipeline.run(load_project(small_kb))
    problems = {
        (d.code, d.message.split(":")[0])
        for d in result.diagnostics
        if d.position.path == "content/forecasts/next-paper.md" and d.is_error
    }
    assert problems == {
        ("bad-id", "id '' has 0 characters; ids have 3 to 80"),  # by: "", to fill in
        ("missing-field", "a forecast set needs 'sources'"),
        ("template-placeholder", "the body still holds text of the template"),
    }
