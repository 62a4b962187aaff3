"""The two additions to Markdown in entry bodies: citations and cross-links.

`[@key]`, `[@key, p. 4]`, `[@a; @b]` cite works; `[[id]]` and `[[id|text]]` link entries.
The same patterns serve the checker (which scans the raw text, skipping code) and the
renderer (which matches them inside markdown-it's inline parser).
"""

from __future__ import annotations

import re

from kb.diagnostics import Position
from kb.model import Citation, CitedItem, CrossLink

KEY = r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*"
CITATION = re.compile(r"\[(@" + KEY + r"[^\[\]\n]*)\](?!\()")
CITED_ITEM = re.compile(r"\s*@(" + KEY + r")\s*(?:,\s*(.*?))?\s*$")
CROSS_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CLOSING_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")  # no info string after a closing fence
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped ASCII punctuation character


def parse_citation(inner: str) -> list[tuple[str, str | None, int]] | None:
    """Split the text between the brackets into (key, locator, offset) items, or None."""
    items = []
    offset = 0
    for part in inner.split(";"):
        match = CITED_ITEM.match(part)
        if match is None:
            return None
        locator = match.group(2) or None
        items.append((match.group(1).rstrip(".,:"), locator, offset + part.index("@")))
        offset += len(part) + 1
    return items


def scan_body(
    body: str, path: str, first_line: int
) -> tuple[tuple[Citation, ...], tuple[CrossLink, ...]]:
    """Find every citation and cross-link in a body, with its line and column in the file."""
    citations: list[Citation] = []
    links: list[CrossLink] = []
    if "[" not in body:
        return (), ()
    fence: str | None = None
    for number, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence is not None:
            closing = _CLOSING_FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "[" not in line:
            continue
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        if "\\" in line:
            line = _ESCAPE.sub("  ", line)
        line_number = first_line + number
        for match in CROSS_LINK.finditer(line):
            links.append(
                CrossLink(
                    match.group(1).strip(),
                    (match.group(2) or "").strip() or None,
                    Position(path, line_number, match.start() + 1),
                )
            )
        for match in CITATION.finditer(line):
            parsed = parse_citation(match.group(1))
            if parsed is None:
                continue
            start = match.start(1)
            items = tuple(
                CitedItem(key, locator, Position(path, line_number, start + offset + 1))
                for key, locator, offset in parsed
            )
            citations.append(Citation(items, Position(path, line_number, match.start() + 1)))
    return tuple(citations), tuple(links)
