"""Rules across entries (ids, relations, citations, links) and advice that does not fail a check."""

from __future__ import annotations

from pathlib import Path

from helpers_engine import (
    claim,
    codes,
    errors,
    one,
    question,
    run_kb,
    where,
    with_code,
    write_kb,
)

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"


def check(tmp_path, files, **kwargs):
    return run_kb(write_kb(tmp_path, files, **kwargs)).diagnostics


def sourced(entry_id: str, body: str = "", **extra: str) -> str:
    """A claim citing both works after `body`, so it draws no advice about missing sources."""
    cites = "See [@doe2021widgets] and [@roe2023gadgets]."
    return claim(entry_id, body=f"{body}\n{cites}" if body else cites, **extra)


def test_the_small_knowledge_base_is_clean():
    result = run_kb(SMALL)
    assert result.diagnostics == []
    assert result.ok


def test_same_id_in_claims_and_questions_is_a_duplicate_at_the_second_file(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/same-id.md": sourced("same-id"),
            "questions/same-id.md": question("same-id"),
        },
    )
    error = one(diagnostics, "duplicate-id")
    assert where(error) == ("content/questions/same-id.md", 2, 5)
    assert "content/claims/same-id.md" in error.message


def test_alias_naming_an_existing_entry_is_a_duplicate_at_the_alias(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/first-one.md": sourced("first-one"),
            "claims/second-one.md": sourced("second-one", aliases="[first-one]"),
        },
    )
    error = one(diagnostics, "duplicate-id")
    assert where(error) == ("content/claims/second-one.md", 6, 11)
    assert "content/claims/first-one.md" in error.message


def test_two_entries_claiming_one_alias_is_a_duplicate(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/first-one.md": sourced("first-one", aliases="[old-one]"),
            "claims/second-one.md": sourced("second-one", aliases="[old-one]"),
        },
    )
    assert where(one(diagnostics, "duplicate-id"))[0] == "content/claims/second-one.md"


def test_unknown_opposes_target_suggests_the_closest_id(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/sae-steering.md": sourced("sae-steering"),
            "claims/objection.md": claim(
                "objection", type="counterargument", opposes="[sae-steerng]"
            ),
        },
    )
    error = one(diagnostics, "unknown-entry")
    assert where(error) == ("content/claims/objection.md", 6, 11)
    assert error.message == (
        "opposes: no entry has the id 'sae-steerng'; did you mean 'sae-steering'?"
    )


def test_unknown_supports_and_answers_targets_are_reported_at_each_item(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/x-entry.md": sourced(
                "x-entry", supports="[nowhere-one]", answers="[nowhere-two]"
            ),
        },
    )
    found = sorted(where(d)[1:] for d in with_code(diagnostics, "unknown-entry"))
    assert found == [(6, 12), (7, 11)]


def test_answers_pointing_at_a_claim_is_a_wrong_target_type(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/a-claim.md": sourced("a-claim"),
            "claims/x-entry.md": sourced("x-entry", answers="[a-claim]"),
        },
    )
    error = one(diagnostics, "wrong-target-type")
    assert where(error) == ("content/claims/x-entry.md", 6, 11)
    assert "'a-claim' is a claim" in error.message


def test_supports_pointing_at_a_question_is_a_wrong_target_type(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "questions/a-question.md": question("a-question"),
            "claims/x-entry.md": sourced("x-entry", supports="[a-question]"),
        },
    )
    one(diagnostics, "wrong-target-type")


def test_entry_supporting_itself_is_a_self_reference(tmp_path):
    diagnostics = check(tmp_path, {"claims/x-entry.md": sourced("x-entry", supports="[x-entry]")})
    assert where(one(diagnostics, "self-reference")) == ("content/claims/x-entry.md", 6, 12)


def test_opposing_ones_own_alias_is_a_self_reference(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/x-entry.md": claim(
                "x-entry", type="counterargument", aliases="[old-x]", opposes="[old-x]"
            )
        },
    )
    one(diagnostics, "self-reference")


def test_unknown_superseded_by_is_reported_with_a_suggestion(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/new-entry.md": sourced("new-entry"),
            "claims/old-entry.md": sourced(
                "old-entry", status="withdrawn", superseded_by="new-entr"
            ),
        },
    )
    error = one(diagnostics, "unknown-entry")
    assert where(error) == ("content/claims/old-entry.md", 7, 16)
    assert "did you mean 'new-entry'?" in error.message


def test_entry_superseding_itself_is_a_self_reference(tmp_path):
    diagnostics = check(
        tmp_path,
        {"claims/x-entry.md": sourced("x-entry", status="withdrawn", superseded_by="x-entry")},
    )
    one(diagnostics, "self-reference")


def test_unknown_citation_key_is_reported_at_the_key_with_a_suggestion(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/x-entry.md": claim(
                "x-entry", body="Known [@doe2021widgets].\nUnknown [@roe2023gadget, p. 3]."
            )
        },
    )
    error = one(diagnostics, "unknown-reference")
    assert where(error) == ("content/claims/x-entry.md", 8, 10)
    assert error.message == (
        "citation '@roe2023gadget' is not in references.bib; did you mean 'roe2023gadgets'?"
    )


def test_unknown_source_key_is_reported_at_the_key(tmp_path):
    diagnostics = check(
        tmp_path, {"claims/x-entry.md": claim("x-entry", sources="\n  - key: doe2021widget")}
    )
    error = one(diagnostics, "unknown-reference")
    assert where(error) == ("content/claims/x-entry.md", 7, 10)
    assert "did you mean 'doe2021widgets'?" in error.message


def test_unknown_citation_in_code_is_not_reported(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/x-entry.md": sourced(
                "x-entry", body="`[@nothing]`\n```\n[@nothing-either]\n```\n[@doe2021widgets]"
            )
        },
    )
    assert "unknown-reference" not in codes(diagnostics)


def test_unknown_cross_link_is_reported_at_its_column(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/target-entry.md": sourced("target-entry"),
            "claims/x-entry.md": sourced(
                "x-entry", body="See [[target-entry]] and\nalso [[target-entri|this]]."
            ),
        },
    )
    error = one(diagnostics, "unknown-link")
    assert where(error) == ("content/claims/x-entry.md", 8, 6)
    assert "did you mean 'target-entry'?" in error.message


def test_cross_link_to_an_alias_is_valid(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/target-entry.md": sourced("target-entry", aliases="[old-target]"),
            "claims/x-entry.md": sourced("x-entry", body="See [[old-target]]."),
        },
    )
    assert errors(diagnostics) == []


def test_links_to_an_unreadable_file_are_not_reported_twice(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/broken-entry.md": "no front matter",
            "claims/x-entry.md": sourced(
                "x-entry", supports="[broken-entry]", body="[[broken-entry]] [@doe2021widgets]"
            ),
        },
    )
    assert codes(errors(diagnostics)) == {"front-matter-missing"}


def test_unused_reference_is_a_warning_at_its_bib_line(tmp_path):
    diagnostics = check(tmp_path, {"claims/x-entry.md": claim("x-entry", body="[@doe2021widgets]")})
    warning = one(diagnostics, "unused-reference")
    assert not warning.is_error
    assert warning.position.path == "references.bib"
    assert warning.position.line == 10  # @misc{roe2023gadgets, in the helpers' bibliography
    assert "roe2023gadgets" in warning.message


def test_question_with_one_position_is_a_warning(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "questions/the-question.md": question("the-question"),
            "claims/x-entry.md": sourced("x-entry", answers="[the-question]"),
        },
    )
    warning = one(diagnostics, "question-few-positions")
    assert not warning.is_error
    assert where(warning) == ("content/questions/the-question.md", 2, 5)
    assert "1 position(s)" in warning.message


def test_question_with_two_positions_draws_no_warning(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "questions/the-question.md": question("the-question"),
            "claims/yes-entry.md": sourced("yes-entry", answers="[the-question]"),
            "claims/no-entry.md": sourced("no-entry", answers="[the-question]"),
        },
    )
    assert diagnostics == []


def test_claim_citing_nothing_is_a_warning(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/x-entry.md": claim("x-entry"),
            "claims/y-entry.md": sourced("y-entry"),
        },
    )
    warning = one(diagnostics, "claim-without-source")
    assert not warning.is_error
    assert where(warning)[0] == "content/claims/x-entry.md"


def test_support_cycle_is_a_warning_naming_the_circle(tmp_path):
    diagnostics = check(
        tmp_path,
        {
            "claims/a-entry.md": sourced("a-entry", supports="[b-entry]"),
            "claims/b-entry.md": sourced("b-entry", supports="[c-entry]"),
            "claims/c-entry.md": sourced("c-entry", supports="[a-entry]"),
        },
    )
    warning = one(diagnostics, "support-cycle")
    assert not warning.is_error
    assert warning.message == "support cycle: a-entry -> b-entry -> c-entry -> a-entry"


def test_warnings_alone_leave_the_check_passing(tmp_path):
    result = run_kb(write_kb(tmp_path, {"claims/x-entry.md": claim("x-entry")}))
    assert {"unused-reference", "claim-without-source"} <= codes(result.diagnostics)
    assert result.ok
