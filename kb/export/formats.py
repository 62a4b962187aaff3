"""The export formats of `kb export`, by name, and how their text reaches a file.

Each format is a plain function of the graph and the project, so the CLI, the site or a script
can produce any of them the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kb.export.aif import to_aif
from kb.export.argdown import to_argdown
from kb.export.csljson import to_csl_json
from kb.export.graphml import to_graphml
from kb.export.kb_json import export_json
from kb.link.graph import Graph
from kb.project import Project

EXPORTERS: dict[str, Callable[[Graph, Project], str]] = {
    "json": lambda graph, project: export_json(graph, project) + "\n",
    "aif": to_aif,
    "argdown": to_argdown,
    "graphml": to_graphml,
    "csl-json": to_csl_json,
}
FORMATS = tuple(EXPORTERS)


def export_text(graph: Graph, project: Project, fmt: str) -> str:
    """The knowledge base in format `fmt` (one of `FORMATS`), ending with a newline."""
    return EXPORTERS[fmt](graph, project)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: readers never see a half-written export.

    The text goes to a temporary file in the same folder, which then replaces `path` in one
    rename; an existing file keeps its permissions, a new one gets rw-r--r--.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    import tempfile  # loaded by the commands that write, not by every `kb` command

    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
