"""Where a debate stands: each entry's status under grounded semantics over `opposes` edges,
and each undercut inference's status.

An entry is *standing* when nothing opposes it or every counterargument is itself defeated,
*contested* when a standing counterargument opposes it, and *undecided* when it is caught in
a cycle of opposition that grounded semantics cannot settle. A withdrawn entry is defeated:
it neither stands nor opposes anything. Computed in one pass, linear in entries plus edges.

Undercuts. The abstract framework has two kinds of arguments: the entries, and one argument
per `supports` edge P -> C, the *inference* "C, because P". Attacks are the `opposes` edges
(entry on entry: a rebuttal) and the `undercuts` edges (entry on inference). An inference
attacks nothing, and support does not make an entry stand (status is about attack only), so
the grounded extension is computed in two strata: the entries as above, then each inference
is *standing* when every undercutter is defeated (contested or withdrawn), *contested*
("undercut") when a standing entry undercuts it, and *undecided* otherwise. An undercut that
stands removes the effect of the support edge, leaving both statements' own status alone:
the conclusion is flagged as having lost that support (`kb.link.reliance`), exactly as when
its supporter is withdrawn. Examples (U undercuts A -> B):

- U alone: U standing, the inference undercut, A and B standing.
- V opposes U: U contested, the inference standing again.
- U and V oppose each other: both undecided, and so is the inference.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from kb.model import ARGUMENT_TYPES

if TYPE_CHECKING:
    from kb.link.graph import Graph


STANDING, CONTESTED, UNDECIDED, WITHDRAWN = "standing", "contested", "undecided", "withdrawn"
STATUS_LABELS = {
    STANDING: "Standing",
    CONTESTED: "Contested",
    UNDECIDED: "Undecided",
    WITHDRAWN: "Withdrawn",
}
STATUS_HELP = {
    STANDING: "No counterargument stands against it.",
    CONTESTED: "A standing counterargument opposes it.",
    UNDECIDED: "It is caught in a cycle of counterarguments that do not settle.",
    WITHDRAWN: "Withdrawn by its authors; it counts as defeated.",
}

# How a page names where a step (an inference) stands.
INFERENCE_LABELS = {STANDING: "Step stands", CONTESTED: "Undercut", UNDECIDED: "Undecided"}
INFERENCE_HELP = {
    STANDING: "Every undercut of this step is itself defeated.",
    CONTESTED: "A standing entry undercuts this step: the support does not carry.",
    UNDECIDED: "The undercut is caught in a cycle of counterarguments that do not settle.",
}


def argument_status(graph: Graph) -> dict[str, str]:
    """The status of every claim and counterargument (questions and people are not argued
    against)."""
    arguments = [e for e in graph.entries.values() if e.type in ARGUMENT_TYPES]
    status = {e.id: WITHDRAWN for e in arguments if e.withdrawn}

    def attackers(entry_id: str) -> list[str]:
        return [
            a
            for a in graph.incoming.get(entry_id, {}).get("opposes", ())
            if a not in status or status[a] != WITHDRAWN
        ]

    undefeated = {e.id: len(attackers(e.id)) for e in arguments if e.id not in status}
    queue = deque(entry_id for entry_id, count in undefeated.items() if count == 0)
    for entry_id in queue:
        status[entry_id] = STANDING
    while queue:
        standing = queue.popleft()
        for target in graph.outgoing.get(standing, {}).get("opposes", ()):
            if target in status:
                continue
            status[target] = CONTESTED
            # A defeated entry no longer counts against what it opposes.
            for victim in graph.outgoing.get(target, {}).get("opposes", ()):
                if victim in undefeated and victim not in status:
                    undefeated[victim] -= 1
                    if undefeated[victim] == 0:
                        status[victim] = STANDING
                        queue.append(victim)
    for entry_id in undefeated:
        status.setdefault(entry_id, UNDECIDED)
    return status


def inference_status(graph: Graph) -> dict[tuple[str, str], str]:
    """The status of every undercut inference (premise, conclusion); `graph.status` first."""
    result: dict[tuple[str, str], str] = {}
    for inference, undercutters in graph.undercutters.items():
        states = {graph.status.get(u, UNDECIDED) for u in undercutters}
        if STANDING in states:
            result[inference] = CONTESTED
        elif UNDECIDED in states:
            result[inference] = UNDECIDED
        else:
            result[inference] = STANDING
    return result


def open_counterarguments(graph: Graph, status: dict[str, str]) -> list[str]:
    """Standing counterarguments that nobody has answered yet: where contributors can help."""
    return [
        e.id
        for e in graph.by_type("counterargument")
        if status.get(e.id) == STANDING and not graph.incoming.get(e.id, {}).get("opposes")
    ]
