"""Which pages an edit changes, so that the live preview renders only those.

An entry's page shows more than the entry: the listing (title, type, status, statement) of every
neighbour, the works it cites, who holds it, the entries its body links to, what replaced it;
a question's page shows the whole debate under it and the sub-questions where its positions
part ways; a person's page the positions they hold and their forecast sets; a work's page the
entries citing it. `affected` compares two results of the pipeline and names every entry page
and work page that shows something that changed, reading both graphs, since an edit can add a
page to the set (a new relation) or take one out of it (a removed one). An edit to an entry's
body alone shows on its own page only. Lists, hand-written pages and `kb.json` are not named:
they show the whole knowledge base, and `site_wide` says whether they may have changed.

What it cannot bound it reports as a reason instead (entries or works added or removed, former
ids changed, another project), and the caller renders everything. A template that comes to show
more of another entry must be matched here: `tests/test_incremental.py` renders every kind of
edit to every entry and work of two fixtures both ways and compares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from kb.link.graph import Graph
from kb.model import PEOPLE_TYPES, Entry, Work
from kb.pipeline import Result

# What an entry's body gives it: shown on its own page only (its citations number its
# references, which are compared on their own).
_BODY_FIELDS = ("body", "body_line", "citations", "links", "anchors")
_COMPARED = tuple(f.name for f in fields(Entry) if f.compare)
# The relations a debate tree grows along: a child supports, opposes or qualifies its parent.
_TREE_RELATIONS = ("supports", "opposes", "qualifies")


@dataclass(frozen=True)
class Affected:
    """What an edit changed, and the pages that show it."""

    entries: frozenset[str]  # the ids of the entry pages to render again
    works: frozenset[str]  # the slugs of the work pages to render again
    changed: frozenset[str]  # entries changed beyond their body: values, status, relations
    changed_works: frozenset[str]  # works whose values changed
    pages_changed: bool = False  # a hand-written page changed

    @property
    def site_wide(self) -> bool:
        """Whether pages showing the whole knowledge base (lists, hand-written pages) may
        have changed: not when only entries' bodies did."""
        return bool(self.changed or self.changed_works or self.pages_changed)


def same_work(a: Work, b: Work) -> bool:
    """Equal but for where the work stands in references.bib (shown on no page)."""
    return a is b or all(
        getattr(a, f.name) == getattr(b, f.name) for f in fields(Work) if f.name != "position"
    )


def _body_only(a: Entry, b: Entry) -> bool:
    """Whether two versions of an entry differ in their body alone (shown on its own page)."""
    return all(
        getattr(a, name) == getattr(b, name) for name in _COMPARED if name not in _BODY_FIELDS
    )


def affected(before: Result, after: Result) -> Affected | str:
    """The pages of `after` that differ from those of `before`, or why that cannot be told."""
    old, new = before.graph, after.graph
    if before.project != after.project:
        return "the project's settings changed"
    if old.entries.keys() != new.entries.keys():
        return "entries were added or removed"
    if old.aliases != new.aliases:
        return "former ids changed"
    if old.works.keys() != new.works.keys():
        return "works were added to or removed from the bibliography"
    changed_works = frozenset(
        slug for slug, work in new.works.items() if not same_work(old.works[slug], work)
    )
    changed: set[str] = set()
    bodies: set[str] = set()  # entries whose body alone changed
    for entry_id, entry in new.entries.items():
        earlier = old.entries[entry_id]
        if (
            old.status.get(entry_id) != new.status.get(entry_id)
            or old.flags.get(entry_id) != new.flags.get(entry_id)
            or old.outgoing.get(entry_id) != new.outgoing.get(entry_id)
            or old.incoming.get(entry_id) != new.incoming.get(entry_id)
            or old.references.get(entry_id) != new.references.get(entry_id)
        ):
            changed.add(entry_id)
        elif earlier is entry or earlier == entry:
            continue
        elif _body_only(earlier, entry):
            bodies.add(entry_id)
        else:
            changed.add(entry_id)
    for inference in old.inference_status.keys() | new.inference_status.keys():
        if old.inference_status.get(inference) != new.inference_status.get(inference):
            changed.update(inference)
            changed.update(old.undercutters.get(inference, ()))
            changed.update(new.undercutters.get(inference, ()))
    entries: set[str] = set(bodies)
    works: set[str] = set(changed_works)
    for graph in (old, new):
        shown_entries, shown_works = _pages_showing(graph, changed, changed_works)
        entries |= shown_entries
        works |= shown_works
    return Affected(
        frozenset(entries),
        frozenset(works),
        frozenset(changed),
        changed_works,
        before.pages != after.pages or before.images != after.images,
    )


def _pages_showing(
    graph: Graph, changed: set[str], changed_works: frozenset[str]
) -> tuple[set[str], set[str]]:
    """In one graph: the entry pages and work pages that show a changed entry or work."""
    citing = {
        entry_id
        for slug in changed_works
        for ids in graph.cited_by.get(slug, {}).values()
        for entry_id in ids
    }
    pages = set(changed) | citing
    works: set[str] = set()
    referrers = _referrers(graph)
    # Entries whose node in a debate tree shows something that changed: the entry itself, or
    # who holds it and the work where they said it.
    nodes = set(changed) | {i for i in citing if graph.entries[i].held_by}
    for entry_id in changed:
        entry = graph.entries[entry_id]
        neighbours = set(referrers.get(entry_id, ()))
        for relations in (graph.outgoing.get(entry_id, {}), graph.incoming.get(entry_id, {})):
            for ids in relations.values():
                neighbours.update(ids)
        for edge in graph.undercuts_by(entry_id) + graph.undercuts_of(entry_id):
            neighbours.update((edge.source, edge.target, edge.premise or edge.target))
        if entry.type in PEOPLE_TYPES:
            held = [held_id for held_id, _ in graph.positions.get(entry_id, ())]
            neighbours.update(held)
            neighbours.update(graph.forecast_sets.get(entry_id, ()))
            nodes.update(held)
        if entry.type == "question":
            # A sub-question's title shows where two positions part ways above it.
            nodes.update(graph.incoming.get(entry_id, {}).get("answers", ()))
        pages |= neighbours
        works.update(reference.work.slug for reference in graph.references.get(entry_id, ()))
    for entry_id in citing | changed:
        pages.update(_holders(graph, entry_id))
    pages |= _questions_above(graph, nodes)
    return pages, works


def _holders(graph: Graph, entry_id: str) -> Iterable[str]:
    """The people and organisations holding an entry, and who made a forecast set."""
    entry = graph.entries[entry_id]
    for who in [a.who for a in entry.held_by] + ([entry.by] if entry.by else []):
        resolved = graph.resolve(who)
        if resolved is not None:
            yield resolved.id


def _referrers(graph: Graph) -> dict[str, set[str]]:
    """For each entry, the entries whose pages name it outside their relations: by a body's
    `[[link]]`, as what replaced them, or in a flag of fallen-away support."""
    found: dict[str, set[str]] = {}

    def add(target: str | None, entry_id: str) -> None:
        resolved = graph.resolve(target) if target else None
        if resolved is not None:
            found.setdefault(resolved.id, set()).add(entry_id)

    for entry in graph.entries.values():
        for link in entry.links:
            add(link.target.split("#", 1)[0], entry.id)
        add(entry.superseded_by, entry.id)
    for entry_id, flags in graph.flags.items():
        for flag in flags:
            add(flag.source, entry_id)
            add(flag.detail, entry_id)
    return found


def _questions_above(graph: Graph, nodes: set[str]) -> set[str]:
    """The questions whose debate, or whose positions' reasons, hold any of `nodes`: a node
    shows under what it supports, opposes or qualifies (an undercutter under the premise of the
    step it undercuts), up to the positions and the questions they answer."""
    seen = set(nodes)
    queue = list(nodes)
    questions: set[str] = set()
    while queue:
        entry_id = queue.pop()
        out = graph.outgoing.get(entry_id, {})
        questions.update(out.get("answers", ()))
        above = [i for relation in _TREE_RELATIONS for i in out.get(relation, ())]
        above += [edge.premise or edge.target for edge in graph.undercuts_by(entry_id)]
        for parent in above:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return questions
