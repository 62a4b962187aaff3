"""Cruxes: where two positions on a question part ways.

A debate's positions rarely disagree about everything. This module finds the sub-questions on
which the two sides take conflicting answers, so a reader sees what would have to be settled to
settle the question ("there's a crux here somewhere").

Algorithm. For a question Q, each position P (an entry that `answers` Q) has a *base*: P and
every entry that supports it, followed backwards along `supports` edges, transitively. A step
that a standing entry undercuts (`kb.link.status.inference_status` "contested") carries no
support and is not followed; withdrawn entries are left out. For two positions A and B, a
sub-question S (any question other than Q) is a *crux* when an entry X of A's base and an entry
Y of B's base both answer S, X is not in B's base and Y is not in A's base (each is the
side's own), and X and Y conflict: one `opposes` the other. The crux lists every such pair. It
costs one backward search per position and, per pair of positions, one pass over the `opposes`
edges of one side's base: linear in the entries and relations under the question, times the
number of pairs of positions.

Limits. Only explicit conflict counts: two different answers to S that do not oppose each other
may well be compatible, so they are not reported (the knowledge base does not know what each
answer means). Only `supports` carries a position's reasons; `qualifies` accepts a claim and
adds no reason, and counterarguments against a position are not its reasons. A sub-question
that both sides answer the same way is agreement, not a crux. The search follows the graph as
written: a missing `answers` link hides a crux.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from kb.link.status import CONTESTED

if TYPE_CHECKING:
    from kb.link.graph import Graph
    from kb.model import Entry


@dataclass(frozen=True)
class Crux:
    """Positions `first` and `second` part ways on `question`: each pair in `answers` is an
    answer from the first side's base and the conflicting one from the second side's."""

    first: Entry
    second: Entry
    question: Entry
    answers: tuple[tuple[Entry, Entry], ...]


def base(graph: Graph, position: str) -> set[str]:
    """The position and every entry whose support reaches it through steps that carry."""
    found = {position}
    queue = deque([position])
    while queue:
        conclusion = queue.popleft()
        for premise in graph.incoming.get(conclusion, {}).get("supports", ()):
            if premise in found or graph.entries[premise].withdrawn:
                continue
            if graph.inference_status.get((premise, conclusion)) == CONTESTED:
                continue  # an undercut that stands: this step carries no support
            found.add(premise)
            queue.append(premise)
    return found


def cruxes(graph: Graph, question_id: str) -> list[Crux]:
    """The cruxes between every two positions on the question, pair by pair."""
    positions = [e for e in graph.sources_of(question_id, "answers") if not e.withdrawn]
    bases = {p.id: base(graph, p.id) for p in positions}
    result = []
    for first, second in combinations(positions, 2):
        own_first = bases[first.id] - bases[second.id]
        own_second = bases[second.id] - bases[first.id]
        by_question: dict[str, list[tuple[Entry, Entry]]] = {}
        for x in sorted(own_first):
            for y in _conflicting(graph, x):
                if y not in own_second:
                    continue
                shared = set(graph.outgoing.get(x, {}).get("answers", ())) & set(
                    graph.outgoing.get(y, {}).get("answers", ())
                )
                for sub in sorted(shared - {question_id}):
                    by_question.setdefault(sub, []).append((graph.entries[x], graph.entries[y]))
        for sub, pairs in sorted(by_question.items()):
            result.append(Crux(first, second, graph.entries[sub], tuple(pairs)))
    return result


def _conflicting(graph: Graph, entry_id: str) -> list[str]:
    """The entries this one opposes or is opposed by, in id order."""
    out = graph.outgoing.get(entry_id, {}).get("opposes", ())
    back = graph.incoming.get(entry_id, {}).get("opposes", ())
    return sorted(set(out) | set(back))
