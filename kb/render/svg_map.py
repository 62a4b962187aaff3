"""The map: an entry's neighbourhood (one hop each way, typed edges) laid out for inline SVG.

Drawn at build time so the site needs no script and no other host. Two layouts of the same
nodes are made — columns for wide screens, a stack for phones — and CSS shows one. This module
places the nodes and edges; the template `map.html` draws them, escaping every title.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from kb.model import TYPE_LABELS, Entry

MAX_PER_SIDE = 12
_MORE_RELATIONS = ("qualifies", "undercuts")
# Captions that `{relation} this` / `this {relation}` would misstate: an undercut attacks a
# step (an inference from a supporting entry to a supported one), not the entry drawn.
_CAPTIONS = {
    ("in", "undercuts"): "undercuts a step of this",
    ("out", "undercuts"): "this undercuts the step to",
}


class MapNode(NamedTuple):
    entry: Entry | None  # None for the "+N more" node
    caption: str
    relation: str  # supports | opposes | answers | qualifies | undercuts | center | more
    href: str | None
    status: str | None = None  # the entry's argument status, where it has one


class DrawnEdge(NamedTuple):
    """A line between two nodes and the arrowhead at its end; coordinates as SVG numbers.

    The drawn parts are named tuples: a site has a map per entry, with dozens of parts each."""

    is_edge = True  # what map.html tells parts apart by (a class attribute, not a field)
    relation: str
    x1: str
    y1: str
    x2: str
    y2: str
    points: str  # the arrowhead's polygon


class DrawnNode(NamedTuple):
    """A node, drawn in its own coordinates (`NODE_*` below) and moved to its place."""

    is_edge = False

    kind: str  # the entry's type, or "more"
    classes: str
    title: str
    caption: str
    href: str | None  # None for the centre
    transform: str  # where the node stands in the layout
    lines: tuple[tuple[int, str], ...]  # the title, wrapped: each line's baseline and text


class Layout(NamedTuple):
    css_class: str
    width: str
    height: str
    node_width: str
    parts: tuple[DrawnEdge | DrawnNode, ...]


class Drawing(NamedTuple):
    """What the map template (`map.html`) draws: two layouts of the same neighbourhood."""

    label: str
    wide: Layout
    narrow: Layout
    # The relations beyond supports, opposes and answers that the map draws, for its legend.
    more_relations: tuple[str, ...] = ()


def draw_map(
    center: Entry,
    incoming: list[tuple[str, Entry]],
    outgoing: list[tuple[str, Entry]],
    href: Callable[[Entry], str],
    listed_at: Callable[[str, str], str],
    status_of: Callable[[Entry], str | None] = lambda entry: None,
) -> Drawing:
    """The layout of the neighbourhood; `incoming` edges point at `center`, `outgoing` leave it.

    Beyond `MAX_PER_SIDE` a side ends in a "+N more" node linking to the page section that
    lists them all: `listed_at(direction, relation)` names it, direction "in" or "out".
    Each node's caption names its argument status where `status_of` gives one.
    """
    left = _side(
        incoming,
        href,
        lambda r: _CAPTIONS.get(("in", r), f"{r} this"),
        lambda r: listed_at("in", r),
        status_of,
    )
    right = _side(
        outgoing,
        href,
        lambda r: _CAPTIONS.get(("out", r), f"this {r}"),
        lambda r: listed_at("out", r),
        status_of,
    )
    middle = MapNode(
        center,
        _with_status(TYPE_LABELS.get(center.type, center.type), status_of(center)),
        "center",
        None,
        status_of(center),
    )
    return Drawing(
        f"Map of the entries linked to “{center.title}”",
        _wide(left, middle, right),
        _narrow(left, middle, right),
        tuple(
            r
            for r in _MORE_RELATIONS
            if any(relation == r for relation, _ in (*incoming, *outgoing))
        ),
    )


def _with_status(caption: str, status: str | None) -> str:
    return f"{caption} · {status}" if status else caption


def _side(edges: list[tuple[str, Entry]], href, caption, listed_at, status_of) -> list[MapNode]:
    nodes = [
        MapNode(
            entry,
            _with_status(caption(relation), status_of(entry)),
            relation,
            href(entry),
            status_of(entry),
        )
        for relation, entry in edges[:MAX_PER_SIDE]
    ]
    if len(edges) > MAX_PER_SIDE:
        first_hidden = edges[MAX_PER_SIDE][0]
        nodes.append(
            MapNode(None, f"+{len(edges) - MAX_PER_SIDE} more", "more", listed_at(first_hidden))
        )
    return nodes


def _wide(left: list[MapNode], middle: MapNode, right: list[MapNode]) -> Layout:
    # 780 units wide: in the theme's content column the titles stay at 12 CSS px or more.
    width, node_w, node_h, gap = 780, 236, 84, 14
    rows = max(len(left), len(right), 1)
    height = rows * (node_h + gap) + gap
    parts: list[DrawnEdge | DrawnNode] = []
    center_y = (height - node_h) / 2
    cx0, cx1 = 272, 508
    for column, x, x_end in ((left, 6, 242), (right, 538, 774)):
        top = (height - len(column) * (node_h + gap) + gap) / 2
        for index, node in enumerate(column):
            y = top + index * (node_h + gap)
            if column is left:
                parts.append(
                    _edge(x_end, y + node_h / 2, cx0, center_y + node_h / 2, node.relation)
                )
            else:
                parts.append(_edge(cx1, center_y + node_h / 2, x, y + node_h / 2, node.relation))
            parts.append(_node(node, x, y, 31))
    parts.append(_node(middle, cx0, center_y, 31))
    return Layout("kb-map-wide", _n(width), _n(height), _n(node_w), tuple(parts))


def _narrow(left: list[MapNode], middle: MapNode, right: list[MapNode]) -> Layout:
    width, node_w, node_h, gap, x = 360, 340, 84, 12, 10
    parts: list[DrawnEdge | DrawnNode] = []
    y = gap
    groups = [g for g in (left, [middle], right) if g]
    for number, group in enumerate(groups):
        if number:
            # One arrow joins a group to the centre; it takes the group's relation only when
            # every node in the group shares it (each node's caption names its own).
            side = group if group is right else groups[number - 1]
            relations = {node.relation for node in side}
            arrow_relation = relations.pop() if len(relations) == 1 else "more"
            parts.append(_edge(width / 2, y - gap - 2, width / 2, y + 8, arrow_relation))
            y += 18
        for node in group:
            parts.append(_node(node, x, y, 46))
            y += node_h + gap
    return Layout("kb-map-narrow", _n(width), _n(y), _n(node_w), tuple(parts))


def _n(value: float) -> str:
    """A coordinate as SVG writes it: no trailing zeros."""
    return f"{value:g}"


def _edge(x0: float, y0: float, x1: float, y1: float, relation: str) -> DrawnEdge:
    dx, dy = x1 - x0, y1 - y0
    length = max((dx * dx + dy * dy) ** 0.5, 1)
    ux, uy = dx / length, dy / length
    bx, by = x1 - 9 * ux, y1 - 9 * uy
    px, py = -uy * 5, ux * 5
    points = f"{x1:g},{y1:g} {bx + px:.1f},{by + py:.1f} {bx - px:.1f},{by - py:.1f}"
    return DrawnEdge(relation, _n(x0), _n(y0), _n(x1), _n(y1), points)


def _node(node: MapNode, x: float, y: float, chars: int) -> DrawnNode:
    """A node whose top left corner is at (x, y); map.html draws it 84 units high, as wide as
    its layout's nodes, its title wrapped at `chars` characters."""
    kind = node.entry.type if node.entry else "more"
    title = node.entry.title if node.entry else node.caption
    classes = f"kb-node kb-node-{kind}"
    classes += " kb-node-center" if node.href is None else ""
    classes += f" kb-status-{node.status}" if node.status else ""
    return DrawnNode(
        kind,
        classes,
        title,
        node.caption,
        node.href,
        f"translate({x:g} {y:g})",
        _title_lines(title, chars) if node.entry else (),
    )


@lru_cache(maxsize=65536)
def _title_lines(title: str, chars: int) -> tuple[tuple[int, str], ...]:
    """A title wrapped to three lines, each with its baseline; an entry is drawn in each
    neighbour's map."""
    return tuple((37 + 18 * row, line) for row, line in enumerate(_wrap(title, chars, 3)))


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word if len(word) <= width else word[: width - 1] + "…"
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines
