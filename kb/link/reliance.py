"""Reliance: entries whose support has fallen away.

When an entry is withdrawn, every entry it supported loses that support; when a work is
retracted, every entry citing it relies on a retracted source. Both are flagged on the
entry's page and as `kb check` warnings, so the argument can be revisited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.check.codes import report
from kb.diagnostics import Diagnostic

if TYPE_CHECKING:
    from kb.link.graph import Graph


@dataclass(frozen=True)
class Flag:
    kind: str  # withdrawn-support | retracted-work
    source: str  # the withdrawn entry's id, or the retracted work's key
    detail: str  # the entry's title or the retraction notice


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
            else:
                diagnostics.append(
                    report(
                        "cites-retracted",
                        entry.position_of("id"),
                        f"'{entry_id}' cites '{flag.source}', which is retracted ({flag.detail})",
                    )
                )
    return diagnostics
