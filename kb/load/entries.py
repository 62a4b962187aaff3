"""Load: read every entry file, split its front matter from its body, parse the YAML.

Reading never raises on content: an unreadable file becomes a diagnostic and the
rest of the knowledge base still loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load import yamltree
from kb.load.encoding import decode_text
from kb.model import ENTRY_FOLDERS

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


def entry_files(content_dir: Path) -> list[Path]:
    """Every entry file, in a stable order."""
    files: list[Path] = []
    for folder in ENTRY_FOLDERS:
        try:
            with os.scandir(content_dir / folder) as found:
                names = sorted(
                    e.name
                    for e in found
                    if e.name.endswith(".md") and e.name != "index.md" and e.is_file()
                )
        except (FileNotFoundError, NotADirectoryError):
            continue
        files.extend(content_dir / folder / name for name in names)
    return files


def load_entry(
    root: Path, file: Path, path: str | None = None
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """One entry file; `path` is how diagnostics name it (default: relative to `root`)."""
    path = path or relative_path(root, file)
    data, problems = read_bytes(file, path)
    if data is None:
        return None, problems
    return parse_entry(path, file.parent.name, file.stem, data)


def read_bytes(file: Path, path: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A contributed file's bytes, within the size limit; None and why where it cannot be read."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                report(
                    "file-too-large",
                    Position(path),
                    f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes",
                )
            ]
        return file.read_bytes(), []
    except OSError as exc:
        return None, [report("file-encoding", Position(path), f"cannot read file: {exc.strerror}")]


def parse_entry(
    path: str, folder: str, stem: str, data: bytes
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """Split and parse one entry file's bytes."""
    text, problem = decode_text(data, path)
    if text is None:
        return None, [problem]  # type: ignore[list-item]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            report("file-encoding", Position(path, line), "file contains a NUL character")
        ]
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
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        return None, [
            report(
                "front-matter-missing", Position(path), "front matter is not closed by a '---' line"
            )
        ]
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


def relative_path(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()
