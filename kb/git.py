"""What git knows of the knowledge base: when each entry last changed, and at which commit.

Read with one `git log` over the content folder, so it stays linear in the history.
Outside a git checkout (or without git) everything is simply unknown.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Change:
    date: str  # ISO date of the commit, YYYY-MM-DD
    commit: str


@dataclass(frozen=True)
class History:
    head: str | None = None  # the commit the working tree is at
    changes: dict[str, Change] = field(default_factory=dict)  # path -> last change

    def last_change(self, path: str) -> Change | None:
        return self.changes.get(path)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path, content_dir: Path) -> History:
    head = _git(root, "rev-parse", "HEAD")
    if head is None:
        return History()
    log = _git(
        root, "log", "--format=@%H %cs", "--name-only", "--no-renames", "--", str(content_dir)
    )
    changes: dict[str, Change] = {}
    current: Change | None = None
    # git names files from the top of the checkout; entries are named from the project root.
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    for line in (log or "").splitlines():
        if line.startswith("@"):
            commit, date = line[1:].split(" ", 1)
            current = Change(date, commit)
        elif line and current is not None:
            changes.setdefault(
                line.removeprefix(prefix), current
            )  # newest first: keep the first seen
    return History(head.strip(), changes)
