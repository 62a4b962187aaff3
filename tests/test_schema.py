"""The entry schema: each field's rules, reported at the line and column of the value."""

from __future__ import annotations

from helpers_engine import claim, codes, entry_of, errors, front, one, where

PATH = "content/claims/x-entry.md"


def check(text: str, name: str = "claims/x-entry.md"):
    return entry_of(text, name)


def test_valid_entry_converts_every_field():
    text = claim(
        "x-entry",
        title="A title",
        summary="A statement\n  over two lines.",
        tags="[interpretability, steering]",
        supports="[other-entry]",
        answers="[a-question]",
        aliases="[old-entry]",
        sources="\n  - key: doe2021widgets\n    locator: p. 4\n    relation: supports"
        "\n  - key: roe2023gadgets",
    )
    entry, diagnostics = check(text)
    assert diagnostics == []
    assert (entry.id, entry.type, entry.title, entry.status) == (
        "x-entry",
        "claim",
        "A title",
        "active",
    )
    assert entry.tags == ("interpretability", "steering")
    assert (entry.supports, entry.answers, entry.aliases) == (
        ("other-entry",),
        ("a-question",),
        ("old-entry",),
    )
    assert [(s.key, s.locator, s.relation) for s in entry.sources] == [
        ("doe2021widgets", "p. 4", "supports"),
        ("roe2023gadgets", None, "background"),
    ]


def test_folded_summary_is_read_as_plain_text_on_one_line():
    entry, diagnostics = check(claim("x-entry", summary=">-\n  First part\n  second part."))
    assert diagnostics == []
    assert entry.summary == "First part second part."


def test_unquoted_no_as_title_is_a_coerced_value_at_its_column():
    _, diagnostics = check(claim("x-entry", title="no"))
    error = one(diagnostics, "yaml-coerced-value")
    assert where(error) == (PATH, 4, 8)
    assert 'quote it: "no"' in error.message
    assert "boolean" in error.message


def test_quoted_no_as_title_is_accepted():
    entry, diagnostics = check(claim("x-entry", title='"no"'))
    assert diagnostics == []
    assert entry.title == "no"


def test_a_control_character_or_bidirectional_override_in_text_is_refused_where_it_stands():
    for escaped, shown in (("\\x1b[31m", "U+001B"), ("\\r\\x7f", "U+007F"), ("\\u202d", "U+202D")):
        _, diagnostics = check(claim("x-entry", title=f'"A {escaped}title"'))
        error = one(diagnostics, "control-character")
        assert where(error) == (PATH, 4, 8)
        assert shown in error.message and "'title'" in error.message


def test_right_to_left_text_and_its_isolates_are_accepted_in_text():
    # Hebrew within an English title, set apart by a right-to-left isolate and its end; a
    # tab is read as a space.
    title = "Quoted: \u2067\u05e9\u05dc\u05d5\u05dd\u2069, and a\ttab"
    entry, diagnostics = check(claim("x-entry", title=f'"{title}"'))
    assert diagnostics == []
    assert entry.title == "Quoted: \u2067שלום\u2069, and a tab"


def test_numeric_id_is_a_coerced_value():
    _, diagnostics = check(front(id="123", type="claim", title="T", summary="S"), "claims/123.md")
    error = one(diagnostics, "yaml-coerced-value")
    assert where(error) == ("content/claims/123.md", 2, 5)
    assert "number" in error.message


def test_yes_and_on_in_a_tag_list_are_coerced_values():
    _, diagnostics = check(claim("x-entry", tags="[yes, on, fine]"))
    assert [where(d)[1:] for d in diagnostics if d.code == "yaml-coerced-value"] == [
        (6, 8),
        (6, 13),
    ]


def test_date_as_title_is_a_coerced_value():
    _, diagnostics = check(claim("x-entry", title="2024-01-01"))
    assert "date" in one(diagnostics, "yaml-coerced-value").message


def test_unknown_field_suggests_the_closest_field():
    _, diagnostics = check(claim("x-entry", oposes="[other-entry]"))
    error = one(diagnostics, "unknown-field")
    assert where(error) == (PATH, 6, 1)
    assert error.message == "unknown field 'oposes'; did you mean 'opposes'?"


def test_unknown_field_with_nothing_close_has_no_suggestion():
    _, diagnostics = check(claim("x-entry", zzzzzz="1"))
    assert "did you mean" not in one(diagnostics, "unknown-field").message


def test_unknown_source_field_suggests_key():
    _, diagnostics = check(claim("x-entry", sources="\n  - kee: doe2021widgets"))
    assert "did you mean 'key'?" in one(diagnostics, "unknown-field").message
    assert "needs a 'key'" in one(diagnostics, "missing-field").message


def test_each_missing_required_field_is_reported():
    _, diagnostics = check(front(id="x-entry", type="claim"))
    missing = [d for d in diagnostics if d.code == "missing-field"]
    assert sorted(d.message for d in missing) == [
        "required field 'summary' is missing",
        "required field 'title' is missing",
    ]
    assert all(where(d) == (PATH, 2, 1) for d in missing)


def test_list_as_title_is_a_wrong_type():
    _, diagnostics = check(claim("x-entry", title="[a, b]"))
    error = one(diagnostics, "wrong-type")
    assert where(error) == (PATH, 4, 8)
    assert "'title' must be text, not a list" in error.message


def test_single_tag_without_brackets_is_a_wrong_type_suggesting_a_list():
    _, diagnostics = check(claim("x-entry", tags="interpretability"))
    error = one(diagnostics, "wrong-type")
    assert where(error) == (PATH, 6, 7)
    assert "tags: [a, b]" in error.message


def test_source_that_is_a_plain_key_is_a_wrong_type():
    _, diagnostics = check(claim("x-entry", sources="[doe2021widgets]"))
    assert "sources[0] must be a mapping" in one(diagnostics, "wrong-type").message


def test_title_over_160_characters_is_too_long():
    _, diagnostics = check(claim("x-entry", title="a" * 161))
    error = one(diagnostics, "too-long")
    assert where(error) == (PATH, 4, 8)
    assert "161 characters; the limit is 160" in error.message


def test_title_of_exactly_160_characters_is_accepted():
    _, diagnostics = check(claim("x-entry", title="a" * 160))
    assert diagnostics == []


def test_summary_over_600_characters_is_too_long():
    _, diagnostics = check(claim("x-entry", summary="word " * 130))
    assert where(one(diagnostics, "too-long")) == (PATH, 5, 10)


def test_empty_title_is_an_error():
    _, diagnostics = check(claim("x-entry", title='""'))
    assert where(one(diagnostics, "empty-value")) == (PATH, 4, 8)


def test_id_with_capitals_and_underscore_is_a_bad_id_with_a_suggestion():
    _, diagnostics = check(
        front(id="SAE_steering", type="claim", title="T", summary="S"), "claims/SAE_steering.md"
    )
    error = one(diagnostics, "bad-id")
    assert where(error) == ("content/claims/SAE_steering.md", 2, 5)
    assert "'sae-steering'" in error.message


def test_id_of_two_characters_is_too_short():
    _, diagnostics = check(front(id="ab", type="claim", title="T", summary="S"), "claims/ab.md")
    assert "3 to 80" in one(diagnostics, "bad-id").message


def test_id_of_81_characters_is_too_long_and_80_is_fine():
    long_id = "a" * 81
    _, diagnostics = check(
        front(id=long_id, type="claim", title="T", summary="S"), f"claims/{long_id}.md"
    )
    one(diagnostics, "bad-id")
    ok_id = "a" * 80
    _, diagnostics = check(
        front(id=ok_id, type="claim", title="T", summary="S"), f"claims/{ok_id}.md"
    )
    assert diagnostics == []


def test_bad_id_in_a_relation_is_reported_at_the_list_item():
    _, diagnostics = check(claim("x-entry", supports="[good-id, Bad Id]"))
    assert where(one(diagnostics, "bad-id")) == (PATH, 6, 21)


def test_tag_with_spaces_is_a_bad_tag_with_a_suggestion():
    _, diagnostics = check(claim("x-entry", tags="[ok, Sparse Autoencoders]"))
    error = one(diagnostics, "bad-tag")
    assert where(error) == (PATH, 6, 12)
    assert "'sparse-autoencoders'" in error.message


def test_id_differing_from_file_name_is_reported_at_the_id():
    _, diagnostics = check(claim("other-name"))
    error = one(diagnostics, "id-mismatch")
    assert where(error) == (PATH, 2, 5)
    assert "'x-entry.md'" in error.message


def test_question_under_claims_is_a_type_folder_error_at_the_type():
    _, diagnostics = check(claim("x-entry", type="question"))
    error = one(diagnostics, "type-folder")
    assert where(error) == (PATH, 3, 7)
    assert "content/questions/" in error.message


def test_claim_under_questions_is_a_type_folder_error():
    _, diagnostics = check(claim("x-entry"), "questions/x-entry.md")
    one(diagnostics, "type-folder")


def test_misspelt_type_is_a_bad_value_with_a_suggestion():
    _, diagnostics = check(claim("x-entry", type="clam"))
    error = one(diagnostics, "bad-value")
    assert where(error) == (PATH, 3, 7)
    assert "did you mean 'claim'?" in error.message


def test_unknown_source_relation_is_a_bad_value_at_its_column():
    text = claim("x-entry", sources="\n  - key: doe2021widgets\n    relation: agrees")
    entry, diagnostics = check(text)
    error = one(diagnostics, "bad-value")
    assert where(error) == (PATH, 8, 15)
    assert "supports, disputes, background" in error.message
    assert entry.sources[0].relation == "background"


def test_counterargument_without_opposes_is_an_error():
    _, diagnostics = check(claim("x-entry", type="counterargument"))
    assert "needs 'opposes'" in one(diagnostics, "missing-field").message


def test_counterargument_with_empty_opposes_is_an_error_at_the_list():
    _, diagnostics = check(claim("x-entry", type="counterargument", opposes="[]"))
    assert where(one(diagnostics, "missing-field")) == (PATH, 6, 10)


def test_counterargument_with_opposes_is_valid():
    entry, diagnostics = check(claim("x-entry", type="counterargument", opposes="[other-entry]"))
    assert diagnostics == []
    assert entry.opposes == ("other-entry",)


def test_withdrawn_without_superseded_by_is_an_error_at_the_status():
    _, diagnostics = check(claim("x-entry", status="withdrawn"))
    assert where(one(diagnostics, "withdrawn-without-replacement")) == (PATH, 6, 9)


def test_withdrawn_with_superseded_by_is_valid():
    entry, diagnostics = check(claim("x-entry", status="withdrawn", superseded_by="new-entry"))
    assert diagnostics == []
    assert entry.withdrawn and entry.superseded_by == "new-entry"


def test_superseded_by_on_an_active_entry_is_an_error():
    _, diagnostics = check(claim("x-entry", superseded_by="new-entry"))
    one(diagnostics, "withdrawn-without-replacement")


def test_unknown_status_is_a_bad_value():
    _, diagnostics = check(claim("x-entry", status="retired"))
    one(diagnostics, "bad-value")


def test_every_problem_in_a_file_is_reported_at_once():
    text = front(id="Bad Id", type="clam", title="[x]", tags="T T", oposes="[a-b]")
    _, diagnostics = check(text)
    assert {"bad-id", "bad-value", "wrong-type", "unknown-field", "missing-field"} <= codes(
        diagnostics
    )
    assert len(errors(diagnostics)) >= 5


def test_citations_and_links_in_the_body_are_found_at_their_file_lines():
    body = "Intro.\nSee [@doe2021widgets] and [[y-entry]]."
    entry, diagnostics = check(claim("x-entry", body=body))
    assert diagnostics == []
    # the file has 5 front-matter lines after the opening `---`, so the body starts on line 7
    assert entry.body_line == 7
    assert entry.citations[0].items[0].position.line == 8
    assert (entry.links[0].target, entry.links[0].position.line) == ("y-entry", 8)
