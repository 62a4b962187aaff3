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
# Like a Markdown paragraph, markup may wrap onto the next line but not across a blank line.
# Each pattern reads a run of ordinary characters, then any number of (line break, run): a
# form that the regular expression engine matches without backtracking.
_WRAP = r"\n(?![ \t]*(?:\n|$))"


def _wrapping(characters: str) -> str:
    return f"{characters}*(?:{_WRAP}{characters}*)*"


CITATION = re.compile(r"\[(@" + KEY + _wrapping(r"[^\[\]\n]") + r")\](?!\()")
CITED_ITEM = re.compile(r"\s*@(" + KEY + r")\s*(?:,\s*(.*?))?\s*$", re.DOTALL)
CROSS_LINK = re.compile(
    r"\[\[(?=[^\]|])("
    + _wrapping(r"[^\[\]|\n]")
    + r")(?:\|(?=[^\]])("
    + _wrapping(r"[^\[\]\n]")
    + r"))?\]\]"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CLOSING_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")  # no info string after a closing fence
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped ASCII punctuation character


def one_line(text: str) -> str:
    """Text that was wrapped in the source, with each run of whitespace as one space."""
    return " ".join(text.split())


def parse_citation(inner: str) -> list[tuple[str, str | None, int]] | None:
    """Split the text between the brackets into (key, locator, offset) items, or None."""
    items = []
    offset = 0
    for part in inner.split(";"):
        match = CITED_ITEM.match(part)
        if match is None:
            return None
        locator = one_line(match.group(2) or "") or None
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
    for text, text_line in _outside_fences(body):
        if "[" not in text:
            continue
        if "`" in text:
            text = _without_code_spans(text)
        if "\\" in text:
            text = _ESCAPE.sub("  ", text)

        at = _Locator(text, path, first_line + text_line)
        for match in CROSS_LINK.finditer(text):
            label = one_line(match.group(2) or "")
            links.append(CrossLink(one_line(match.group(1)), label or None, at(match.start())))
        for match in CITATION.finditer(text):
            parsed = parse_citation(match.group(1))
            if parsed is None:
                continue
            where, start = at(match.start()), match.start(1)  # positions asked in order
            items = tuple(
                CitedItem(key, locator, at(start + offset)) for key, locator, offset in parsed
            )
            citations.append(Citation(items, where))
    return tuple(citations), tuple(links)


class _Locator:
    """File positions of offsets in a text, counting lines once for offsets asked in order."""

    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.text, self.path, self.first_line = text, path, first_line
        self.offset = self.line = self.line_start = 0

    def __call__(self, offset: int) -> Position:
        if offset < self.offset:  # a new pass over the text: count again from its start
            self.offset = self.line = self.line_start = 0
        breaks = self.text.count("\n", self.offset, offset)
        if breaks:
            self.line += breaks
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return Position(self.path, self.first_line + self.line, offset - self.line_start + 1)


def _outside_fences(body: str) -> list[tuple[str, int]]:
    """The body's text outside fenced code, as (text, index of its first line) runs."""
    if "```" not in body and "~~~" not in body:
        return [(body, 0)]
    runs: list[tuple[str, int]] = []
    current: list[str] = []
    start = 0
    fence: str | None = None
    for number, line in enumerate(body.split("\n")):
        if fence is not None:
            closing = _CLOSING_FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
                start = number + 1
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            if current:
                runs.append(("\n".join(current), start))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current and fence is None:
        runs.append(("\n".join(current), start))
    return runs


def _without_code_spans(text: str) -> str:
    """The text with each code span's characters turned to spaces (line breaks kept).

    A span opens at a run of backticks and closes at the next run of the same length in the
    same paragraph. Runs are paired in one pass, so no input makes this slow."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    paragraph, b = [], 0
    for start, _ in runs:
        while b < len(breaks) and breaks[b] < start:
            b += 1
        paragraph.append(b)
    following: list[int | None] = [None] * len(runs)  # the next run of the same length
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length)
        last[length] = i
    parts, done, i = [], 0, 0
    while i < len(runs):
        j = following[i]
        if j is None or paragraph[j] != paragraph[i]:
            i += 1
            continue
        start, end = runs[i][0], runs[j][1]
        parts.append(text[done:start])
        parts.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        done, i = end, j + 1
    parts.append(text[done:])
    return "".join(parts)
