"""What the check reads from a body's one parse: citations, cross-links and anchors, each at its
line and column in the file, and nothing from code, which the same parse makes code."""

from __future__ import annotations

from kb.load.body import read_body
from kb.load.markdown import parser
from kb.render.body import BodyContext, make_markdown

PATH = "content/claims/x-entry.md"


def read(body: str, first_line: int = 10):
    return read_body(body, PATH, first_line)


def cited(body: str) -> list[tuple[str, str | None, int, int]]:
    facts, _ = read(body)
    return [
        (item.key, item.locator, item.position.line, item.position.col)
        for citation in facts.citations
        for item in citation.items
    ]


def linked(body: str) -> list[tuple[str, str | None, int, int]]:
    facts, _ = read(body)
    return [
        (link.target, link.label, link.position.line, link.position.col) for link in facts.links
    ]


def problems(body: str) -> list[tuple[str, int, int]]:
    _, found = read(body)
    return [(d.code, d.position.line, d.position.col) for d in found]


def test_single_citation_is_found_at_the_column_of_its_key():
    facts, _ = read("As shown [@meng2022locating].")
    (citation,) = facts.citations
    assert (citation.position.line, citation.position.col) == (10, 10)
    assert cited("As shown [@meng2022locating].") == [("meng2022locating", None, 10, 11)]


def test_citation_with_locator_keeps_the_locator():
    assert cited("See [@key, p. 4].") == [("key", "p. 4", 10, 6)]


def test_citation_of_two_works_gives_each_its_column():
    facts, _ = read("Both [@a; @b, chap. 2] agree.")
    assert len(facts.citations) == 1
    assert cited("Both [@a; @b, chap. 2] agree.") == [("a", None, 10, 7), ("b", "chap. 2", 10, 11)]


def test_citations_on_later_lines_count_from_the_body_start():
    assert cited("One.\n\nThree [@k].") == [("k", None, 12, 8)]


def test_cross_link_labelled_cross_link_and_anchor():
    body = "See [[target-id]], [[other-id|the objection]] and [[third-id#some-heading]]."
    assert linked(body) == [
        ("target-id", None, 10, 5),
        ("other-id", "the objection", 10, 20),
        ("third-id#some-heading", None, 10, 51),
    ]


def test_citation_in_a_code_span_is_ignored_but_columns_after_it_are_kept():
    body = "Code `[@incode] [[in-code]]` then [@real]."
    assert cited(body) == [("real", None, 10, 36)]
    assert linked(body) == []


def test_citation_in_fenced_code_is_ignored():
    body = "```\n[@fenced] [[fenced-link]]\n```\n~~~\n[@tilde]\n~~~\nAfter [@after]."
    assert cited(body) == [("after", None, 16, 8)]
    assert linked(body) == []


def test_citation_in_an_indented_code_block_is_code_for_the_check_as_for_the_page():
    body = "Text.\n\n    [[not-a-link]] [@not-a-citation]\n\nAfter [@after]."
    assert cited(body) == [("after", None, 14, 8)]
    assert linked(body) == []
    html = make_markdown().render(body, {"kb": BodyContext({}, lambda target: None)})
    assert "<pre><code>[[not-a-link]] [@not-a-citation]" in html


def test_fence_is_not_closed_by_a_line_with_an_info_string():
    body = "```python\nx = 1\n```text\n[@still-code]\n```\nAfter [@after]."
    assert [key for key, *_ in cited(body)] == ["after"]


def test_markdown_link_with_at_sign_text_is_a_link_not_a_citation():
    assert cited("[@someone](https://example.org/someone)") == []


def test_an_email_address_is_not_a_citation():
    assert cited("Write to [someone@example.org] or someone@example.org.") == []


def test_escaped_bracket_and_at_sign_are_text():
    body = r"Literal \[\@not-a-cite] and \[[not-a-link]] and \@nobody but [@real]."
    assert [key for key, *_ in cited(body)] == ["real"]
    assert linked(body) == []


def test_trailing_punctuation_is_not_part_of_the_key():
    assert [key for key, *_ in cited("[@key.]")] == ["key"]


def test_body_without_markup_has_nothing():
    facts, found = read("Plain text only.")
    assert (facts.citations, facts.links, found) == ((), (), [])


def test_markup_wrapped_onto_the_next_line_is_found_where_each_part_stands():
    body = "As argued [@a, p.\n  4; @b] and in [[target-id|the\nobjection]]."
    assert cited(body) == [("a", "p. 4", 10, 12), ("b", None, 11, 6)]
    assert linked(body) == [("target-id", "the objection", 11, 17)]


def test_markup_in_quotes_lists_and_footnotes_is_located_past_their_markers():
    body = "> quoted [@a]\n\n- item\n  [@b]\n\nText.[^1]\n\n[^1]: The note [@c]."
    assert cited(body) == [("a", None, 10, 11), ("b", None, 13, 4), ("c", None, 17, 17)]


def test_markup_does_not_run_across_a_blank_line():
    # Unclosed, the bracket is text; what follows `@` is then an in-text citation, as in Pandoc.
    assert cited("Open [@a, p. 4\n\nclosed later]. Then [@b].") == [
        ("a", None, 10, 7),
        ("b", None, 12, 22),
    ]
    assert problems("Open [[target-id\n\n]] here.") == [("unclosed-cross-link", 10, 6)]


def test_a_code_span_wrapped_onto_the_next_line_is_still_code():
    body = "Code `[@incode\n[[in-code]]` then [@real]."
    assert cited(body) == [("real", None, 11, 20)]
    assert linked(body) == []


def test_backtick_runs_that_never_close_are_read_quickly():
    # A hostile body of backticks: a scan that backtracks over it would take minutes.
    body = "`a" + "``" * 50_000 + " [@real] " + "``x" * 50_000
    assert cited(body) == [("real", None, 10, 100_005)]


def test_a_code_span_closes_only_at_a_run_of_its_own_length():
    assert cited("``[@a]`[@b]`` [@c]") == [("c", None, 10, 16)]
    assert cited("`[@a]`` [@b]") == [("a", None, 10, 3), ("b", None, 10, 10)]


def test_headings_get_stable_ids_that_never_take_a_page_section_id():
    facts, _ = read(
        "# Why it matters\n\n## References\n\n## Why it matters\n\n## Ref 1\n\n## Δ risk"
    )
    assert facts.anchors == (
        "why-it-matters",
        "references-1",
        "why-it-matters-1",
        "ref-1-1",
        "δ-risk",
    )


def test_many_unclosed_brackets_are_one_problem_each_paragraph_and_read_quickly():
    assert problems("[[" * 100_000) == [("unclosed-cross-link", 10, 1)]
    assert problems("[" * 100_001 + "@a") == [("unclosed-cross-link", 10, 1)]


def test_the_check_and_the_page_parse_a_body_into_the_same_tokens():
    body = (
        "# Title\n\n[see @a, p. 4; -@b] @c [p. 2] [[x-y#title|t]] $p$ [^1] `c`\n\n"
        "> [!NOTE]\n> n\n\n!!! tip\n    t\n\n- [x] d\n\n$$x$$\n\n[^1]: f [@d]\n"
    )
    checked = parser().parse(body, {})
    rendered = make_markdown().parse(body, {})
    assert [t.as_dict() for t in checked] == [t.as_dict() for t in rendered]


def test_many_headings_with_the_same_words_get_distinct_ids():
    facts, _ = read("# h\n" * 20_000 + "# h-1\n")
    assert len(set(facts.anchors)) == 20_001
    assert facts.anchors[:3] == ("h", "h-1", "h-2") and facts.anchors[-1] == "h-1-1"


def test_a_footnote_nobody_refers_to_is_a_warning_where_it_is_defined():
    body = "Text.[^a]\n\n[^a]: Used.\n\n[^b]: Unused,\n    in two lines."
    assert problems(body) == [("unused-footnote", 14, 1)]


def test_an_inline_note_is_reported_not_shown_as_text():
    assert problems("Text.^[An inline note.] More.") == [("unknown-footnote", 10, 6)]
