"""YAML front matter parsed by libyaml into a tree that remembers where every value stands.

PyYAML's constructors forget positions, keep the last of two duplicate keys silently and
expand aliases, and its composer recurses once per level of nesting; this module builds its
own tree from libyaml's event stream instead, without recursion, refuses anchors, aliases and
nesting deeper than `MAX_DEPTH` as they stream past, and reports each problem as a
diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import yaml
from yaml.cyaml import CParser

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


def _short(tag: str) -> str:
    return _SHORT_TAGS.get(tag) or tag.rsplit(":", 1)[-1]


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
# YAML 1.1's implicit types of a plain scalar, by its first character, as short names: safe
# loading's resolvers without the path resolvers it never has, looked up where the event
# stream is read. A scalar is resolved hundreds of thousands of times in a large knowledge
# base: the trees of 10,000 front matters take 0.47 s so, and 0.55 s with libyaml's parser
# inside a PyYAML loader and a resolver method (medians of 7, `make bench`'s corpus,
# 2026-11-30).
_IMPLICIT = {
    first: tuple((_short(tag), pattern) for tag, pattern in resolvers)
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str, path: str, line_offset: int) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document; positions are shifted by `line_offset` lines into the file."""
    line_map = _line_map(text)

    def at(line0: int, col0: int) -> Position:
        line, col = _locate(line_map, line0, col0)
        return Position(path, line + 1 + line_offset, col + 1)

    problems = _tabs(text, at)
    if problems:
        return None, problems
    loader = CParser(text)  # libyaml's event stream, without PyYAML's constructor and resolver
    try:
        return _build(loader, path, line_offset + 1, line_map, at)
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket is reported where libyaml gave up; point at the bracket instead.
        opening = exc.context and "flow" in exc.context
        mark = (exc.context_mark if opening else exc.problem_mark) or exc.context_mark
        where = at(mark.line, mark.column) if mark else at(0, 0)
        return None, [report("yaml-syntax", where, _yaml_message(exc))]
    except yaml.YAMLError as exc:
        return None, [report("yaml-syntax", at(0, 0), f"invalid YAML: {type(exc).__name__}")]
    finally:
        loader.dispose()


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


def _build(
    loader: CParser,
    path: str,
    first_line: int,
    line_map: list[tuple[int, int]] | None,
    at: Callable[[int, int], Position],
) -> tuple[Node | None, list[Diagnostic]]:
    """The document's tree, built from libyaml's event stream with a stack of open collections.

    PyYAML's composer recurses once per level of nesting in C, so a document nested 100,000
    deep (`- - - ...` in block style as well as `[[[...` in flow style) overflowed the stack
    and killed the process. Here nothing recurses: an explicit stack holds the open
    collections, the nesting is refused at `MAX_DEPTH` whatever the style, and anchors and
    aliases are refused as they stream past, before anything could be expanded."""
    get = loader.get_event
    get()  # StreamStartEvent
    if type(get()) is yaml.StreamEndEvent:
        return None, []
    problems: list[Diagnostic] = []
    # Each open collection: its kind, its items (keys and values alternating), line, column.
    stack: list[tuple[str, list[Node], int, int]] = []
    root: Node | None = None
    while root is None:
        event = get()
        kind = type(event)
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            collection, items, line, col = stack.pop()
            if collection == "seq":
                node = _new_node(Node, ("seq", "seq", tuple(items), path, line, col, False))
            else:
                node = _new_node(
                    Node, ("map", "map", _pairs(items, problems), path, line, col, False)
                )
        else:
            mark = event.start_mark
            if line_map is None:
                line, col = mark.line + first_line, mark.column + 1
            else:
                line, col = _locate(line_map, mark.line, mark.column)
                line, col = line + first_line, col + 1
            if kind is yaml.AliasEvent:
                problems.append(
                    report(
                        "yaml-alias",
                        Position(path, line, col),
                        f"alias '*{event.anchor}' is not allowed; write the value out",
                    )
                )
                node = _new_node(Node, ("scalar", "null", "", path, line, col, False))
            else:
                if event.anchor:
                    problems.append(
                        report(
                            "yaml-alias",
                            Position(path, line, col),
                            f"anchor '&{event.anchor}' is not allowed; write the value out",
                        )
                    )
                if kind is yaml.ScalarEvent:
                    tag, value = event.tag, event.value
                    if tag is None or tag == "!":
                        tag = "str"
                        if event.implicit[0]:
                            for short, pattern in _IMPLICIT.get(value[:1], ()):
                                if pattern.match(value):
                                    tag = short
                                    break
                    else:
                        tag = _short(tag)
                    # libyaml gives plain scalars the style "", not None
                    node = _new_node(Node, ("scalar", tag, value, path, line, col, not event.style))
                else:  # a collection opens
                    if len(stack) > MAX_DEPTH:
                        problems.append(
                            report(
                                "wrong-type",
                                Position(path, line, col),
                                f"value is nested too deeply (more than {MAX_DEPTH} levels)",
                            )
                        )
                        return None, problems
                    collection = "seq" if kind is yaml.SequenceStartEvent else "map"
                    stack.append((collection, [], line, col))
                    continue
        if stack:
            stack[-1][1].append(node)
        else:
            root = node
    get()  # DocumentEndEvent
    following = get()
    if type(following) is not yaml.StreamEndEvent:
        mark = following.start_mark
        problems.append(
            report(
                "yaml-syntax",
                at(mark.line, mark.column),
                "invalid YAML: expected a single document in the stream; "
                "but found another document",
            )
        )
    return (None if problems and _fatal(problems) else root), problems


def _fatal(problems: list[Diagnostic]) -> bool:
    """Anchors, aliases and a second document make the front matter unreadable."""
    return any(p.code in ("yaml-alias", "yaml-syntax") for p in problems)


def _pairs(items: list[Node], problems: list[Diagnostic]) -> tuple[tuple[Node, Node], ...]:
    """A mapping's keys and values, pairwise; the second of two equal keys is reported and
    dropped."""
    pairs: list[tuple[Node, Node]] = []
    seen: dict[str, int] = {}
    for index in range(0, len(items), 2):
        key, value = items[index], items[index + 1]
        if key.kind == "scalar":
            first = seen.get(key.value)  # type: ignore[arg-type]
            if first is not None:
                problems.append(
                    report(
                        "yaml-duplicate-key",
                        key.position,
                        f"'{key.text}' is given twice (first on line {first}); keep one",
                    )
                )
                continue
            seen[key.value] = key.line  # type: ignore[index]
        pairs.append((key, value))
    return tuple(pairs)


def _tabs(text: str, at) -> list[Diagnostic]:
    # The usual case, no tab at all, needs no look at each line: 0.035 s of CPU time, 1% of
    # `kb check`, at 10,000 entries (best of 5 runs each, 2026-11-30).
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            col = line.index("\t")
            problems.append(
                report("yaml-tab", at(number, col), "tab used for indentation; use spaces")
            )
    return problems


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return f"invalid YAML: {message}"
