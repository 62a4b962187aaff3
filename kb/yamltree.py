"""YAML front matter parsed by libyaml into a tree that remembers where every value stands.

PyYAML's constructors forget positions, keep the last of two duplicate keys silently and
expand aliases; this module composes libyaml's node tree instead, refuses anchors and
aliases before composing, and reports each problem as a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from kb.diagnostics import Diagnostic, Position
from kb.rules import report

MAX_DEPTH = 16


@dataclass(frozen=True)
class Node:
    """A YAML value: `kind` is scalar, seq or map; `tag` is YAML 1.1's resolved type."""

    kind: str
    tag: str
    value: object  # scalar: str; seq: tuple[Node, ...]; map: tuple[tuple[Node, Node], ...]
    position: Position
    plain: bool = False  # an unquoted scalar, the only kind YAML 1.1 retypes

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
    return _convert(root, at, diagnostics, 0), diagnostics


def _convert(node: yaml.Node, at, diagnostics: list[Diagnostic], depth: int) -> Node:
    position = at(node.start_mark.line, node.start_mark.column)
    tag = node.tag.rsplit(":", 1)[-1]
    if depth > MAX_DEPTH:
        diagnostics.append(report("wrong-type", position, "value is nested too deeply"))
        return Node("scalar", "null", "", position)
    if isinstance(node, yaml.ScalarNode):
        # libyaml gives plain scalars the style "", not None
        return Node("scalar", tag, node.value, position, plain=not node.style)
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(item, at, diagnostics, depth + 1) for item in node.value)
        return Node("seq", "seq", items, position)
    pairs: list[tuple[Node, Node]] = []
    seen: dict[str, Position] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, at, diagnostics, depth + 1)
        if key.kind == "scalar":
            first = seen.get(key.text)
            if first is not None:
                diagnostics.append(
                    report(
                        "yaml-duplicate-key",
                        key.position,
                        f"'{key.text}' is given twice (first on line {first.line}); keep one",
                    )
                )
                continue
            seen[key.text] = key.position
        pairs.append((key, _convert(value_node, at, diagnostics, depth + 1)))
    return Node("map", "map", tuple(pairs), position)


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
