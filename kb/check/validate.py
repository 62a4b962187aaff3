"""Validate: the rules that span entries — ids, relations, citations, cross-links — and the
advice that does not fail a check (unused works, support cycles, thin questions).

Schema rules for a single file live in `kb.check.schema`; this module sees the whole knowledge base.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.check.codes import report
from kb.check.forecasts import forecast_problems
from kb.check.suggest import did_you_mean
from kb.diagnostics import Diagnostic
from kb.link.graph import Graph
from kb.load.markdown import PAGE_SECTIONS
from kb.model import PEOPLE_TYPES, Entry

# Which entry types each relation may point at.
TARGET_TYPES = {
    "supports": ("claim", "counterargument"),
    "opposes": ("claim", "counterargument"),
    "answers": ("question",),
    "qualifies": ("claim", "counterargument"),
}
# Which entry types may hold each relation: a question takes no side in a debate.
SOURCE_TYPES = {
    "supports": ("claim", "counterargument"),
    "opposes": ("claim", "counterargument"),
    "answers": ("claim", "counterargument"),
    "qualifies": ("claim", "counterargument"),
}
_VERBS = {"supports": "support", "opposes": "oppose", "answers": "answer", "qualifies": "qualify"}


def validate(
    entries: list[Entry],
    graph: Graph,
    unreadable: Iterable[str] = (),
    bibliography_read: bool = True,
) -> list[Diagnostic]:
    """Check everything that spans files. `unreadable` names entry files that failed to load,
    and `bibliography_read` is false when references.bib could not be read at all, so that
    one unreadable file is reported once, not again at every link to it."""
    diagnostics: list[Diagnostic] = []
    diagnostics += _unique_ids(entries)
    known = set(graph.entries) | set(graph.aliases) | set(unreadable)
    for entry in entries:
        diagnostics += _relations(entry, graph, known)
        if bibliography_read:
            diagnostics += _citations(entry, graph)
        diagnostics += _cross_links(entry, graph, known)
    diagnostics += _advice(graph, bibliography_read)
    diagnostics += _contradictions(graph)
    return diagnostics


def _unique_ids(entries: list[Entry]) -> list[Diagnostic]:
    diagnostics = []
    owner: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.path):
        first = owner.get(entry.id)
        if first is not None:
            diagnostics.append(
                report(
                    "duplicate-id",
                    entry.position_of("id"),
                    f"id '{entry.id}' is already used by {first.path}",
                )
            )
        else:
            owner[entry.id] = entry
    alias_owner: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.path):
        for index, alias in enumerate(entry.aliases):
            position = entry.position_of(f"aliases[{index}]")
            if alias in owner:
                diagnostics.append(
                    report(
                        "duplicate-id",
                        position,
                        f"alias '{alias}' is the id of {owner[alias].path}",
                    )
                )
            elif alias in alias_owner and alias_owner[alias] is not entry:
                diagnostics.append(
                    report(
                        "duplicate-id",
                        position,
                        f"alias '{alias}' is also an alias of {alias_owner[alias].path}",
                    )
                )
            else:
                alias_owner[alias] = entry
    return diagnostics


def _relations(entry: Entry, graph: Graph, known: set[str]) -> list[Diagnostic]:
    diagnostics = []
    for relation, allowed in TARGET_TYPES.items():
        if getattr(entry, relation) and entry.type not in SOURCE_TYPES[relation]:
            diagnostics.append(
                report(
                    "relation-not-allowed",
                    entry.position_of(relation),
                    f"a {entry.type} cannot have '{relation}'; only a "
                    f"{' or a '.join(SOURCE_TYPES[relation])} can",
                )
            )
            continue
        for index, target_id in enumerate(getattr(entry, relation)):
            if target_id == entry.id or target_id in entry.aliases:
                diagnostics.append(
                    report(
                        "self-reference",
                        entry.position_of(f"{relation}[{index}]"),
                        f"'{entry.id}' cannot {_VERBS[relation]} itself",
                    )
                )
                continue
            if target_id not in known:
                diagnostics.append(
                    report(
                        "unknown-entry",
                        entry.position_of(f"{relation}[{index}]"),
                        f"{relation}: no entry has the id '{target_id}'"
                        + did_you_mean(target_id, graph.entries),
                    )
                )
                continue
            target = graph.resolve(target_id)
            if target is not None and target.type not in allowed:
                diagnostics.append(
                    report(
                        "wrong-target-type",
                        entry.position_of(f"{relation}[{index}]"),
                        f"'{relation}' must point at a {' or '.join(allowed)}; '{target_id}' is a "
                        f"{target.type}",
                    )
                )
    diagnostics += _undercuts(entry, graph, known)
    diagnostics += _attributions(entry, graph, known)
    if entry.type == "forecast-set":
        diagnostics += forecast_problems(entry, graph, known)
    if entry.superseded_by:
        position = entry.position_of("superseded_by")
        if entry.superseded_by == entry.id:
            diagnostics.append(
                report("self-reference", position, "an entry cannot supersede itself")
            )
        elif entry.superseded_by not in known:
            diagnostics.append(
                report(
                    "unknown-entry",
                    position,
                    f"superseded_by: no entry has the id '{entry.superseded_by}'"
                    + did_you_mean(entry.superseded_by, graph.entries),
                )
            )
        else:
            replacement = graph.resolve(entry.superseded_by)
            if replacement is not None and replacement.folder != entry.folder:
                diagnostics.append(
                    report(
                        "wrong-target-type",
                        position,
                        f"a {entry.type} is replaced by an entry of its kind; "
                        f"'{entry.superseded_by}' is a {replacement.type}",
                    )
                )
            cycle = _replacement_cycle(entry, graph)
            if cycle:
                diagnostics.append(
                    report(
                        "supersede-cycle",
                        position,
                        "withdrawn entries replace each other, so none has a live "
                        "replacement: " + " -> ".join(cycle),
                    )
                )
    return diagnostics


def _replacement_cycle(entry: Entry, graph: Graph) -> list[str]:
    """The ids around the `superseded_by` cycle that `entry` is on, or [] when it is on none."""
    chain = [entry.id]
    current = entry
    while current.superseded_by:
        following = graph.resolve(current.superseded_by)
        if following is None:
            return []
        if following.id == entry.id:
            return [*chain, entry.id]
        if following.id in chain:  # a cycle further on, reported at its own entries
            return []
        chain.append(following.id)
        current = following
    return []


def _undercuts(entry: Entry, graph: Graph, known: set[str]) -> list[Diagnostic]:
    """Each undercut names two known claims or counterarguments joined by `supports`."""
    diagnostics = []
    for undercut in entry.undercuts:
        ends = (undercut.premise, undercut.conclusion)
        if any(end == entry.id or end in entry.aliases for end in ends):
            diagnostics.append(
                report(
                    "self-reference",
                    undercut.position,
                    f"'{entry.id}' cannot undercut an inference from or to itself",
                )
            )
            continue
        unknown = [end for end in ends if end not in known]
        for end in unknown:
            diagnostics.append(
                report(
                    "unknown-entry",
                    undercut.position,
                    f"undercuts: no entry has the id '{end}'" + did_you_mean(end, graph.entries),
                )
            )
        if unknown:
            continue
        premise, conclusion = graph.resolve(undercut.premise), graph.resolve(undercut.conclusion)
        if premise is None or conclusion is None:  # an unreadable entry is reported where it is
            continue
        wrong = [e for e in (premise, conclusion) if e.type not in TARGET_TYPES["supports"]]
        for end in wrong:
            diagnostics.append(
                report(
                    "wrong-target-type",
                    undercut.position,
                    f"an undercut names claims or counterarguments; '{end.id}' is a {end.type}",
                )
            )
        if not wrong and conclusion.id not in graph.outgoing.get(premise.id, {}).get(
            "supports", ()
        ):
            diagnostics.append(
                report(
                    "unknown-inference",
                    undercut.position,
                    f"undercuts: '{undercut.premise}' does not support '{undercut.conclusion}', "
                    "so there is no inference to undercut",
                )
            )
    return diagnostics


def _attributions(entry: Entry, graph: Graph, known: set[str]) -> list[Diagnostic]:
    """Each attribution names a person or organisation (its source is checked with the
    citations)."""
    diagnostics = []
    for attribution in entry.held_by:
        if attribution.who not in known:
            people = [e.id for e in graph.entries.values() if e.type in PEOPLE_TYPES]
            diagnostics.append(
                report(
                    "unknown-entry",
                    attribution.position,
                    f"held_by: no person or organisation has the id '{attribution.who}'"
                    + did_you_mean(attribution.who, people),
                )
            )
            continue
        who = graph.resolve(attribution.who)
        if who is not None and who.type not in PEOPLE_TYPES:
            diagnostics.append(
                report(
                    "wrong-target-type",
                    attribution.position,
                    f"held_by names people and organisations; '{attribution.who}' is a {who.type}",
                )
            )
    return diagnostics


def _contradictions(graph: Graph) -> list[Diagnostic]:
    """A person holding both ends of an `opposes` edge at the same date, with no note."""
    diagnostics = []
    for person_id, held in graph.positions.items():
        by_entry = {}
        for entry_id, attribution in held:
            by_entry.setdefault(entry_id, []).append(attribution)
        for entry_id, attributions in by_entry.items():
            for target_id in graph.outgoing.get(entry_id, {}).get("opposes", ()):
                for mine in attributions:
                    for theirs in by_entry.get(target_id, ()):
                        if mine.date != theirs.date or mine.note or theirs.note:
                            continue
                        when = f"both at {mine.date}" if mine.date else "both undated"
                        diagnostics.append(
                            report(
                                "contradictory-positions",
                                mine.position,
                                f"'{person_id}' holds '{entry_id}' and '{target_id}', which it "
                                f"opposes, {when}; add a 'note' if both are right",
                            )
                        )
    return diagnostics


def _citations(entry: Entry, graph: Graph) -> list[Diagnostic]:
    """Works named by the entry's `sources`, its attributions and its body that do not exist."""
    named = [(a.source, a.position, "held_by source") for a in entry.held_by]
    named += [(s.key, s.position, "source") for s in entry.sources]
    diagnostics = [
        report(
            "unknown-reference",
            position,
            f"{what} '{key}' is not in references.bib" + did_you_mean(key, _keys(graph)),
        )
        for key, position, what in named
        if graph.work(key) is None
    ]
    return diagnostics + citation_problems(entry.citations, graph)


def _keys(graph: Graph) -> list[str]:
    """Every key of the bibliography: listed only when a correction is to be suggested."""
    return [w.key for w in graph.works.values()]


def citation_problems(citations, graph: Graph) -> list[Diagnostic]:
    """Citations (of an entry's body or a hand-written page) of works that do not exist."""
    diagnostics: list[Diagnostic] = []
    for citation in citations:
        for item in citation.items:
            if graph.work(item.key) is None and item.mode == "in-text":
                diagnostics.append(
                    report(
                        "unknown-in-text-citation",
                        item.position,
                        f"'@{item.key}' reads as an in-text citation, but no work has this key"
                        + did_you_mean(item.key, _keys(graph)),
                    )
                )
            elif graph.work(item.key) is None:
                diagnostics.append(
                    report(
                        "unknown-reference",
                        item.position,
                        f"citation '@{item.key}' is not in references.bib"
                        + did_you_mean(item.key, _keys(graph)),
                    )
                )
    return diagnostics


def _cross_links(entry: Entry, graph: Graph, known: set[str]) -> list[Diagnostic]:
    return cross_link_problems(entry.links, graph, known)


def cross_link_problems(links, graph: Graph, known: set[str]) -> list[Diagnostic]:
    """`[[id#anchor]]` links (of a body or a page) to no entry, or to no section of it."""
    diagnostics = []
    for link in links:
        target_id, _, anchor = link.target.partition("#")
        if target_id not in known:
            diagnostics.append(
                report(
                    "unknown-link",
                    link.position,
                    f"[[{link.target}]] links to no entry" + did_you_mean(target_id, known),
                )
            )
            continue
        target = graph.resolve(target_id)
        if not anchor or target is None:  # an unreadable entry is reported where it stands
            continue
        anchors = target.anchors + PAGE_SECTIONS
        if anchor not in anchors:
            diagnostics.append(
                report(
                    "unknown-anchor",
                    link.position,
                    f"[[{link.target}]]: '{target_id}' has no section '{anchor}'"
                    + (
                        did_you_mean(anchor, anchors)
                        or f"; its headings are {', '.join(target.anchors) or 'none'}"
                    ),
                )
            )
    return diagnostics


def _advice(graph: Graph, bibliography_read: bool) -> list[Diagnostic]:
    diagnostics = []
    for slug, work in graph.works.items():
        if slug not in graph.cited_by:
            diagnostics.append(
                report("unused-reference", work.position, f"'{work.key}' is cited by no entry")
            )
    for entry in graph.entries.values():
        if entry.type == "question":
            positions = graph.incoming.get(entry.id, {}).get("answers", ())
            if len(positions) < 2:
                diagnostics.append(
                    report(
                        "question-few-positions",
                        entry.position_of("id"),
                        f"question '{entry.id}' has {len(positions)} position(s); "
                        "a debate needs two",
                    )
                )
        elif entry.type == "claim" and bibliography_read and not graph.references.get(entry.id):
            diagnostics.append(
                report(
                    "claim-without-source",
                    entry.position_of("id"),
                    f"claim '{entry.id}' cites no work",
                )
            )
    for cycle in _support_cycles(graph):
        first = graph.entries[cycle[0]]
        diagnostics.append(
            report(
                "support-cycle",
                first.position_of("supports"),
                "support cycle: " + " -> ".join(cycle + [cycle[0]]),
            )
        )
    return diagnostics


def _support_cycles(graph: Graph) -> list[list[str]]:
    """One representative cycle per strongly connected group of `supports` edges (iterative)."""
    supports = {i: graph.outgoing.get(i, {}).get("supports", []) for i in graph.entries}
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    cycles = []
    for start in graph.entries:
        if start in state:
            continue
        path: list[str] = []
        stack = [(start, iter(supports[start]))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cycles.append(path[path.index(child) :])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(supports[child])))
    return cycles
