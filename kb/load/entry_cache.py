"""Entries already read, by file: a rebuild re-reads only the files that changed.

The live preview rebuilds the whole site after every save; with this cache it parses only the
saved file again. A file is known unchanged while its size and modification time are. Entries
are immutable values, so sharing them between builds is safe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.schema import to_entry
from kb.diagnostics import Diagnostic
from kb.load.entries import load_entry
from kb.model import Entry

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

    def read_all(self, root: Path, files: list[tuple[Path, str]]) -> list[ReadEntry]:
        """Each (file, path that diagnostics name) read, in order; only changed files are parsed."""
        results: list[ReadEntry | None] = []
        missing: list[tuple[int, Path, str, os.stat_result | None]] = []
        for file, path in files:
            try:
                stat: os.stat_result | None = os.stat(file)
            except OSError:
                stat = None  # read_entry reports why
            known = self._known.get(path)
            if stat is not None and known is not None and known[:2] == _version(stat):
                self.hits += 1
                results.append(known[2])
            else:
                missing.append((len(results), file, path, stat))
                results.append(None)
        fresh = [read_entry(root, file, path) for _, file, path, _ in missing]
        for (index, _, path, stat), result in zip(missing, fresh, strict=True):
            results[index] = result
            if stat is not None:
                self._known[path] = (*_version(stat), result)
        return results  # type: ignore[return-value]


def _version(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns
