"""References: `references.bib` parsed by bibtexparser 2 into `Work` values.

bibtexparser never raises on bad input; its failed blocks (syntax errors, duplicate keys)
become diagnostics here, with their lines.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock
from bibtexparser.model import Entry as BibEntry

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load.encoding import decode_text
from kb.load.files import read_capped
from kb.model import Work

# Some 10,000 works; a larger file would take the check many seconds to parse.
MAX_BIBLIOGRAPHY_BYTES = 4 * 1024 * 1024
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:v\d+)?(?:\.pdf)?$", re.I)
# Identifiers are verbatim, not LaTeX: `%` in a URL is not a comment, nor `~` a space.
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint"})
_VENUE_FIELDS = (
    "journal",
    "booktitle",
    "howpublished",
    "publisher",
    "institution",
    "organization",
    "school",
)
# The fields a work is made of (`_to_work`); only these are decoded.
_DECODED_FIELDS = (
    frozenset({"title", "author", "editor", "year", "retracted", "archiveprefix", *_VENUE_FIELDS})
    | _VERBATIM_FIELDS
)
MAX_FIELD_CHARS = 5_000


def load_works(bib_path: Path, path: str) -> tuple[dict[str, Work], list[Diagnostic]]:
    """Parse the bibliography at `bib_path`; `path` is how diagnostics name it."""
    try:
        data = read_capped(bib_path, path, MAX_BIBLIOGRAPHY_BYTES)
    except FileNotFoundError:
        return {}, [report("bib-missing", Position(path), "references.bib does not exist")]
    except OSError as exc:
        return {}, [report("bib-missing", Position(path), f"cannot read: {exc.strerror}")]
    if isinstance(data, Diagnostic):
        return {}, [data]
    text, problem = decode_text(data, path)
    if text is None:
        return {}, [problem]  # type: ignore[list-item]
    return parse_works(text, path)


def parse_works(text: str, path: str) -> tuple[dict[str, Work], list[Diagnostic]]:
    # bibtexparser also logs each failed block; they are reported here as diagnostics instead.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    decoding = _LatexDecoding()
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            decoding,
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    diagnostics: list[Diagnostic] = [
        report(code, Position(path, _field_line(entry, field)), message)
        for code, entry, field, message in decoding.problems
    ]
    for block in library.failed_blocks:
        position = Position(path, block.start_line + 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            diagnostics.append(
                report(
                    "bib-duplicate-key", position, f"key '{block.key}' is used by an earlier entry"
                )
            )
        else:
            diagnostics.append(report("bib-parse", position, _parse_error(block.error)))
    works: dict[str, Work] = {}
    for entry in library.entries:
        work = _to_work(entry, path, diagnostics)
        if work.slug in works:
            first = works[work.slug]
            diagnostics.append(
                report(
                    "bib-duplicate-key",
                    work.position,
                    f"key '{work.key}' differs only in case from '{first.key}' "
                    f"on line {first.position.line}",
                )
            )
            continue
        works[work.slug] = work
    return works, diagnostics


_LATEX_MARKUP = re.compile(r"[\\{}$~%^_&#]|--|``|''|[?!]`")
# A value's words: runs of characters outside braces, or brace groups nested up to three deep.
_WORD = re.compile(r"(?:[^\s{}]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})+")
_SPACE = re.compile(r"\s+")
_ENDS_IN_CONTROL_WORD = re.compile(r"\\[A-Za-z]*$")


class _LatexDecoding(middlewares.LatexDecodingMiddleware):
    """Decodes LaTeX in the fields the engine reads; the verbatim identifiers only lose `\\`
    escapes, and other fields (an abstract, a note) are never decoded, since nothing shows them.

    A field that cannot be decoded, or is longer than `MAX_FIELD_CHARS` (decoding takes time
    that grows with the length: a 2.5 MB abstract took 20 s), is left as it is and noted in
    `problems` as (code, entry, field name, message) for `parse_works` to report where it
    stands."""

    def transform_entry(self, entry: BibEntry, library):  # type: ignore[override]
        for f in entry.fields:
            name = f.key.lower()
            if not isinstance(f.value, str) or name not in _DECODED_FIELDS:
                continue
            # The value setter resets `enclosing`; only the representation changes here.
            enclosing = f.enclosing
            if name in _VERBATIM_FIELDS:
                f.value = re.sub(r"\\([_%#&$~])", r"\1", f.value)
            elif len(f.value) > MAX_FIELD_CHARS:
                message = (
                    f"'{f.key}' of '{entry.key}' has {len(f.value)} characters; "
                    f"the limit is {MAX_FIELD_CHARS}"
                )
                self.problems.append(("too-long", entry, f.key, message))
            else:
                text, error = self._transform_python_value_string(f.value)
                if error:
                    message = f"the LaTeX of '{f.key}' in '{entry.key}' cannot be decoded: "
                    self.problems.append(("bib-latex", entry, f.key, message + _reason(error)))
                else:
                    f.value = text
            f.enclosing = enclosing
        return entry

    def __init__(self) -> None:
        super().__init__()
        self._decoded: dict[str, tuple[str, str]] = {}
        self.problems: list[tuple[str, BibEntry, str, str]] = []

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        # Decoding is slow, and slower the longer the text: pass through the values, and then
        # the words, that hold no LaTeX, and decode each word that does once.
        if _LATEX_MARKUP.search(python_string) is None:
            return python_string, ""
        words = _words(python_string)
        if words is None:
            return self._decode(python_string)
        parts = []
        for word in words:
            if _LATEX_MARKUP.search(word) is None:
                parts.append(word)
                continue
            text, error = self._decode(word)
            if error:
                return self._decode(python_string)
            parts.append(text)
        return "".join(parts), ""

    def _decode(self, value: str) -> tuple[str, str]:
        known = self._decoded.get(value)
        if known is None:
            known = self._decoded[value] = super()._transform_python_value_string(value)
        return known


def _field_line(entry: BibEntry, field: str) -> int:
    """The line of the file on which `field = ` stands in `entry`."""
    match = re.search(rf"(?<![\w-]){re.escape(field)}\s*=", entry.raw, re.I)
    return entry.start_line + 1 + (entry.raw[: match.start()].count("\n") if match else 0)


def _reason(error: str) -> str:
    return " ".join(error.split())[:200] or "unknown error"


def _words(value: str) -> list[str] | None:
    """`value` as words and the spaces between them, where decoding each word alone decodes
    the whole; None where math, a comment or a command could reach across a space."""
    if "$" in value or "%" in value:
        return None
    parts: list[str] = []
    position = 0
    while position < len(value):
        match = _SPACE.match(value, position) or _WORD.match(value, position)
        if match is None:  # an unbalanced brace, or braces nested deeper
            return None
        part = match.group()
        if part[0].isspace() and parts and _ENDS_IN_CONTROL_WORD.search(parts[-1]):
            return None  # a command such as `\ss` takes the space after it
        parts.append(part)
        position = match.end()
    return parts


def _to_work(entry: BibEntry, path: str, diagnostics: list[Diagnostic]) -> Work:
    fields = {f.key.lower(): f.value for f in entry.fields}
    position = Position(path, entry.start_line + 1)
    authors = _names(fields.get("author")) or _names(fields.get("editor"))
    organization = _text(fields.get("organization")) or _text(fields.get("institution"))
    missing = [
        name
        for name, present in (
            ("title", fields.get("title")),
            ("year", fields.get("year")),
            ("author, editor or organization", authors or organization),
        )
        if not present
    ]
    if missing:
        diagnostics.append(
            report(
                "bib-missing-field", position, f"'{entry.key}' has no {' and no '.join(missing)}"
            )
        )
    venue = next((_text(fields[name]) for name in _VENUE_FIELDS if fields.get(name)), "")
    url = _text(fields.get("url")) or None
    arxiv = None
    if str(fields.get("archiveprefix", "")).lower() == "arxiv" and fields.get("eprint"):
        arxiv = _text(fields["eprint"])
    elif url and (match := _ARXIV_URL.search(url)):
        arxiv = match.group(1)
    doi = _text(fields.get("doi")) or None
    if doi:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    return Work(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=_text(fields.get("title")),
        authors=tuple(authors) or ((organization,) if organization else ()),
        year=_text(fields.get("year")),
        venue=venue,
        doi=doi,
        arxiv=arxiv,
        url=url,
        position=position,
        retracted=_retraction(fields.get("retracted")),
    )


def _retraction(value: object) -> str | None:
    """The retraction notice of a work, if its `retracted` field says it was retracted."""
    text = _text(value)
    return None if text.lower() in ("", "false", "no", "0") else text


def _names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    names = []
    for parts in value:
        if isinstance(parts, middlewares.NameParts):
            name = " ".join(parts.first + parts.von + parts.last + parts.jr)
        else:
            name = str(parts)
        name = _text(name)
        if name:
            names.append(name)
    return names


def _text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _parse_error(exc: object) -> str:
    reason = getattr(exc, "abort_reason", None) or str(exc)
    reason = " ".join(str(reason).split())
    return (
        f"cannot parse this BibTeX block: {reason}" if reason else "cannot parse this BibTeX block"
    )
