"""The graph: relations with their reverse edges, aliases, numbered references, cited_by."""

from __future__ import annotations

from helpers_engine import claim, question, run_kb, write_kb


def kb(tmp_path, files):
    result = run_kb(write_kb(tmp_path, files))
    return result.graph


def ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_reverse_edges_list_who_supports_opposes_and_answers(tmp_path):
    graph = kb(
        tmp_path,
        {
            "claims/base-claim.md": claim("base-claim", answers="[the-question]"),
            "claims/helper.md": claim("helper", supports="[base-claim]"),
            "claims/objection.md": claim(
                "objection", type="counterargument", opposes="[base-claim]"
            ),
            "questions/the-question.md": question("the-question"),
        },
    )
    assert ids(graph.sources_of("base-claim", "supports")) == ["helper"]
    assert ids(graph.sources_of("base-claim", "opposes")) == ["objection"]
    assert ids(graph.sources_of("the-question", "answers")) == ["base-claim"]
    assert ids(graph.targets("objection", "opposes")) == ["base-claim"]
    assert {(e.source, e.relation, e.target) for e in graph.edges} == {
        ("base-claim", "answers", "the-question"),
        ("helper", "supports", "base-claim"),
        ("objection", "opposes", "base-claim"),
    }


def test_alias_resolves_to_the_entry_and_relations_through_it_land_on_the_entry(tmp_path):
    graph = kb(
        tmp_path,
        {
            "claims/new-name.md": claim("new-name", aliases="[old-name]"),
            "claims/objection.md": claim("objection", type="counterargument", opposes="[old-name]"),
        },
    )
    assert graph.resolve("old-name").id == "new-name"
    assert graph.resolve("new-name").id == "new-name"
    assert graph.resolve("never-existed") is None
    assert ids(graph.sources_of("new-name", "opposes")) == ["objection"]


def test_unknown_targets_and_repeated_targets_make_no_edges(tmp_path):
    graph = kb(
        tmp_path,
        {
            "claims/a-claim.md": claim("a-claim"),
            "claims/helper.md": claim("helper", supports="[a-claim, a-claim, no-such-entry]"),
        },
    )
    assert [(e.source, e.target) for e in graph.edges] == [("helper", "a-claim")]


def test_references_number_body_citations_first_in_order_then_other_sources(tmp_path):
    bib = "".join(
        f"@misc{{{key}, title={{T {key}}}, author={{A, B}}, year={{2020}}}}\n"
        for key in ("first", "second", "third", "unused")
    )
    files = {
        "claims/x-entry.md": claim(
            "x-entry",
            sources="\n  - key: third\n    relation: supports\n    locator: sec. 2"
            "\n  - key: second\n    relation: disputes",
            body="Begin [@second, p. 4]. Then [@first; @second, p. 9] and again [@second, p. 4].",
        )
    }
    graph = run_kb(write_kb(tmp_path, files, bib=bib)).graph
    references = graph.references["x-entry"]
    assert [(r.number, r.work.key, r.relation, r.locators) for r in references] == [
        (1, "second", "disputes", ("p. 4", "p. 9")),
        (2, "first", "background", ()),
        (3, "third", "supports", ("sec. 2",)),
    ]


def test_citation_keys_match_works_regardless_of_case(tmp_path):
    bib = "@misc{Meng2022, title={T}, author={A, B}, year={2022}}\n"
    graph = run_kb(
        write_kb(tmp_path, {"claims/x-entry.md": claim("x-entry", body="[@meng2022]")}, bib=bib)
    ).graph
    assert [r.work.key for r in graph.references["x-entry"]] == ["Meng2022"]


def test_unknown_citation_keys_get_no_number(tmp_path):
    graph = kb(
        tmp_path,
        {"claims/x-entry.md": claim("x-entry", body="[@no-such-work] then [@doe2021widgets]")},
    )
    assert [(r.number, r.work.key) for r in graph.references["x-entry"]] == [(1, "doe2021widgets")]


def test_cited_by_groups_citing_entries_by_relation(tmp_path):
    graph = kb(
        tmp_path,
        {
            "claims/for-it.md": claim(
                "for-it", sources="\n  - key: doe2021widgets\n    relation: supports"
            ),
            "claims/against-it.md": claim(
                "against-it", sources="\n  - key: doe2021widgets\n    relation: disputes"
            ),
            "claims/mentions-it.md": claim("mentions-it", body="Compare [@doe2021widgets]."),
        },
    )
    assert graph.cited_by["doe2021widgets"] == {
        "supports": ["for-it"],
        "disputes": ["against-it"],
        "background": ["mentions-it"],
    }
    assert "roe2023gadgets" not in graph.cited_by


def test_by_type_lists_entries_sorted_by_title(tmp_path):
    graph = kb(
        tmp_path,
        {
            "claims/b-entry.md": claim("b-entry", title="beta"),
            "claims/a-entry.md": claim("a-entry", title="Alpha"),
            "claims/c-entry.md": claim("c-entry", type="counterargument", opposes="[a-entry]"),
        },
    )
    assert ids(graph.by_type("claim")) == ["a-entry", "b-entry"]
    assert ids(graph.by_type("counterargument")) == ["c-entry"]
