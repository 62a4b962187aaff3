"""Citations and cross-links in entry bodies, found with their line and column in the file."""

from __future__ import annotations

from kb.render.markup import scan_body

PATH = "content/claims/x-entry.md"


def scan(body: str, first_line: int = 10):
    return scan_body(body, PATH, first_line)


def cited(body: str) -> list[tuple[str, str | None, int, int]]:
    citations, _ = scan(body)
    return [
        (item.key, item.locator, item.position.line, item.position.col)
        for citation in citations
        for item in citation.items
    ]


def linked(body: str) -> list[tuple[str, str | None, int, int]]:
    _, links = scan(body)
    return [(link.target, link.label, link.position.line, link.position.col) for link in links]


def test_single_citation_is_found_at_the_column_of_its_key():
    citations, _ = scan("As shown [@meng2022locating].")
    (citation,) = citations
    assert (citation.position.line, citation.position.col) == (10, 10)
    assert cited("As shown [@meng2022locating].") == [("meng2022locating", None, 10, 11)]


def test_citation_with_locator_keeps_the_locator():
    assert cited("See [@key, p. 4].") == [("key", "p. 4", 10, 6)]


def test_citation_of_two_works_gives_each_its_column():
    citations, _ = scan("Both [@a; @b, ch. 2] agree.")
    assert len(citations) == 1
    assert cited("Both [@a; @b, ch. 2] agree.") == [("a", None, 10, 7), ("b", "ch. 2", 10, 11)]


def test_citations_on_later_lines_count_from_the_body_start():
    assert cited("One.\n\nThree [@k].") == [("k", None, 12, 8)]


def test_cross_link_and_labelled_cross_link():
    body = "See [[target-id]] and [[other-id|the objection]]."
    assert linked(body) == [("target-id", None, 10, 5), ("other-id", "the objection", 10, 23)]


def test_citation_in_a_code_span_is_ignored_but_columns_after_it_are_kept():
    body = "Code `[@incode] [[in-code]]` then [@real]."
    assert cited(body) == [("real", None, 10, 36)]
    assert linked(body) == []


def test_citation_in_fenced_code_is_ignored():
    body = "```\n[@fenced] [[fenced-link]]\n```\n~~~\n[@tilde]\n~~~\nAfter [@after]."
    assert cited(body) == [("after", None, 16, 8)]
    assert linked(body) == []


def test_fence_is_not_closed_by_a_line_with_an_info_string():
    body = "```python\nx = 1\n```text\n[@still-code]\n```\nAfter [@after]."
    assert [key for key, *_ in cited(body)] == ["after"]


def test_longer_fence_is_not_closed_by_a_shorter_one():
    body = "````\n```\n[@still-code]\n````\n[@after]"
    assert [key for key, *_ in cited(body)] == ["after"]


def test_markdown_link_with_at_sign_text_is_not_a_citation():
    assert cited("[@someone](https://example.org/someone)") == []


def test_bracketed_email_or_prose_is_not_a_citation():
    assert cited("Write to [someone@example.org] or [see @x there].") == []


def test_escaped_bracket_is_not_a_citation_or_link():
    body = r"Literal \[@not-a-cite] and \[[not-a-link]] but [@real]."
    assert [key for key, *_ in cited(body)] == ["real"]
    assert linked(body) == []


def test_trailing_punctuation_is_not_part_of_the_key():
    assert [key for key, *_ in cited("[@key.]")] == ["key"]


def test_body_without_brackets_has_nothing():
    assert scan("Plain text only.") == ((), ())


def test_markup_wrapped_onto_the_next_line_is_found_where_each_part_stands():
    body = "As argued [@a, p.\n  4; @b] and in [[target-id|the\nobjection]]."
    assert cited(body) == [("a", "p. 4", 10, 12), ("b", None, 11, 6)]
    assert linked(body) == [("target-id", "the objection", 11, 17)]


def test_markup_does_not_run_across_a_blank_line():
    assert cited("Open [@a, p. 4\n\nclosed later]. Then [@b].") == [("b", None, 12, 22)]
    assert linked("Open [[target-id\n\n]] here.") == []


def test_a_code_span_wrapped_onto_the_next_line_is_still_code():
    body = "Code `[@incode\n[[in-code]]` then [@real]."
    assert cited(body) == [("real", None, 11, 20)]
    assert linked(body) == []


def test_text_between_fences_keeps_its_line_numbers():
    body = "Before [@a].\n```\n[@incode]\n```\nAfter\n[@b]."
    assert cited(body) == [("a", None, 10, 9), ("b", None, 15, 2)]


def test_backtick_runs_that_never_close_are_read_quickly():
    # A hostile body of backticks: a pattern that backtracks over it would take minutes.
    body = "`a" + "``" * 50_000 + " [@real] " + "``x" * 50_000
    assert cited(body) == [("real", None, 10, 100_005)]


def test_a_code_span_closes_only_at_a_run_of_its_own_length():
    assert cited("``[@a]`[@b]`` [@c]") == [("c", None, 10, 16)]
    assert cited("`[@a]`` [@b]") == [("a", None, 10, 3), ("b", None, 10, 10)]
