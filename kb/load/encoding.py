"""Reading contributed text: strict UTF-8, with the line and column of the first bad byte.

Entry files, `references.bib` and the registry of published ids are all read this way, so a
byte-order mark or Windows line ends never change what a file means. What a field of an entry
or a page, or a body, may not hold, even escaped in YAML, is here too: characters a reader
does not see but a terminal, an editor or a browser acts on (`control-character`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position

if TYPE_CHECKING:
    from kb.load.yamltree import Node

# In a field or a body: control characters other than the tab and line breaks (in a field, read
# as spaces), and the bidirectional embeddings and overrides ("Trojan Source"), which make a
# browser or an editor show text in another order than it is written. The isolates, which set
# right-to-left text within a line without reordering what follows, stay allowed.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


def hidden_character(name: str, node: Node) -> Diagnostic | None:
    """A `control-character` diagnostic at `node`, the text value of the field `name`, if it
    holds such a character."""
    found = _HIDDEN.search(node.text)
    if found is None:
        return None
    return report("control-character", node.position, _message(f"'{name}'", found.group()))


def hidden_in_body(text: str, path: str, first_line: int) -> Diagnostic | None:
    """A `control-character` diagnostic at the first such character of a body that starts at
    line `first_line` of `path`."""
    found = _HIDDEN.search(text)
    if found is None:
        return None
    start = text.rfind("\n", 0, found.start()) + 1
    line = first_line + text.count("\n", 0, found.start())
    position = Position(path, line, found.start() - start + 1)
    return report("control-character", position, _message("the body", found.group()))


def _message(where: str, character: str) -> str:
    return (
        f"{where} holds the character U+{ord(character):04X}, which readers do not see but "
        "terminals, editors or browsers act on; remove it"
    )


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
