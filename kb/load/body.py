"""Read a body: its one markdown-it parse, and what the check needs from it, located.

Citations, cross-links, heading anchors and every problem a rule of `kb.load.markdown` found
(a citation that does not parse, an unclosed `[[`, an unknown locator term, footnote or
admonition type, a refused link, an image, math that does not convert) come from the token
stream, each with its line and column in the file.

Columns: markdown-it maps each block to its lines, and an inline token holds the block's text
with container markers (`> `, list indentation) taken off each line. An offset in that text
gives the line exactly; the column is found by taking each line of the text as the end of its
line in the file (it is, but for a table cell or a heading's closing `#`s, where the first
place the text occurs on the line is used). Tokens with no map of their own (a footnote's
closing anchor) give the line of the block they belong to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from markdown_it.token import Token

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load.encoding import hidden_in_body
from kb.load.markdown import parser
from kb.mathml import MathError, tex_to_mathml
from kb.model import Citation, CitedItem, CrossLink

_NEWLINES = re.compile(r"\r\n?")


class BodyFacts(NamedTuple):
    """What a body says that other parts of the knowledge base check."""

    citations: tuple[Citation, ...] = ()
    links: tuple[CrossLink, ...] = ()
    anchors: tuple[str, ...] = ()  # the ids of its headings
    hrefs: tuple[tuple[str, Position], ...] = ()  # the address of every published link
    # The parse itself, which the page and the search record read too (`kb.render.body`,
    # `kb.export.search_records`): never changed after the parse.
    tokens: tuple[Token, ...] = ()


def read_body(text: str, path: str, first_line: int) -> tuple[BodyFacts, list[Diagnostic]]:
    """Parse a body that starts at line `first_line` of `path`; its facts and problems."""
    if not text.strip():
        return BodyFacts(), []
    tokens = parser().parse(text, {})
    facts, problems = _Reader(text, path, first_line).read(tokens)
    hidden = hidden_in_body(text, path, first_line)
    return facts, problems if hidden is None else [hidden, *problems]


class _Reader:
    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.lines = _NEWLINES.sub("\n", text).split("\n")
        self.path, self.first_line = path, first_line
        self.citations: list[Citation] = []
        self.links: list[CrossLink] = []
        self.anchors: list[str] = []
        self.hrefs: list[tuple[str, Position]] = []
        self.problems: list[Diagnostic] = []

    def read(self, tokens: list[Token]) -> tuple[BodyFacts, list[Diagnostic]]:
        line = 0
        for token in tokens:
            if token.map:
                line = token.map[0]
            if token.type == "inline":
                self.inline(token)
            elif token.type == "heading_open":
                self.anchors.append(str(token.attrs.get("id", "")))
            elif token.type == "math_block":
                self.math(token.content, True, self.at_line(line))
            if "problem" in token.meta:
                self.problem(token.meta["problem"], self.at_line(line))
        facts = BodyFacts(
            tuple(self.citations),
            tuple(self.links),
            tuple(self.anchors),
            tuple(self.hrefs),
            tuple(tokens),
        )
        return facts, self.problems

    def inline(self, token: Token) -> None:
        if not token.children:
            return
        locate = _Locator(self, token)
        citation: list[CitedItem] = []
        for child in token.children:
            meta = child.meta
            kind = child.type
            if kind == "kb_cite_item_open":
                where = locate(meta["offset"])
                citation.append(CitedItem(meta["key"], meta["locator"], where, meta["mode"]))
                if meta["problem"]:
                    (problem, offset) = meta["problem"]
                    self.problem(problem, locate(meta["problem_offset"] + offset))
            elif kind == "kb_cite_open":
                citation, start = [], locate(meta["offset"])
            elif kind == "kb_cite_close":
                self.citations.append(Citation(tuple(citation), start))
            elif kind == "kb_cite_in_text":
                where = locate(meta["offset"])
                item = CitedItem(meta["key"], meta["locator"], where, mode="in-text")
                self.citations.append(Citation((item,), where))
                if meta["problem"]:
                    (problem, offset) = meta["problem"]
                    self.problem(problem, locate(meta["problem_offset"] + offset))
            elif kind == "kb_link":
                target = meta["target"] + (f"#{meta['anchor']}" if meta["anchor"] else "")
                self.links.append(CrossLink(target, meta["label"], locate(meta["offset"])))
            elif kind == "link_open" and not meta.get("refused"):
                self.hrefs.append((str(child.attrGet("href") or ""), locate(meta.get("offset", 0))))
            elif kind == "math_inline":
                self.math(child.content, False, locate(meta.get("offset", 0)))
            elif "problem" in meta:
                self.problem(meta["problem"], locate(meta.get("offset", 0)))

    def math(self, tex: str, display: bool, where: Position) -> None:
        try:
            tex_to_mathml(tex, display)
        except MathError as exc:
            self.problems.append(report("math-error", where, str(exc)))

    def problem(self, problem: tuple[str, str], where: Position) -> None:
        code, message = problem
        self.problems.append(report(code, where, message))

    def at_line(self, index: int) -> Position:
        text = self.lines[index] if index < len(self.lines) else ""
        indent = len(text) - len(text.lstrip())
        return Position(self.path, self.first_line + index, indent + 1)


class _Locator:
    """File positions of offsets in an inline token's text."""

    def __init__(self, reader: _Reader, token: Token) -> None:
        self.reader = reader
        self.first = token.map[0] if token.map else 0
        self.content = token.content
        self.breaks = [m.start() for m in re.finditer("\n", token.content)]
        self.starts: dict[int, int] = {}

    def __call__(self, offset: int) -> Position:
        content = self.content
        offset = min(max(offset, 0), len(content))
        row = bisect_right(self.breaks, offset - 1)
        row_start = self.breaks[row - 1] + 1 if row else 0
        column = self.starts.get(row)
        if column is None:
            column = self.starts[row] = self._start(row, row_start)
        reader = self.reader
        line = reader.first_line + self.first + row
        return Position(reader.path, line, column + offset - row_start + 1)

    def _start(self, row: int, row_start: int) -> int:
        """Where line `row` of the token's text begins on its line of the file."""
        lines = self.reader.lines
        index = self.first + row
        if index >= len(lines):
            return 0
        line = lines[index].rstrip()
        end = self.content.find("\n", row_start)
        text = self.content[row_start : end if end >= 0 else len(self.content)].rstrip()
        if text and line.endswith(text):
            return len(line) - len(text)
        found = line.find(text) if text else -1
        return found if found >= 0 else len(line) - len(line.lstrip())
