"""Published ids: the committed registry that keeps every published address alive.

`content/published-ids.txt` lists, one per line, every id that has been published. The check
fails when one of them is no longer an entry, an alias or a withdrawn entry, so removing or
renaming an entry without keeping its id can never break a citation. The registry only grows:
`kb publish-ids` adds the ids of the current knowledge base and never drops a line.
"""

from __future__ import annotations

from pathlib import Path

from kb.check.codes import report
from kb.check.schema import is_valid_id
from kb.check.suggest import did_you_mean
from kb.diagnostics import Diagnostic, Position
from kb.link.graph import Graph
from kb.load.encoding import decode_text
from kb.load.files import read_capped

# Over 25,000 ids of 80 characters.
MAX_REGISTRY_BYTES = 2 * 1024 * 1024
HEADER = (
    "# Every id ever published. Each must stay an entry, an alias or a withdrawn entry.\n"
    "# Grown by `kb publish-ids` after each merge; never remove a line.\n"
)


def read_registry(path: Path, shown_as: str) -> tuple[list[tuple[str, int]], list[Diagnostic]]:
    """The ids with their line numbers; a missing registry is an empty one."""
    try:
        data = read_capped(path, shown_as, MAX_REGISTRY_BYTES)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [
            report("file-encoding", Position(shown_as), f"cannot read the registry: {exc.strerror}")
        ]
    if isinstance(data, Diagnostic):
        return [], [data]
    text, problem = decode_text(data, shown_as)
    if text is None:
        return [], [problem]  # type: ignore[list-item]
    ids, diagnostics = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        if not is_valid_id(value):
            diagnostics.append(
                report(
                    "bad-id",
                    Position(shown_as, number),
                    f"'{value}' in the registry is not a valid id",
                )
            )
            continue
        ids.append((value, number))
    return ids, diagnostics


def check_registry(
    published: list[tuple[str, int]], graph: Graph, shown_as: str, unreadable: set[str]
) -> list[Diagnostic]:
    """An error for each published id that the knowledge base no longer keeps."""
    return [
        report(
            "published-id-removed",
            Position(shown_as, line),
            f"published id '{entry_id}' is no longer an entry or an alias; keep it in the "
            f"'aliases' of the entry that replaced it, or keep the entry as withdrawn"
            + did_you_mean(entry_id, graph.entries),
        )
        for entry_id, line in published
        if graph.resolve(entry_id) is None and entry_id not in unreadable
    ]


def current_ids(graph: Graph) -> set[str]:
    return set(graph.entries) | set(graph.aliases)


def updated_registry(path: Path, graph: Graph) -> tuple[str, int]:
    """The registry text with the current ids added, and how many were added."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        text = HEADER
    listed = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    new = sorted(current_ids(graph) - listed)
    if not new:
        return text, 0
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{entry_id}\n" for entry_id in new), len(new)
