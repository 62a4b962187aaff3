"""Pandoc's citation grammar, on plain strings: keys, and the locator at the head of a suffix.

The inline rule in `kb.load.markdown` finds where a citation stands; this module says what its
parts are, following Pandoc's manual ("Citation syntax"):

- a key follows `@`: it starts with a letter, digit or `_` (any script) and goes on with those
  and single internal punctuation characters `:.#$%&-+?<>~/`; `@Foo_bar.baz.` cites
  `Foo_bar.baz`, `@Foo_bar--baz` cites `Foo_bar`. `@{...}` takes any key, braces excluded.
- after the key, a suffix, whose head may be a locator: an optional comma, then either braces
  (`{ii, A, D-Z}`, taken as they are; `{}` says there is none), or an optional locator term
  (`p.`, `pp.`, `chap.`, `sec.`, ... below) and one or more locator words separated by commas
  or spaces. A word counts when it has a digit, or, after a term, when its letters are roman
  numerals (`pp. iv-vi`). Without a term, a word with a digit is a page.
- a word ending in `.` followed by a number where a term would stand (`ch. 2`) is an unknown
  locator term: Pandoc would print it as part of the suffix, so the checker says so.
"""

from __future__ import annotations

import re
from typing import NamedTuple

KEY = re.compile(r"\{([^{}\n]+)\}|(\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)")

# The en-US locator terms of the CSL locale that Pandoc reads: long and short forms, singular
# and plural.
LOCATOR_TERMS: dict[str, tuple[str, ...]] = {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "number": ("number", "numbers", "no.", "nos."),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "sub verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}
TERMS = sorted({form for forms in LOCATOR_TERMS.values() for form in forms}, key=len, reverse=True)
_TERM = re.compile(
    "(" + "|".join(re.escape(term) for term in TERMS) + r")(?=[\s\d(\[{]|[ivxlcdm]|$)",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?:[^\s,;()\[\]{}]|\([^\s()]*\)|\[[^\s\[\]]*\])+")
_SEPARATOR = re.compile(r"\s*[,;]?[ \t\n]*")
_ROMAN = re.compile(r"(?=[mdclxvi])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})", re.I)
_LETTERS = re.compile(r"[^\W\d_]+")
_ABBREVIATION = re.compile(r"([^\W\d_][^\W\d_.]*\.)\s*(?=\d)")


class Locator(NamedTuple):
    """Where a locator's text stands in a suffix (`start`, `end`, inside any braces), and where
    the rest of the suffix begins."""

    text: str  # as written, whitespace collapsed, without Markdown's `*` and backticks
    start: int
    end: int
    rest: int


def match_key(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """The key at `text[pos:end]` (just after an `@`) and where it ends, or None."""
    match = KEY.match(text, pos, end)
    if match is None:
        return None
    return match.group(1) or match.group(2), match.end()


def starts_key(text: str, at: int, end: int) -> bool:
    """Whether the `@` at `text[at]` opens a citation key: not inside a word (an e-mail
    address), and followed by a key."""
    if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
        return False
    return match_key(text, at + 1, end) is not None


def locator(suffix: str) -> Locator | None:
    """The locator at the head of a citation item's suffix, or None where it has none."""
    start = 0
    if not suffix.startswith("{"):
        start = _SEPARATOR.match(suffix).end()  # type: ignore[union-attr]
    if suffix.startswith("{", start):
        close = _closing_brace(suffix, start)
        if close is None:
            return None
        return Locator(_plain(suffix[start + 1 : close]), start + 1, close, close + 1)
    term = _TERM.match(suffix, start)
    words_start = start
    if term:
        words_start = _SEPARATOR.match(suffix, term.end()).end()  # type: ignore[union-attr]
    end = _words(suffix, words_start, explicit=term is not None)
    if end is None:
        return None
    return Locator(_plain(suffix[start:end]), start, end, end)


def unknown_term(suffix: str) -> tuple[str, int] | None:
    """An abbreviation standing where a locator term would (`ch. 2`) and its offset, or None."""
    start = _SEPARATOR.match(suffix).end()  # type: ignore[union-attr]
    match = _ABBREVIATION.match(suffix, start)
    if match is None or match.group(1).lower() in TERMS:
        return None
    return match.group(1), start


def suggest_term(word: str) -> str:
    """The locator terms closest to a mistyped one, for the message."""
    from difflib import get_close_matches

    close = get_close_matches(word.lower(), [t for t in TERMS if t.endswith(".")], n=2)
    return " or ".join(f"'{term}'" for term in close) if close else "'p.', 'chap.' or 'sec.'"


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").split())


def _words(text: str, pos: int, explicit: bool) -> int | None:
    """Where a run of locator words starting at `pos` ends, or None if there is none."""
    end = None
    while True:
        word = _WORD.match(text, pos)
        if word is None or not _counts(word.group(), explicit):
            return end
        end = word.end() - (len(word.group()) - len(word.group().rstrip(".")))
        following = _SEPARATOR.match(text, end)
        pos = following.end()  # type: ignore[union-attr]
        if pos == end:
            return end


def _counts(word: str, explicit: bool) -> bool:
    word = word.rstrip(".")
    if not word:
        return False
    if any(c.isdigit() for c in word):
        return True
    if not explicit:
        return False
    letters = _LETTERS.findall(word)
    return bool(letters) and all(_ROMAN.fullmatch(run) for run in letters)


def _closing_brace(text: str, start: int) -> int | None:
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return None
