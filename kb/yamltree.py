"""YAML front matter parsed by libyaml into a tree that remembers where every value stands.

PyYAML's constructors forget positions, keep the last of two duplicate keys silently and
expand aliases; this module composes libyaml's node tree instead, refuses anchors and
aliases before composing, and reports each problem as a diagnostic.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from kb.diagnostics import Diagnostic, Position
from kb.rules import report

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


def parse(text: str, path: str, line_offset: int) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document; positions are shifted by `line_offset` lines into the file."""

    def at(line0: int, col0: int) -> Position:
        return Position(path, line0 + 1 + line_offset, col0 + 1)

    problems = _tabs(text, at) or _anchors(text, at)
    if problems:
        return None, problems
    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark.line, mark.column) if mark else at(0, 0)
        return None, [report("yaml-syntax", where, _yaml_message(exc))]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [report("yaml-syntax", at(0, 0), f"invalid YAML: {type(exc).__name__}")]
    finally:
        loader.dispose()
    if root is None:
        return None, []
    diagnostics: list[Diagnostic] = []
    return _convert(root, path, line_offset + 1, diagnostics, 0), diagnostics


def _convert(
    node: yaml.Node, path: str, first_line: int, diagnostics: list[Diagnostic], depth: int
) -> Node:
    mark = node.start_mark
    line, col = mark.line + first_line, mark.column + 1
    if depth > MAX_DEPTH:
        diagnostics.append(
            report("wrong-type", Position(path, line, col), "value is nested too deeply")
        )
        return Node("scalar", "null", "", path, line, col)
    tag = node.tag.rsplit(":", 1)[-1]
    if type(node) is yaml.ScalarNode:
        # libyaml gives plain scalars the style "", not None
        return Node("scalar", tag, node.value, path, line, col, not node.style)
    if type(node) is yaml.SequenceNode:
        items = tuple(_convert(i, path, first_line, diagnostics, depth + 1) for i in node.value)
        return Node("seq", "seq", items, path, line, col)
    pairs: list[tuple[Node, Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, first_line, diagnostics, depth + 1)
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
        pairs.append((key, _convert(value_node, path, first_line, diagnostics, depth + 1)))
    return Node("map", "map", tuple(pairs), path, line, col)


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


def _anchors(text: str, at) -> list[Diagnostic]:
    if "&" not in text and "*" not in text:
        return []
    problems = []
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
    except yaml.YAMLError:
        return problems  # the syntax error is reported by the composing pass
    return problems


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return f"invalid YAML: {message}"
