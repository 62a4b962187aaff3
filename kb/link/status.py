"""Where a debate stands: each entry's status under grounded semantics over `opposes` edges.

An entry is *standing* when nothing opposes it or every counterargument is itself defeated,
*contested* when a standing counterargument opposes it, and *undecided* when it is caught in
a cycle of opposition that grounded semantics cannot settle. A withdrawn entry is defeated:
it neither stands nor opposes anything. Computed in one pass, linear in entries plus edges.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

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


def argument_status(graph: Graph) -> dict[str, str]:
    """The status of every claim and counterargument (questions are not argued against)."""
    arguments = [e for e in graph.entries.values() if e.type != "question"]
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


def open_counterarguments(graph: Graph, status: dict[str, str]) -> list[str]:
    """Standing counterarguments that nobody has answered yet: where contributors can help."""
    return [
        e.id
        for e in graph.by_type("counterargument")
        if status.get(e.id) == STANDING and not graph.incoming.get(e.id, {}).get("opposes")
    ]
