"""YAML front matter parsed by libyaml into a tree that remembers where every value stands.

PyYAML's constructors forget positions, keep the last of two duplicate keys silently and
expand aliases; this module composes libyaml's node tree instead, refuses anchors and
aliases before composing, and reports each problem as a diagnostic.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position

MAX_DEPTH = 16


class Node(NamedTuple):
    """A YAML value: `kind` is scalar, seq or map; `tag` is YAML 1.1's resolved type.

    A tuple rather than a dataclass: a front matter has dozens of nodes and a knowledge base
    thousands of files, so building them must be cheap; the position is made on demand.
    """

    kind: str
    tag: str
    value: object  # scalar: str; seq: tuple[Node, ...]; map: tuple[tuple[Node, Node], ...]
    path: str
    line: int  # 1-based, in the file
    col: int
    plain: bool = False  # an unquoted scalar, the only kind YAML 1.1 retypes

    @property
    def position(self) -> Position:
        return Position(self.path, self.line, self.col)

    @property
    def text(self) -> str:
        return self.value if self.kind == "scalar" else ""  # type: ignore[return-value]


class _Loader(yaml.CSafeLoader):
    """libyaml's composer with YAML 1.1's implicit types resolved by a shorter route.

    PyYAML's resolver also walks path resolvers that safe loading never has; it runs once per
    scalar, hundreds of thousands of times in a large knowledge base. This route saves 7% of
    `kb check`'s CPU time at 10,000 entries (4% at 3,000; in a full build, whose time is
    mostly MkDocs, under 1%), measured with `make bench`'s corpus on 2026-11-30."""

    _by_first_character = {
        first: tuple(resolvers)
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def resolve(self, kind, value, implicit):  # type: ignore[override]
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._by_first_character.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):  # type: ignore[override]
        pass

    def ascend_resolver(self):  # type: ignore[override]
        pass


def parse(text: str, path: str, line_offset: int) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document; positions are shifted by `line_offset` lines into the file."""
    line_map = _line_map(text)

    def at(line0: int, col0: int) -> Position:
        line, col = _locate(line_map, line0, col0)
        return Position(path, line + 1 + line_offset, col + 1)

    problems = _tabs(text, at) or _event_problems(text, at)
    if problems:
        return None, problems
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket is reported where libyaml gave up; point at the bracket instead.
        opening = exc.context and "flow" in exc.context
        mark = (exc.context_mark if opening else exc.problem_mark) or exc.context_mark
        where = at(mark.line, mark.column) if mark else at(0, 0)
        return None, [report("yaml-syntax", where, _yaml_message(exc))]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [report("yaml-syntax", at(0, 0), f"invalid YAML: {type(exc).__name__}")]
    finally:
        loader.dispose()
    if root is None:
        return None, []
    diagnostics: list[Diagnostic] = []
    return _convert(root, path, line_offset + 1, line_map, diagnostics, 0), diagnostics


# libyaml also breaks lines at these; the file's lines (and editors' line numbers) do not.
_EXTRA_BREAKS = ("\u2028", "\u2029", "\x85")


def _line_map(text: str) -> list[tuple[int, int]] | None:
    """For each line as libyaml counts them, the file line (0-based) and the column it starts at.

    None, the usual case, when the two counts agree."""
    if not any(b in text for b in _EXTRA_BREAKS):
        return None
    mapping: list[tuple[int, int]] = []
    for number, line in enumerate(text.split("\n")):
        mapping.append((number, 0))
        mapping.extend((number, i + 1) for i, char in enumerate(line) if char in _EXTRA_BREAKS)
    return mapping


def _locate(line_map: list[tuple[int, int]] | None, line0: int, col0: int) -> tuple[int, int]:
    if line_map is None or line0 >= len(line_map):
        return line0, col0
    line, offset = line_map[line0]
    return line, col0 + offset


_new_node = tuple.__new__  # builds a Node without NamedTuple's slower keyword handling
_SHORT_TAGS = {
    f"tag:yaml.org,2002:{t}": t
    for t in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "timestamp",
        "seq",
        "map",
        "value",
        "merge",
        "binary",
        "set",
        "omap",
        "pairs",
    )
}


def _convert(
    node: yaml.Node,
    path: str,
    first_line: int,
    line_map: list[tuple[int, int]] | None,
    diagnostics: list[Diagnostic],
    depth: int,
) -> Node:
    mark = node.start_mark
    if line_map is None:
        line, col = mark.line + first_line, mark.column + 1
    else:
        line, col = _locate(line_map, mark.line, mark.column)
        line, col = line + first_line, col + 1
    if depth > MAX_DEPTH:
        diagnostics.append(
            report("wrong-type", Position(path, line, col), "value is nested too deeply")
        )
        return Node("scalar", "null", "", path, line, col)
    kind = type(node)
    if kind is yaml.ScalarNode:
        tag = _SHORT_TAGS.get(node.tag) or node.tag.rsplit(":", 1)[-1]
        # libyaml gives plain scalars the style "", not None
        return _new_node(Node, ("scalar", tag, node.value, path, line, col, not node.style))
    depth += 1
    if kind is yaml.SequenceNode:
        items = tuple(
            [_convert(item, path, first_line, line_map, diagnostics, depth) for item in node.value]
        )
        return _new_node(Node, ("seq", "seq", items, path, line, col, False))
    pairs: list[tuple[Node, Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, first_line, line_map, diagnostics, depth)
        if key.kind == "scalar":
            first = seen.get(key.value)  # type: ignore[arg-type]
            if first is not None:
                diagnostics.append(
                    report(
                        "yaml-duplicate-key",
                        key.position,
                        f"'{key.text}' is given twice (first on line {first}); keep one",
                    )
                )
                continue
            seen[key.value] = key.line  # type: ignore[index]
        value = _convert(value_node, path, first_line, line_map, diagnostics, depth)
        pairs.append((key, value))
    return _new_node(Node, ("map", "map", tuple(pairs), path, line, col, False))


def _tabs(text: str, at) -> list[Diagnostic]:
    problems = []
    for number, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            col = line.index("\t")
            problems.append(
                report("yaml-tab", at(number, col), "tab used for indentation; use spaces")
            )
    return problems


def _event_problems(text: str, at) -> list[Diagnostic]:
    """Anchors, aliases and excessive nesting, found in libyaml's event stream.

    The stream is read without recursion; composing a tree recurses once per level in C, so
    a document nested thousands deep must be refused before it is composed."""
    may_nest = text.count("[") + text.count("{") > MAX_DEPTH
    if not may_nest and "&" not in text and "*" not in text:
        return []
    problems = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    report(
                        "yaml-alias",
                        at(mark.line, mark.column),
                        f"alias '*{event.anchor}' is not allowed; write the value out",
                    )
                )
            elif getattr(event, "anchor", None):
                problems.append(
                    report(
                        "yaml-alias",
                        at(mark.line, mark.column),
                        f"anchor '&{event.anchor}' is not allowed; write the value out",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    problems.append(
                        report(
                            "wrong-type", at(mark.line, mark.column), "value is nested too deeply"
                        )
                    )
                    return problems
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return problems  # the syntax error is reported by the composing pass
    return problems


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return f"invalid YAML: {message}"
