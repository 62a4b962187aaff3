"""Real git repositories for tests of commands that read history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

DEFAULT_DATE = "2024-05-06T12:00:00+00:00"


def git(root: Path, *args: str, when: str = DEFAULT_DATE) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    return subprocess.run(
        ["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def init_repository(root: Path) -> str:
    """Make `root` a repository on branch main with everything committed; returns HEAD."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return git(root, "rev-parse", "HEAD")
