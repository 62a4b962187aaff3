"""References: `references.bib` parsed by bibtexparser 2 into `Work` values.

Contributors paste exports from Zotero, JabRef, BibDesk, Mendeley, DBLP, ADS or Google
Scholar, so the file is read as BibTeX and biblatex define it (`kb.load.bibtex_middleware`),
and the works a reference manager accepts are accepted here. bibtexparser never raises on
bad input; its failed blocks, and what the middlewares find, become diagnostics with their
lines. Only a work without a title and a key used twice are errors; what the site can show
without (a year, an author) is a warning.

The file is untrusted: it must be a regular file, and at most `MAX_BYTES` of it are read.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from bibtexparser.model import Entry as BibEntry

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load.bibtex_middleware import (
    VENUE_FIELDS,
    FieldNames,
    Inheritance,
    Names,
    Problems,
    ShownFields,
    StringExpansion,
)
from kb.load.encoding import decode_text
from kb.load.files import read_capped
from kb.load.work_links import is_address, work_links
from kb.mathml import MathError, text_with_math
from kb.model import Work

# Real exports with abstracts run to a few hundred kilobytes for a few hundred works.
MAX_BYTES = 16 * 1024 * 1024
_PUBLISHED_BY = frozenset({"publisher", "institution", "organization", "school"})
_YEAR = re.compile(r"\d{4}")
_COMMENTED = re.compile(r"(?m)^[ \t]*%")
_COMMENTED_ENTRY = (
    "'%' does not comment out an entry or a field in BibTeX, which reads the entry anyway: "
    "delete it, or remove its '@' (BibTeX ignores text outside entries)"
)


def load_works(bib_path: Path, path: str) -> tuple[dict[str, Work], list[Diagnostic]]:
    """Parse the bibliography at `bib_path`; `path` is how diagnostics name it."""
    text, problem = read_bibliography(bib_path, path)
    if text is None:
        return {}, [problem]  # type: ignore[list-item]
    return parse_works(text, path)


def read_bibliography(bib_path: Path, path: str) -> tuple[str | None, Diagnostic | None]:
    """The text of the bibliography, or why it cannot be read."""
    try:
        data = read_capped(bib_path, path, MAX_BYTES)
    except FileNotFoundError:
        return None, report("bib-missing", Position(path), "references.bib does not exist")
    except OSError as exc:
        return None, report("bib-missing", Position(path), f"cannot read: {exc.strerror}")
    if isinstance(data, Diagnostic):
        return None, data
    return decode_text(data, path)


def parse_works(text: str, path: str) -> tuple[dict[str, Work], list[Diagnostic]]:
    """The works of a bibliography's text, by slug, and what is wrong with it."""
    # bibtexparser also logs each failed block; they are reported here as diagnostics instead.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    problems = Problems()
    library = bibtexparser.parse_string(
        text,
        parse_stack=[
            FieldNames(problems),
            StringExpansion(problems),
            Inheritance(problems),
            ShownFields(problems),
        ],
    )
    lines = text.split("\n")
    diagnostics = [_failed(block, path, lines) for block in library.failed_blocks]
    for code, line, field, message in problems.found:
        position = Position(path, line + 1, _column(lines, line, field))
        diagnostics.append(report(code, position, message))
    works: dict[str, Work] = {}
    for entry in library.entries:
        if entry.entry_type.lower() == "xdata":
            continue  # biblatex data containers: their fields are in the entries using them
        position = Position(path, entry.start_line + 1, _column(lines, entry.start_line, "@"))
        if not entry.key:
            diagnostics.append(
                report("bib-parse", position, "this entry has no key, so it cannot be cited")
            )
            continue
        if lines[entry.start_line].lstrip().startswith("%"):
            diagnostics.append(report("bib-parse", position, _COMMENTED_ENTRY))
            continue
        work = _to_work(entry, position, diagnostics, lines)
        first = works.get(work.slug)
        if first is not None:
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


def _failed(block: ParsingFailedBlock, path: str, lines: list[str]) -> Diagnostic:
    line = (block.start_line or 0) + 1
    position = Position(path, line, _column(lines, line - 1, "@"))
    if isinstance(block, DuplicateBlockKeyBlock):
        earlier = (getattr(block.previous_block, "start_line", None) or 0) + 1
        return report(
            "bib-duplicate-key",
            position,
            f"key '{block.key}' is used by an earlier entry, on line {earlier}; "
            "remove one, or give it another key",
        )
    message = _parse_error(block.error)
    start = lines[line - 1] if line - 1 < len(lines) else ""
    if start.lstrip().startswith("%") or _COMMENTED.search(block.raw or ""):
        message += "; " + _COMMENTED_ENTRY
    elif "Unexpected block start" in message:
        message += "; is a closing brace missing before the next entry?"
    return report("bib-parse", position, message)


def _column(lines: list[str], index: int, needle: str) -> int:
    if not needle or not 0 <= index < len(lines):
        return 1
    found = lines[index].lower().find(needle.lower())
    return found + 1 if found >= 0 else 1


def _to_work(
    entry: BibEntry, position: Position, diagnostics: list[Diagnostic], lines: list[str]
) -> Work:
    fields = entry.fields_dict
    values = {name: field.value for name, field in fields.items()}
    names = _names(values.get("author")) or _names(values.get("editor")) or Names(())
    organization = _text(values.get("organization")) or _text(values.get("institution"))
    title = _text(values.get("title"))
    if title and _text(values.get("subtitle")):
        title = f"{title}: {_text(values['subtitle'])}"
    year = _text(values.get("year")) or _date_year(_text(values.get("date")))
    if not title:
        diagnostics.append(report("bib-missing-field", position, f"'{entry.key}' has no title"))
    elif "$" in title:
        try:
            text_with_math(title)
        except MathError as exc:
            message = f"the title of '{entry.key}' has math that does not convert: {exc}"
            diagnostics.append(report("bib-math", position, message))
    missing = [
        what
        for what, present in (
            ("year or date", year),
            ("author, editor or organization", names.people or organization),
        )
        if not present
    ]
    if missing:
        diagnostics.append(
            report(
                "bib-incomplete",
                position,
                f"'{entry.key}' has no {' and no '.join(missing)}; "
                "add them from the work's public record",
            )
        )
    links, link_problems = work_links(values)
    for problem in link_problems:
        field = fields[problem.field]
        where = Position(
            position.path,
            (field.start_line or 0) + 1,
            _column(lines, field.start_line or 0, problem.field),
        )
        code = "bib-link" if problem.error else "bib-identifier"
        diagnostics.append(
            report(code, where, f"{problem.field} of '{entry.key}': {problem.message}")
        )
    return Work(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=title,
        authors=names.people or ((organization,) if organization else ()),
        year=year,
        venue=_venue(values),
        doi=links.doi,
        arxiv=links.arxiv,
        url=links.url,
        position=position,
        retracted=_retraction(values.get("retracted")),
        et_al=names.et_al,
    )


def _venue(values: dict[str, object]) -> str:
    """The journal, the book or proceedings, or the publisher with its place (biblatex
    `location`, BibTeX `address`): "Springer, Berlin"."""
    for name in VENUE_FIELDS:
        text = _text(values.get(name))
        if text and not (name == "howpublished" and is_address(text)):
            place = _text(values.get("location")) or _text(values.get("address"))
            if name in _PUBLISHED_BY and place and place not in text:
                return f"{text}, {place}"
            return text
    return ""


def _date_year(date: str) -> str:
    """The year of a biblatex `date` (`2020-05-01`), or the years of a range (`2019/2021`)."""
    years = [match.group() for part in date.split("/") if (match := _YEAR.search(part))]
    if not years:
        return ""
    return years[0] if years[-1] == years[0] else f"{years[0]}–{years[-1]}"


def _retraction(value: object) -> str | None:
    """The retraction notice of a work, if its `retracted` field says it was retracted."""
    text = _text(value)
    return None if text.lower() in ("", "false", "no", "0") else text


def _names(value: object) -> Names | None:
    return value if isinstance(value, Names) and (value.people or value.et_al) else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _parse_error(exc: object) -> str:
    reason = getattr(exc, "abort_reason", None) or str(exc)
    reason = " ".join(str(reason).split()).rstrip(". ")
    return (
        f"cannot parse this BibTeX block: {reason}" if reason else "cannot parse this BibTeX block"
    )
