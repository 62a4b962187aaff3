"""BibTeX read as BibTeX and biblatex define it: the parse stack run after bibtexparser splits.

bibtexparser 2 splits a file into blocks and leaves the meaning of values to middlewares.
Its own stack resolves a `@string` only where it is a field's whole value, keeps the first of
two definitions, and decodes LaTeX before names are split (so `{Barnes and Noble}` becomes two
people). These middlewares, on its public `BlockMiddleware` and `LibraryMiddleware`
interface, do what BibTeX, Biber and every reference manager do instead, in this order:

1. `FieldNames`: field names are case-insensitive (`Author`, `AUTHOR`); of a field given
   twice, the first counts, as in BibTeX, and the second is reported; a field "commented
   out" with `%` is left out, as Biber leaves it, and reported.
2. `StringExpansion`: values are expressions: `{...}`, `"..."`, numbers and `@string` names
   joined by `#`. Strings are defined in file order, a redefinition replaces the earlier
   one, and the month names are predefined.
3. `Inheritance`: an entry takes the fields it lacks from its `crossref` parent (a
   proceedings' `title` becoming its papers' `booktitle`) and from its biblatex `xdata`.
4. `ShownFields`: only the fields the site shows are decoded from LaTeX
   (`kb.load.latex`); names are split on the raw value, braces respected, before decoding.

What they find is reported to a shared `Problems`, by line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bibtexparser.library import Library
from bibtexparser.middlewares import BlockMiddleware, LibraryMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    String,
)

from kb.load.latex import decode

# Fields shown as text: decoded from LaTeX. `NAME_FIELDS` are split into people first.
NAME_FIELDS = ("author", "editor")
# The fields a work's venue is taken from, in order of preference.
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "howpublished",
    "publisher",
    "institution",
    "organization",
    "school",
)
TEXT_FIELDS = (
    "title",
    "subtitle",
    *VENUE_FIELDS,
    "location",
    "address",
    "year",
    "date",
    "retracted",
)
SHOWN_FIELDS = frozenset((*NAME_FIELDS, *TEXT_FIELDS))
# Identifiers, read verbatim: `%` in a URL is not a comment, nor `~` a space.
VERBATIM_FIELDS = (
    "url",
    "doi",
    "eprint",
    "arxivid",
    "archiveprefix",
    "eprinttype",
    "primaryclass",
    "eprintclass",
)
# The month names every BibTeX style defines.
_MONTHS = dict(
    zip(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(),
        "January February March April May June July August September October November "
        "December".split(),
        strict=True,
    )
)
# Fields a crossref child never takes from its parent (biblatex's defaults).
_NOT_INHERITED = frozenset(
    "ids crossref xref xdata entryset entrysubtype execute label options presort related "
    "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey".split()
)
# A parent whose `title` is its children's `booktitle` (or `journaltitle`).
_TITLE_BECOMES = {
    **dict.fromkeys(
        "proceedings mvproceedings book mvbook collection mvcollection reference "
        "mvreference".split(),
        "booktitle",
    ),
    "periodical": "journaltitle",
}
_NAME_CHARS = re.compile(r"[^\s\"#%'(),={}]+")
_SPACE = re.compile(r"\s*")
_DELIMITER = re.compile(r'(?<!\\)[{}"]')


class Problems:
    """What the middlewares find, in the order found: (code, 0-based line, the field's name
    or '' for a whole entry, message)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, int, str, str]] = []

    def add(self, code: str, line: int | None, field: str, message: str) -> None:
        self.found.append((code, line or 0, field, message))


class Names(NamedTuple):
    """The people of an `author` or `editor` field, as shown, and whether it ends `and others`."""

    people: tuple[str, ...]
    et_al: bool = False


class FieldNames(BlockMiddleware):
    """Field names in lower case; of a field given twice, the first, as BibTeX keeps it."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)
        self.problems = problems

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        seen: dict[str, Field] = {}
        for field in entry.fields:
            name = field.key.lower()
            if name.startswith("%"):
                self.problems.add(
                    "bib-comment",
                    field.start_line,
                    field.key,
                    f"'{entry.key}' has a field '{field.key}': '%' does not comment out a "
                    "field in BibTeX, which stops reading the entry here; the site ignores it, "
                    "as Biber does: delete the line",
                )
                continue
            first = seen.get(name)
            if first is not None:
                self.problems.add(
                    "bib-duplicate-field",
                    field.start_line,
                    field.key,
                    f"'{entry.key}' gives '{name}' again (first on line "
                    f"{(first.start_line or 0) + 1}); BibTeX uses the first: remove one",
                )
                continue
            field.key = name
            seen[name] = field
        entry.fields = list(seen.values())
        return entry

    def transform_failed_block(self, failed_block, library: Library) -> Block:
        # bibtexparser refuses an entry with a repeated field; BibTeX reads it, with a warning.
        if isinstance(failed_block, DuplicateFieldKeyBlock):
            return self.transform_entry(failed_block.ignore_error_block, library)
        return failed_block


class StringExpansion(LibraryMiddleware):
    """Every value evaluated: `{...}`, `"..."`, numbers and `@string` names joined by `#`."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(allow_inplace_modification=True)
        self.problems = problems

    def transform(self, library: Library) -> Library:
        strings: dict[str, str] = dict(_MONTHS)
        defined_on: dict[str, int] = {}
        blocks: list[Block] = []
        for block in library.blocks:
            if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, String
            ):
                block = block.ignore_error_block
            if isinstance(block, String):
                self._define(block, strings, defined_on)
            elif isinstance(block, Entry):
                for field in block.fields:
                    field.value = self._evaluate(field.value, strings, block.key, field)
                blocks.append(block)
            else:
                blocks.append(block)
        return Library(blocks, fail_on_duplicate_key=False)

    def _define(self, string: String, strings: dict[str, str], defined_on: dict[str, int]) -> None:
        name = string.key.strip().lower()
        line = string.start_line or 0
        if name in defined_on:
            self.problems.add(
                "bib-string-redefined",
                line,
                "@string",
                f"@string '{string.key}' is defined again (first on line "
                f"{defined_on[name] + 1}); entries after this line use the new value",
            )
        defined_on[name] = line
        field = Field(string.key, string.value, start_line=line)
        strings[name] = self._evaluate(string.value, strings, f"@string {string.key}", field)

    def _evaluate(self, value: object, strings: dict[str, str], owner: str, field: Field) -> str:
        """The text of a value expression; an undefined name is empty, as in BibTeX."""
        if not isinstance(value, str):
            return str(value)
        parts: list[str] = []
        at = _SPACE.match(value).end()
        while at < len(value):
            char = value[at]
            if char == "{" or char == '"':
                end = _closing(value, at)
                if end < 0:
                    return self._malformed(value, owner, field)
                parts.append(value[at + 1 : end])
                at = end + 1
            else:
                match = _NAME_CHARS.match(value, at)
                if match is None:
                    return self._malformed(value, owner, field)
                name = match.group()
                at = match.end()
                if name.isdigit():
                    parts.append(name)
                elif name.lower() in strings:
                    parts.append(strings[name.lower()])
                elif field.key in SHOWN_FIELDS:  # a field never shown can go without
                    self.problems.add(
                        "bib-undefined-string",
                        field.start_line,
                        field.key,
                        f"'{name}' in {field.key} of '{owner}' is not a defined @string, so "
                        "BibTeX prints nothing for it; define it with @string or write the "
                        "text in braces",
                    )
            at = _SPACE.match(value, at).end()
            if at < len(value):
                if value[at] != "#":
                    return self._malformed(value, owner, field)
                at = _SPACE.match(value, at + 1).end()
        return "".join(parts)

    def _malformed(self, value: str, owner: str, field: Field) -> str:
        self.problems.add(
            "bib-parse",
            field.start_line,
            field.key,
            f"the value of {field.key} in '{owner}' is not a braced or quoted text, a number "
            "or @string names joined by '#'",
        )
        return value


def _closing(value: str, start: int) -> int:
    """Where the `{...}` or `"..."` part opened at `start` ends, or -1. A brace or quote
    after a backslash is escaped, as bibtexparser's splitter reads it."""
    depth = 0
    quoted = value[start] == '"'
    for mark in _DELIMITER.finditer(value, start + 1):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return -1 if quoted else mark.start()
            depth -= 1
        elif char == '"' and quoted and depth == 0:
            return mark.start()
    return -1


class Inheritance(LibraryMiddleware):
    """The fields an entry lacks, taken from its `crossref` parent and its `xdata` entries."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(allow_inplace_modification=True)
        self.problems = problems

    def transform(self, library: Library) -> Library:
        entries = {entry.key.lower(): entry for entry in library.entries}
        done: set[int] = set()
        for entry in library.entries:
            self._inherit(entry, entries, done, ())
        return library

    def _inherit(
        self, entry: Entry, entries: dict[str, Entry], done: set[int], chain: tuple[str, ...]
    ) -> None:
        if id(entry) in done:
            return
        if entry.key.lower() in chain:
            self.problems.add(
                "bib-crossref",
                entry.start_line,
                "@",
                f"'{entry.key}' inherits from itself through "
                f"{' -> '.join((*chain, entry.key.lower()))}",
            )
            return
        chain = (*chain, entry.key.lower())
        fields = entry.fields_dict
        for name, many in (("xdata", True), ("crossref", False)):
            field = fields.get(name)
            if field is None or not isinstance(field.value, str):
                continue
            keys = [k.strip() for k in field.value.split(",")] if many else [field.value.strip()]
            for key in filter(None, keys):
                parent = entries.get(key.lower())
                if parent is None:
                    self.problems.add(
                        "bib-crossref",
                        field.start_line,
                        name,
                        f"'{entry.key}' takes fields from '{key}' ({name}), which is not in "
                        "the bibliography: add that entry, or copy the fields it provides",
                    )
                    continue
                self._inherit(parent, entries, done, chain)
                _copy_missing(entry, parent, mapped=not many)
        done.add(id(entry))


def _copy_missing(child: Entry, parent: Entry, mapped: bool) -> None:
    """Copy the parent's fields the child lacks (BibTeX), then, for a crossref, the parent's
    title as the child's booktitle (biblatex), if the parent gave no booktitle itself."""
    have = set(child.fields_dict)
    inherited = [(field.key, field) for field in parent.fields]
    if mapped and "title" in parent.fields_dict:
        target = _TITLE_BECOMES.get(parent.entry_type.lower())
        if target:
            inherited.append((target, parent.fields_dict["title"]))
    for name, field in inherited:
        if name not in have and name not in _NOT_INHERITED and name != "title":
            child.fields.append(Field(name, field.value, start_line=field.start_line))
            have.add(name)


class ShownFields(BlockMiddleware):
    """The fields the site shows, decoded: names split first, LaTeX read as text.

    Other fields (abstracts, notes, keywords, files) are left as written and never read."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)
        self.problems = problems
        # Author lists recur (a group's papers, a series): each is read once, if it read cleanly.
        self._clean_names: dict[str, Names] = {}

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        for field in entry.fields:
            if not isinstance(field.value, str):
                continue
            if field.key in NAME_FIELDS:
                known = self._clean_names.get(field.value)
                if known is None:
                    reported = len(self.problems.found)
                    known = self._names(field, entry.key)
                    if len(self.problems.found) == reported:
                        self._clean_names[field.value] = known
                field.value = known
            elif field.key in TEXT_FIELDS:
                field.value = self._text(field.value, field, entry.key)
            elif field.key in VERBATIM_FIELDS:
                field.value = _verbatim(field.value)
        return entry

    def _text(self, value: str, field: Field, key: str) -> str:
        text, unknown = decode(value)
        for command in dict.fromkeys(unknown):
            self.problems.add(
                "bib-latex-command",
                field.start_line,
                field.key,
                f"{field.key} of '{key}' uses the LaTeX command '{command}', which the site "
                f"does not know; it is shown as '{command[1:]}': write the text it stands for",
            )
        return text

    def _names(self, field: Field, key: str) -> Names:
        people: list[str] = []
        et_al = False
        for raw in split_multiple_persons_names(field.value):
            if raw.strip().lower() == "others":
                et_al = True
                continue
            try:
                parts = parse_single_name_into_parts(raw)
                name = " ".join([*parts.first, *parts.von, *parts.last, *parts.jr])
            except InvalidNameError as exc:
                self.problems.add(
                    "bib-name",
                    field.start_line,
                    field.key,
                    f"{field.key} of '{key}': cannot read '{' '.join(raw.split())}' as a name "
                    f"({exc.reason.lower()}); it is shown as written. Write 'Last, First' or "
                    "'First Last', people separated by 'and', an organisation in braces",
                )
                name = raw
            text = self._text(name, field, key)
            if text:
                people.append(text)
        return Names(tuple(people), et_al)


def _verbatim(value: str) -> str:
    """An identifier as written, without the escapes and braces exports add (`\\_`, `{\\&}`)."""
    value = re.sub(r"\\([_%#&$~])", r"\1", value)
    value = re.sub(r"\\url\s*\{([^{}]*)\}", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()
