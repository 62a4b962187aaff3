"""Reliance: entries whose support has fallen away.

When an entry is withdrawn, every entry it supported loses that support; when a work is
retracted, every entry citing it relies on a retracted source. Both are flagged on the
entry's page and as `kb check` warnings, so the argument can be revisited. When a standing
entry undercuts the step from a supporter to an entry (`kb.link.status`), that support is
flagged on the page too, but not warned about: an undercut is the debate working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.check.codes import report
from kb.diagnostics import Diagnostic
from kb.link.status import CONTESTED, STANDING

if TYPE_CHECKING:
    from kb.link.graph import Graph


@dataclass(frozen=True)
class Flag:
    kind: str  # withdrawn-support | retracted-work | undercut-support
    source: str  # the withdrawn entry's id, the retracted work's key, or the premise's id
    detail: str  # the entry's title, the retraction notice, or the standing undercutter's id


def reliance_flags(graph: Graph) -> dict[str, list[Flag]]:
    """For each entry that relies on a withdrawn entry or a retracted work, why."""
    flags: dict[str, list[Flag]] = {}
    for entry in graph.entries.values():
        if not entry.withdrawn:
            continue
        for supported in graph.targets(entry.id, "supports"):
            flags.setdefault(supported.id, []).append(
                Flag("withdrawn-support", entry.id, entry.title)
            )
    for (premise, conclusion), state in graph.inference_status.items():
        if state == CONTESTED:  # a standing entry undercuts it
            undercutters = graph.undercutters[premise, conclusion]
            undercutter = next(u for u in undercutters if graph.status.get(u) == STANDING)
            flags.setdefault(conclusion, []).append(Flag("undercut-support", premise, undercutter))
    for entry_id, references in graph.references.items():
        for reference in references:
            if reference.work.retracted:
                flags.setdefault(entry_id, []).append(
                    Flag("retracted-work", reference.work.key, reference.work.retracted)
                )
    return flags


def reliance_warnings(graph: Graph, flags: dict[str, list[Flag]]) -> list[Diagnostic]:
    diagnostics = []
    for entry_id, entry_flags in flags.items():
        entry = graph.entries[entry_id]
        for flag in entry_flags:
            if flag.kind == "withdrawn-support":
                diagnostics.append(
                    report(
                        "relies-on-withdrawn",
                        entry.position_of("id"),
                        f"'{entry_id}' is supported by '{flag.source}', which is withdrawn",
                    )
                )
            elif flag.kind == "retracted-work":
                diagnostics.append(
                    report(
                        "cites-retracted",
                        entry.position_of("id"),
                        f"'{entry_id}' cites '{flag.source}', which is retracted ({flag.detail})",
                    )
                )
    return diagnostics
