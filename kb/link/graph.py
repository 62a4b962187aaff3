"""Link: the knowledge base as a graph of entries and works.

Relations (`supports`, `opposes`, `answers`, `qualifies`) with their reverse edges, the
undercuts of `supports` inferences, each entry's numbered
references (body citations first, in order, then the other sources), and for every work the
entries citing it, grouped by relation. Built in one pass, linear in entries plus relations.
The analysis of where each debate stands (`status`, `reliance`) is made once, with the graph,
and read from it by the check, the pages and the exports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from kb.addresses import work_slug
from kb.link.reliance import Flag, reliance_flags
from kb.link.status import argument_status, inference_status
from kb.model import ENTRY_RELATIONS, PEOPLE_TYPES, UNDERCUTS, Attribution, Entry, Work

RELATION_FIELDS = ENTRY_RELATIONS


class Reference(NamedTuple):
    """A work in one entry's numbered reference list.

    References and edges are named tuples, as the small values of `kb.model` are: linking
    makes one of each per relation and reference, and with the relations resolved by
    dictionary, links 10,000 entries in 0.08 s instead of 0.10 s as frozen dataclasses
    (medians of 5 paired series of 9, `make bench`'s corpus, 2026-12-01)."""

    number: int
    work: Work
    relation: str
    locators: tuple[str, ...]


class Edge(NamedTuple):
    """A relation. For `undercuts`, `target` is the conclusion of the inference undercut and
    `premise` the entry whose `supports` edge to it is attacked; otherwise `premise` is None."""

    source: str
    relation: str  # supports | opposes | answers | qualifies | undercuts
    target: str
    premise: str | None = None

    @property
    def inference(self) -> tuple[str, str] | None:
        """The undercut inference as (premise, conclusion), for an undercut."""
        return (self.premise, self.target) if self.premise is not None else None


@dataclass
class Graph:
    entries: dict[str, Entry]
    works: dict[str, Work]
    aliases: dict[str, str] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    outgoing: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    incoming: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    references: dict[str, list[Reference]] = field(default_factory=dict)
    cited_by: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # Analysis: each argument's status (`kb.link.status`) and why an entry's support has
    # fallen away (`kb.link.reliance`).
    status: dict[str, str] = field(default_factory=dict)
    # Each `supports` inference (premise, conclusion) that an entry undercuts: its undercutters,
    # and the inference's status (`kb.link.status.inference_status`).
    undercutters: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    inference_status: dict[tuple[str, str], str] = field(default_factory=dict)
    # The undercut edges by the entry declaring them, and by each end of the step they attack.
    undercuts_from: dict[str, list[Edge]] = field(default_factory=dict)
    undercuts_at: dict[str, list[Edge]] = field(default_factory=dict)
    # Each person's or organisation's positions: (entry id, attribution), in entry order.
    positions: dict[str, list[tuple[str, Attribution]]] = field(default_factory=dict)
    # Each forecaster's forecast sets (ids, in id order).
    forecast_sets: dict[str, list[str]] = field(default_factory=dict)
    flags: dict[str, list[Flag]] = field(default_factory=dict)

    def resolve(self, entry_id: str) -> Entry | None:
        """The entry with this id, or whose former id (alias) it is."""
        entry = self.entries.get(entry_id)
        if entry is None and entry_id in self.aliases:
            entry = self.entries.get(self.aliases[entry_id])
        return entry

    def work(self, key: str) -> Work | None:
        return self.works.get(work_slug(key))

    def targets(self, entry_id: str, relation: str) -> list[Entry]:
        return [self.entries[i] for i in self.outgoing.get(entry_id, {}).get(relation, ())]

    def sources_of(self, entry_id: str, relation: str) -> list[Entry]:
        """Entries whose `relation` points at this entry (its back-links)."""
        return [self.entries[i] for i in self.incoming.get(entry_id, {}).get(relation, ())]

    def undercuts_by(self, entry_id: str) -> list[Edge]:
        """The undercuts an entry declares, whose inference exists."""
        return self.undercuts_from.get(entry_id, [])

    def undercuts_of(self, entry_id: str) -> list[Edge]:
        """The undercuts of inferences from or to this entry."""
        return self.undercuts_at.get(entry_id, [])

    def by_type(self, entry_type: str) -> list[Entry]:
        return sorted(
            (e for e in self.entries.values() if e.type == entry_type),
            key=lambda e: e.title.lower(),
        )


def link(entries: list[Entry], works: dict[str, Work]) -> Graph:
    """Build the graph; unknown targets and keys are skipped (the validator reports them)."""
    by_id: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.id):
        by_id.setdefault(entry.id, entry)
    graph = Graph(entries=by_id, works=works)
    for entry in by_id.values():
        for alias in entry.aliases:
            if alias not in by_id:
                graph.aliases.setdefault(alias, entry.id)
    aliases, incoming, edges = graph.aliases, graph.incoming, graph.edges
    for entry in by_id.values():
        source_id = entry.id
        out: dict[str, list[str]] = {}
        for relation in RELATION_FIELDS:
            for target_id in getattr(entry, relation):
                if target_id not in by_id:  # a former id, or none at all
                    target_id = aliases.get(target_id)
                    if target_id is None:
                        continue
                if target_id == source_id:
                    continue
                targets = out.setdefault(relation, [])
                if target_id in targets:
                    continue
                targets.append(target_id)
                incoming.setdefault(target_id, {}).setdefault(relation, []).append(source_id)
                edges.append(Edge(source_id, relation, target_id))
        graph.outgoing[source_id] = out
        graph.references[source_id] = _references(entry, works)
    for entry in by_id.values():
        for undercut in entry.undercuts:
            inference = _inference(graph, undercut.premise, undercut.conclusion)
            if inference is None or entry.id in inference:
                continue
            undercutters = graph.undercutters.setdefault(inference, [])
            if entry.id not in undercutters:
                undercutters.append(entry.id)
                edge = Edge(entry.id, UNDERCUTS, inference[1], inference[0])
                graph.edges.append(edge)
                graph.undercuts_from.setdefault(entry.id, []).append(edge)
                for end in inference:
                    graph.undercuts_at.setdefault(end, []).append(edge)
    cited_by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entry_id, references in graph.references.items():
        for reference in references:
            cited_by[reference.work.slug][reference.relation].append(entry_id)
    graph.cited_by = {slug: dict(groups) for slug, groups in cited_by.items()}
    for entry in by_id.values():
        for attribution in entry.held_by:
            who = graph.resolve(attribution.who)
            if who is not None and who.type in PEOPLE_TYPES:
                graph.positions.setdefault(who.id, []).append((entry.id, attribution))
        forecaster = graph.resolve(entry.by) if entry.by else None
        if forecaster is not None and forecaster.type in PEOPLE_TYPES:
            graph.forecast_sets.setdefault(forecaster.id, []).append(entry.id)
    graph.status = argument_status(graph)
    graph.inference_status = inference_status(graph)
    graph.flags = reliance_flags(graph)
    return graph


def _inference(graph: Graph, premise_id: str, conclusion_id: str) -> tuple[str, str] | None:
    """The `supports` edge premise -> conclusion (former ids resolved), if it exists."""
    premise, conclusion = graph.resolve(premise_id), graph.resolve(conclusion_id)
    if premise is None or conclusion is None:
        return None
    if conclusion.id not in graph.outgoing.get(premise.id, {}).get("supports", ()):
        return None
    return premise.id, conclusion.id


def _references(entry: Entry, works: dict[str, Work]) -> list[Reference]:
    """The works an entry refers to, numbered in the order a reader meets them: cited in the
    body first, then its other sources, then the works behind its attributions and forecasts."""
    relation_of: dict[str, str] = {}
    locators: dict[str, list[str]] = {}
    order: dict[str, None] = {}  # the slugs, in order, once each
    for source in entry.sources:
        slug = work_slug(source.key)
        relation_of.setdefault(slug, source.relation)
        if source.locator:
            locators.setdefault(slug, []).append(source.locator)
    for citation in entry.citations:
        for item in citation.items:
            slug = work_slug(item.key)
            order.setdefault(slug)
            if item.locator:
                locators.setdefault(slug, []).append(item.locator)
    for source in entry.sources:
        order.setdefault(work_slug(source.key))
    # The works where the entry's holders said it and that settle its forecasts (contract v2),
    # after its own sources.
    backing = [*entry.held_by, *entry.resolutions]
    if entry.unrecorded:
        backing.append(entry.unrecorded)
    for backer in backing:
        slug = work_slug(backer.source)
        relation_of.setdefault(slug, "background")
        if backer.locator:
            locators.setdefault(slug, []).append(backer.locator)
        order.setdefault(slug)
    references = []
    for slug in order:
        work = works.get(slug)
        if work is None:
            continue
        unique_locators = tuple(dict.fromkeys(locators.get(slug, ())))
        references.append(
            Reference(
                len(references) + 1, work, relation_of.get(slug, "background"), unique_locators
            )
        )
    return references
