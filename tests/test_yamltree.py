"""YAML front matter: every problem points at the line and column of the offending text."""

from __future__ import annotations

import yaml
from helpers_engine import one, where
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.load import yamltree

PATH = "content/claims/x-entry.md"


def parse(text: str, line_offset: int = 1):
    return yamltree.parse(text, PATH, line_offset)


def value_of(node: yamltree.Node, name: str) -> yamltree.Node:
    return next(value for key, value in node.value if key.text == name)


def test_syntax_error_points_at_the_offending_colon_in_the_file():
    root, diagnostics = parse("id: x-entry\ntitle: a: b")
    assert root is None
    error = one(diagnostics, "yaml-syntax")
    # line 1 of the file is the opening `---`, so the front matter's line 2 is the file's line 3
    assert where(error) == (PATH, 3, 9)
    assert error.is_error
    assert error.message.startswith("invalid YAML:")


def test_unclosed_flow_list_is_a_syntax_error_with_a_line():
    root, diagnostics = parse("id: x-entry\ntags: [a, b\ntitle: T")
    assert root is None
    error = one(diagnostics, "yaml-syntax")
    assert error.position.line >= 3


def test_tab_indentation_reports_line_and_column_of_the_tab():
    root, diagnostics = parse("id: x-entry\ntags:\n  \t- a")
    assert root is None
    assert where(one(diagnostics, "yaml-tab")) == (PATH, 4, 3)


def test_tab_inside_a_value_is_not_indentation():
    root, diagnostics = parse("id: x-entry\ntitle: a\tb")
    assert diagnostics == []
    assert value_of(root, "title").text == "a\tb"


def test_duplicate_key_reports_second_occurrence_line():
    root, diagnostics = parse("id: x-entry\ntitle: A\nsummary: S\ntitle: B")
    error = one(diagnostics, "yaml-duplicate-key")
    assert where(error) == (PATH, 5, 1)
    assert "'title'" in error.message
    assert "first on line 3" in error.message


def test_duplicate_key_keeps_the_first_value_so_nothing_is_silently_replaced():
    root, _ = parse("title: A\ntitle: B")
    assert [key.text for key, _ in root.value] == ["title"]
    assert value_of(root, "title").text == "A"


def test_duplicate_key_inside_a_source_is_reported_at_its_line():
    text = "sources:\n  - key: a\n    locator: p. 1\n    key: b"
    _, diagnostics = parse(text)
    assert where(one(diagnostics, "yaml-duplicate-key")) == (PATH, 5, 5)


def test_anchor_and_alias_are_both_reported_where_they_stand():
    root, diagnostics = parse("id: x-entry\nsupports: &s [abc]\nopposes: *s")
    assert root is None
    anchor, alias = sorted(diagnostics, key=lambda d: d.position)
    assert (anchor.code, where(anchor)) == ("yaml-alias", (PATH, 3, 11))
    assert "&s" in anchor.message
    assert (alias.code, where(alias)) == ("yaml-alias", (PATH, 4, 10))
    assert "*s" in alias.message


def test_ampersand_and_asterisk_in_text_are_not_anchors():
    root, diagnostics = parse("title: R&D on *bold* claims")
    assert diagnostics == []
    assert value_of(root, "title").text == "R&D on *bold* claims"


def test_values_remember_their_line_and_column():
    root, diagnostics = parse("id: x-entry\ntags:\n  - alpha\n  - beta", line_offset=1)
    assert diagnostics == []
    tags = value_of(root, "tags")
    assert tags.kind == "seq"
    assert [(t.text, t.position.line, t.position.col) for t in tags.value] == [
        ("alpha", 4, 5),
        ("beta", 5, 5),
    ]


def test_unquoted_no_is_a_boolean_and_quoted_no_is_text():
    root, _ = parse("a: no\nb: \"no\"\nc: 123\nd: '123'")
    a, b, c, d = (value_of(root, name) for name in "abcd")
    assert (a.tag, a.plain) == ("bool", True)
    assert (b.tag, b.plain) == ("str", False)
    assert c.tag == "int"
    assert d.tag == "str"


def test_empty_front_matter_gives_no_tree_and_no_problem():
    assert parse("") == (None, [])


def test_deeply_nested_value_is_refused():
    text = "tags: " + "[" * 20 + "]" * 20
    _, diagnostics = parse(text)
    assert "nested too deeply" in one(diagnostics, "wrong-type").message


SCALARS = st.text(alphabet="yesNOTruFal0123456789.+-_:x~<=eE nul", max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(SCALARS, min_size=1, max_size=5))
def test_types_are_resolved_as_pyyaml_resolves_them(values):
    text = (
        "\n".join(f"k{i}: {value}" for i, value in enumerate(values))
        + "\nl: ["
        + ", ".join(v for v in values if v.strip() and "," not in v)
        + "]\n"
    )
    try:
        expected = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return  # not YAML at all: nothing to compare
    node, _ = yamltree.parse(text, "x.md", 0)

    def tags(ours, theirs):
        if ours.kind == "scalar":
            assert ours.tag == theirs.tag.rsplit(":", 1)[-1], (ours.value, theirs.tag)
            return
        pairs = zip(ours.value, theirs.value, strict=True)
        for mine, other in pairs:
            if ours.kind == "map":
                tags(mine[0], other[0])
                tags(mine[1], other[1])
            else:
                tags(mine, other)

    tags(node, expected)
