"""Load: read every entry file, split its front matter from its body, parse the YAML.

Reading never raises on content: an unreadable file becomes a diagnostic and the
rest of the knowledge base still loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load import yamltree
from kb.load.encoding import decode_text
from kb.load.files import read_capped

MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class RawEntry:
    """An entry file as read: the front matter tree, the body and where the body starts."""

    path: str
    folder: str
    stem: str
    front: yamltree.Node
    body: str
    body_line: int


def load_entry(
    root: Path, file: Path, path: str | None = None
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """One entry file; `path` is how diagnostics name it (default: relative to `root`)."""
    path = path or relative_path(root, file)
    data, problems = read_bytes(file, path)
    if data is None:
        return None, problems
    return parse_entry(path, file.parent.name, file.stem, data)


def read_bytes(file: str | Path, path: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A contributed file's bytes, within the size limit; None and why where it cannot be read."""
    try:
        data = read_capped(file, path, MAX_FILE_BYTES)
    except OSError as exc:
        return None, [report("file-encoding", Position(path), f"cannot read file: {exc.strerror}")]
    if isinstance(data, Diagnostic):
        return None, [data]
    return data, []


def parse_entry(
    path: str, folder: str, stem: str, data: bytes
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """Split and parse one entry file's bytes."""
    text, problem = decode_text(data, path)
    if text is None:
        return None, [problem]  # type: ignore[list-item]
    if not text.strip():
        return None, [report("file-empty", Position(path), "file is empty")]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [
            report(
                "front-matter-missing",
                Position(path),
                "file must start with a '---' line that opens the front matter",
            )
        ]
    closing, problem = front_matter_end(lines, path)
    if problem is not None:
        return None, [problem]
    front, diagnostics = yamltree.parse("\n".join(lines[1:closing]), path, line_offset=1)
    if front is None and not diagnostics:
        diagnostics = [
            report("front-matter-not-mapping", Position(path, 2), "front matter is empty")
        ]
    if front is not None and front.kind != "map":
        diagnostics.append(
            report(
                "front-matter-not-mapping",
                front.position,
                "front matter must be a mapping of 'field: value' lines",
            )
        )
        front = None
    if front is None:
        return None, diagnostics
    body = "\n".join(lines[closing + 1 :])
    return RawEntry(path, folder, stem, front, body, closing + 2), diagnostics


def front_matter_end(lines: list[str], path: str) -> tuple[int, Diagnostic | None]:
    """The index of the `---` (or `...`) line that closes the front matter opened by the first
    line, or why there is none."""
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        message = "front matter is not closed by a '---' line"
        return 0, report("front-matter-missing", Position(path), message)
    return closing, None


def relative_path(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()
