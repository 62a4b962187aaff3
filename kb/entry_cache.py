"""Entries already read, by file: a rebuild re-reads only the files that changed.

The live preview rebuilds the whole site after every save; with this cache it parses only the
saved file again. A file is known unchanged while its size and modification time are. Entries
are immutable values, so sharing them between builds is safe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.load import load_entry
from kb.model import Entry
from kb.schema import to_entry

ReadEntry = tuple[Entry | None, list[Diagnostic]]


def read_entry(root: Path, file: Path, path: str) -> ReadEntry:
    """One entry file loaded and checked against the schema; None where it cannot be read."""
    raw, problems = load_entry(root, file, path)
    if raw is None:
        return None, problems
    entry, more = to_entry(raw)
    return entry, problems + more


@dataclass
class EntryCache:
    _known: dict[str, tuple[int, int, ReadEntry]] = field(default_factory=dict)
    hits: int = 0

    def read(self, root: Path, file: Path, path: str) -> ReadEntry:
        try:
            stat = os.stat(file)
        except OSError:
            return read_entry(root, file, path)
        known = self._known.get(path)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            self.hits += 1
            return known[2]
        result = read_entry(root, file, path)
        self._known[path] = (stat.st_size, stat.st_mtime_ns, result)
        return result
