"""Reading contributed text: strict UTF-8, with the line and column of the first bad byte.

Entry files, `references.bib` and the registry of published ids are all read this way, so a
byte-order mark or Windows line ends never change what a file means.
"""

from __future__ import annotations

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position


def decode_text(data: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    """The text with `\\n` line ends and no byte-order mark, or a `file-encoding` diagnostic."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, report(
            "file-encoding",
            Position(path, line, col),
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
        )
    if "\x00" in text:  # a binary file, or text no editor would save
        line = text[: text.index("\x00")].count("\n") + 1
        return None, report("file-encoding", Position(path, line), "file contains a NUL character")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), None
